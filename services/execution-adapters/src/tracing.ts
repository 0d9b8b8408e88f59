// First import of main.ts: telemetry starts before kafkajs, pg and http are loaded.
import { startTelemetry } from '@governor/telemetry';

export const telemetry = startTelemetry('execution-adapters');
