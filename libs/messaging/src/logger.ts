// The small logging surface the messaging layer needs. Services pass their own logger (one JSON line
// per event, with the trace id); the default writes JSON lines to stderr.
import { activeTraceId } from '@governor/telemetry';

export interface Logger {
  info(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
  error(message: string, fields?: object): void;
}

export function jsonLogger(component: string, stream: NodeJS.WritableStream = process.stderr): Logger {
  const write = (level: string, message: string, fields?: object) => {
    const traceId = activeTraceId();
    stream.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, component, message, ...(traceId ? { traceId } : {}), ...fields })}\n`,
    );
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
