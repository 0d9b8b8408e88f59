// First import of main.ts: telemetry starts before http and pg are loaded, so the ERP's spans
// continue the traces that execution-adapters' calls carry in their traceparent header.
import { startTelemetry } from '@governor/telemetry';

export const telemetry = startTelemetry('simulated-erp');
