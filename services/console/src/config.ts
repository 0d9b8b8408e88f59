// Configuration of the console, read once at start-up. It has no Kafka and no database: only its
// port, where the built single-page app is, the token setting the services check (libs/config), and,
// so whether it may mint development tokens.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfigOrExit, portVariable, readJwtConfig, type EnvReader, type Env } from '@governor/config';

export const SERVICE_NAME = 'console';
export const DEFAULT_PORT = 3000;

/** dist/services/console/src/main.js serves dist/services/console/web, where Vite puts the app. */
const DEFAULT_WEB_DIR = path.resolve(__dirname, '../web');

export type SignInConfig =
  /** The local development secret: the console mints tokens for whoever signs in (for development only). */
  | { mode: 'development'; secret: string }
  /**
   * A public key or an identity provider's JWKS: tokens come from the organisation's identity
   * provider and the console never mints one. (Its authorization-code sign-in is not built yet;
   * until then the development sign-in is refused.)
   */
  | { mode: 'oidc' };

export function readConsoleConfig(r: EnvReader) {
  const httpPort = r.int(portVariable(SERVICE_NAME), { default: DEFAULT_PORT, min: 1, max: 65535 });
  const { jwt } = readJwtConfig(r);
  const webDir = r.string('CONSOLE_WEB_DIR', { default: DEFAULT_WEB_DIR });
  if (!existsSync(path.join(webDir, 'index.html'))) r.problem('CONSOLE_WEB_DIR', `${webDir} has no index.html (npm run build makes it)`);
  const signIn: SignInConfig = jwt.algorithm === 'HS256' ? { mode: 'development', secret: jwt.secret } : { mode: 'oidc' };
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
