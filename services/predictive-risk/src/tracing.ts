// Starts OpenTelemetry before kafkajs, pg and http load: main.ts imports this file first.
import { startTelemetry } from '@governor/telemetry';

export const telemetry = startTelemetry('predictive-risk');
