// The browser leg of the OIDC authorization-code flow with PKCE (RFC 7636): a random verifier
// kept server-side, its S256 challenge sent with the request, and the URL the person is sent to.
import { createHash, randomBytes } from 'node:crypto';

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface AuthorizationRequest {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  verifier: string;
  /** The API the access token is for (RFC 8707), when the provider needs it named. */
  resource?: string;
}

export function authorizationUrl(request: AuthorizationRequest): string {
  const url = new URL(request.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', request.scope);
  url.searchParams.set('state', request.state);
  url.searchParams.set('code_challenge', challengeOf(request.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (request.resource !== undefined) url.searchParams.set('resource', request.resource);
  return url.toString();
}
