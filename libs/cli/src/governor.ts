#!/usr/bin/env node
// `governor`: the operator's command line for daily work against a running Governor. It sends
// GOVERNOR_TOKEN when set; otherwise, against a local Governor on the development secret only, a
// development token with the roles the command needs (governor-commands.ts, cli-credentials.ts).
import { ApiCallError } from './api-client';
import { CliCredentialsError } from './cli-credentials';
import { runCommand, UsageError } from './governor-commands';

// Exit codes: 64 a command line that does not fit (EX_USAGE), 78 no usable token (EX_CONFIG),
// 2 the service refused the request (4xx), 1 anything else.
function exitCode(error: unknown): number {
  if (error instanceof UsageError) return 64;
  if (error instanceof CliCredentialsError) return 78;
  return error instanceof ApiCallError && error.status < 500 ? 2 : 1;
}

runCommand(process.argv.slice(2), {
  env: process.env,
  notice: (message) => process.stderr.write(`${message}\n`),
  print: (text) => process.stdout.write(`${text}\n`),
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = exitCode(error);
});
