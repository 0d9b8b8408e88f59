// Telemetry starts here, before kafkajs, pg and http are loaded: main.ts imports this file first.
import { startTelemetry } from '@governor/telemetry';

export const telemetry = startTelemetry('data-quality');
