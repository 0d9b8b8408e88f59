// Which token the `governor` command sends. A person's own token (GOVERNOR_TOKEN, e.g. from the
// organisation's OIDC provider) whenever there is one. Without it, the CLI mints a token only for
// local development, where services check tokens with the development secret (no
// GOVERNOR_JWT_SECRET, or the development default): for GOVERNOR_USER, with only the roles the
// command needs, and it says so. Anywhere a real key is configured it will not pretend to be anyone:
// it stops and asks for GOVERNOR_TOKEN.
import { DEFAULT_JWT_SECRET } from '@governor/config';

export type CliCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'development'; secret: string; user: string; roles: string[]; notice: string };

export class CliCredentialsError extends Error {
  readonly code = 'token-required';
}

export const DEFAULT_CLI_USER = 'u-local-operator';

const REAL_KEY_VARIABLES = ['GOVERNOR_JWT_PUBLIC_KEY', 'GOVERNOR_JWT_JWKS_URL'] as const;

export function cliCredentials(env: NodeJS.ProcessEnv, roles: readonly string[]): CliCredentials {
  const token = env.GOVERNOR_TOKEN?.trim();
  if (token) return { kind: 'token', token };
  const secret = env.GOVERNOR_JWT_SECRET || undefined;
  const realKey = REAL_KEY_VARIABLES.find((name) => env[name]);
  if (realKey !== undefined || (secret !== undefined && secret !== DEFAULT_JWT_SECRET)) {
    throw new CliCredentialsError(
      `${realKey ?? 'GOVERNOR_JWT_SECRET'} is set: the services check real tokens, and the CLI mints only development ones. ` +
        'Set GOVERNOR_TOKEN to your own token (e.g. from your identity provider).',
    );
  }
  const user = env.GOVERNOR_USER || DEFAULT_CLI_USER;
  return {
    kind: 'development',
    secret: DEFAULT_JWT_SECRET,
    user,
    roles: [...roles],
    notice:
      `governor: no GOVERNOR_TOKEN; using a development token for ${user} ` +
      `(roles: ${roles.length > 0 ? roles.join(', ') : 'none'}) signed with the local development secret`,
  };
}
