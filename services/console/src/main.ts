// The operator console (issue 22): a small node:http process that serves the built single-page app
// and passes its calls through to the services with the signed-in person's token. It answers on
// PORT_CONSOLE (3000); it has no Kafka and no database.
import { createConsoleServer } from './app/console-server';
import { loadConsoleConfig } from './config';

function main(): void {
  const config = loadConsoleConfig();
  const log = (line: string) => process.stdout.write(`${JSON.stringify({ service: config.serviceName, at: new Date().toISOString(), msg: line })}\n`);
  const server = createConsoleServer(config, log);
  server.once('error', (error) => {
    process.stderr.write(`console failed to start: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(config.httpPort, config.httpHost, () => {
    log(`ready on http://${config.httpHost}:${config.httpPort} (sign-in: ${config.signIn.mode})`);
  });
  const stop = (signal: string) => {
    log(`${signal}: stopping`);
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main();
