// The image's HEALTHCHECK: GET /health/live of the process this container runs (SERVICE), on the
// port it listens on (PORT_<SERVICE>, else its default from the deployment catalogue).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { PROCESSES } = require('./dist/deploy/src/catalogue.js');
const { DEFAULT_PORTS } = require('./dist/libs/cli/src/api-client.js');

const service = process.env.SERVICE ?? '';
const variable = `PORT_${service.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
const port = process.env[variable] ?? PROCESSES.find((p) => p.name === service)?.port ?? DEFAULT_PORTS[service];
try {
  const response = await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
