// What every command's action is given (governor-commands.ts builds it once per run): an API
// client minted with only the roles that command needs, and where its answer goes.
import type { ApiClient, ServiceName } from './api-client';
import { query } from './cli-args';

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  /** Where the CLI says which token it uses (stderr). */
  notice(message: string): void;
  /** Where what a person reads goes (stdout); without it, runCommand only returns the answer. */
  print?(text: string): void;
}

/** Draws an answer for people; `--json` prints the answer itself instead. */
export type Render<T> = (answer: T) => string;

export interface CommandContext {
  io: CommandIo;
  /** A client whose development token (if it mints one) carries these roles and no more. */
  api(roles: readonly string[]): ApiClient;
  /** The command's answer, and how to show it (without a render: text as it is, anything else as JSON). */
  answer<T>(value: T, render?: Render<T>): void;
}

/**
 * A paged list (docs/contract.md section 7, "Lists page"): with `limit`, that one page; without,
 * every page, following the Link headers.
 */
export function fetchList<T>(api: ApiClient, service: ServiceName, path: string, params: Record<string, string | undefined>, limit: string | undefined): Promise<T[]> {
  return limit === undefined
    ? api.callAll<T>(service, `${path}${query(params)}`)
    : api.call<T[]>(service, 'GET', `${path}${query({ ...params, limit })}`);
}
