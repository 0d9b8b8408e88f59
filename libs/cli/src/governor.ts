#!/usr/bin/env node
// `governor`: the operator's command line for daily work against a running Governor. It sends
// GOVERNOR_TOKEN when set; otherwise, against a local Governor on the development secret only, a
// development token with the roles the command needs (governor-commands.ts, cli-credentials.ts).
import { ApiCallError } from './api-client';
import { CliCredentialsError } from './cli-credentials';
import { runCommand } from './governor-commands';

runCommand(process.argv.slice(2), { env: process.env, notice: (message) => process.stderr.write(`${message}\n`) }).then(
  (result) => {
    process.stdout.write(typeof result === 'string' ? `${result}\n` : `${JSON.stringify(result, null, 2)}\n`);
  },
  (error: unknown) => {
    const message = error instanceof ApiCallError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(error instanceof CliCredentialsError ? 78 : error instanceof ApiCallError && error.status < 500 ? 2 : 1);
  },
);
