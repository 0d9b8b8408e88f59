// The console's HTTP server: health, sign-in (`/session`), the pass-through to the services
// (`/api/<service>/...`) and the single-page app for everything else.
import { createServer, type Server } from 'node:http';
import type { ConsoleConfig } from '../config';
import { HttpProblem, sendJson, sendProblem } from './http';
import { OidcSignIn } from './oidc-sign-in';
import { passThrough } from './pass-through';
import { SessionRoutes } from './session-routes';
import { sessionIdOf, SessionStore } from './session-store';
import { serveStatic } from './static-files';

export function createConsoleServer(config: ConsoleConfig, log: (line: string) => void): Server {
  const sessions = new SessionStore();
  const sessionRoutes = new SessionRoutes(config.signIn, sessions, config.sessionSeconds);
  const oidc = config.signIn.mode === 'oidc' ? new OidcSignIn(config.signIn, sessions, config.sessionSeconds) : undefined;
  return createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?')[0];
    const handled = (async () => {
      if (pathname === '/health/live' || pathname === '/health/ready') return sendJson(response, 200, { status: 'ok' });
      if (pathname === '/session') return sessionRoutes.handle(request, response);
      if (pathname === '/session/mode') return sessionRoutes.mode(response);
      if (pathname === '/session/oidc' || pathname === '/session/oidc/callback') {
        if (!oidc) throw new HttpProblem(404, 'no-identity-provider', 'this console signs people in with the development form');
        return pathname === '/session/oidc' ? oidc.start(response) : oidc.callback(request, response);
      }
      if (pathname === '/api' || pathname.startsWith('/api/')) {
        return passThrough(request, response, sessions.get(sessionIdOf(request.headers.cookie)));
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpProblem(405, 'method-not-allowed', `${request.method} ${pathname}`);
      return serveStatic(config.webDir, request, response);
    })();
    handled.catch((error: unknown) => {
      if (error instanceof HttpProblem) return sendProblem(response, error);
      log(`${request.method} ${pathname} failed: ${(error as Error).stack}`);
      if (!response.headersSent) sendProblem(response, new HttpProblem(500, 'internal-error', 'the console failed; see its log'));
      else response.destroy();
    });
  });
}
