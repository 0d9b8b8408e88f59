// Starts OpenTelemetry before kafkajs, pg and http load; main.ts imports this file first.
import { startTelemetry } from '@governor/telemetry';
import { SERVICE_NAME } from './config';

export const telemetry = startTelemetry(SERVICE_NAME);
