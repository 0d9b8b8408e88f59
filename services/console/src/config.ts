// Configuration of the console, read once at start-up. It has no Kafka and no database: only its
// port, where the built single-page app is, the token setting the services check (libs/config), and,
// so whether it may mint development tokens.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfigOrExit, portVariable, readJwtConfig, type EnvReader, type Env, type JwtConfig } from '@governor/config';

export const SERVICE_NAME = 'console';
export const DEFAULT_PORT = 3000;

/** dist/services/console/src/main.js serves dist/services/console/web, where Vite puts the app. */
const DEFAULT_WEB_DIR = path.resolve(__dirname, '../web');

export type SignInConfig =
  /** The local development secret: the console mints tokens for whoever signs in (for development only). */
  | { mode: 'development'; secret: string }
  /**
   * A public key or an identity provider's JWKS: people sign in at the organisation's identity
   * provider (authorization code with PKCE) and the console keeps the access token it issues,
   * checked as the services check it (`jwt`); it never mints one.
   */
  | {
      mode: 'oidc';
      jwt: JwtConfig;
      issuer: string;
      clientId: string;
      /** For a confidential client; a public client (PKCE alone) has none. */
      clientSecret?: string;
      scope: string;
      /** The resource indicator (RFC 8707) of Governor's APIs, when the provider needs one. */
      resource?: string;
      /** Where the provider sends people back: `<CONSOLE_PUBLIC_URL>/session/oidc/callback`. */
      redirectUri: string;
    };

function readSignIn(r: EnvReader, jwt: JwtConfig, httpPort: number): SignInConfig {
  if (jwt.algorithm === 'HS256') return { mode: 'development', secret: jwt.secret };
  // Required here: with a public key or a JWKS the console cannot mint, so people sign in at the provider.
  const publicUrl = r.url('CONSOLE_PUBLIC_URL', ['http', 'https'], { default: `http://127.0.0.1:${httpPort}` });
  const clientSecret = r.optionalString('GOVERNOR_OIDC_CLIENT_SECRET');
  const resource = r.optionalString('GOVERNOR_OIDC_RESOURCE');
  return {
    mode: 'oidc',
    jwt,
    issuer: (r.url('GOVERNOR_OIDC_ISSUER', ['http', 'https']) ?? '').replace(/\/$/, ''),
    clientId: r.string('GOVERNOR_OIDC_CLIENT_ID'),
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    scope: r.string('GOVERNOR_OIDC_SCOPE', { default: 'openid' }),
    ...(resource !== undefined ? { resource } : {}),
    redirectUri: `${(publicUrl ?? '').replace(/\/$/, '')}/session/oidc/callback`,
  };
}

export function readConsoleConfig(r: EnvReader) {
  const httpPort = r.int(portVariable(SERVICE_NAME), { default: DEFAULT_PORT, min: 1, max: 65535 });
  const { jwt } = readJwtConfig(r);
  const webDir = r.string('CONSOLE_WEB_DIR', { default: DEFAULT_WEB_DIR });
  if (!existsSync(path.join(webDir, 'index.html'))) r.problem('CONSOLE_WEB_DIR', `${webDir} has no index.html (npm run build makes it)`);
  const signIn = readSignIn(r, jwt, httpPort);
  return {
    serviceName: SERVICE_NAME,
    httpHost: r.string('CONSOLE_HTTP_HOST', { default: '127.0.0.1' }),
    httpPort,
    webDir,
    signIn,
    sessionSeconds: r.int('CONSOLE_SESSION_HOURS', { default: 8, min: 1, max: 24 }) * 3_600,
  };
}

export type ConsoleConfig = ReturnType<typeof readConsoleConfig>;

export function loadConsoleConfig(env: Env = process.env): ConsoleConfig {
  return loadConfigOrExit(readConsoleConfig, env);
}
