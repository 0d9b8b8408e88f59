// Bearer tokens of Governor's APIs (CONTRACT.md section 5): a JWT signed with the configured key
// (HS256 secret or RS256 public key), `sub` the user id and `roles` its roles. Framework-free, so
// the HTTP guard, the CLI and the tests share one implementation.
import jwt from 'jsonwebtoken';

export type TokenKey = { algorithm: 'HS256'; secret: string } | { algorithm: 'RS256'; publicKey: string };

export interface AuthenticatedUser {
  id: string;
  roles: string[];
}

export class AuthError extends Error {
  readonly code = 'unauthenticated';
  readonly status = 401;
}

/** The user a `Bearer <JWT>` header names, or an AuthError saying why not. */
export function verifyBearer(header: string | undefined, key: TokenKey): AuthenticatedUser {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new AuthError('missing bearer token');
  let claims: jwt.JwtPayload | string;
  try {
    claims =
      key.algorithm === 'HS256'
        ? jwt.verify(match[1], key.secret, { algorithms: ['HS256'] })
        : jwt.verify(match[1], key.publicKey, { algorithms: ['RS256'] });
  } catch (error) {
    throw new AuthError(`invalid token: ${(error as Error).message}`);
  }
  if (typeof claims === 'string' || typeof claims.sub !== 'string' || claims.sub === '') {
    throw new AuthError('invalid token: no subject');
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  return { id: claims.sub, roles };
}

/** Mints an HS256 token for local use: the CLI, the demo and tests. */
export function mintToken(secret: string, userId: string, roles: string[], expiresInSeconds = 3_600): string {
  return jwt.sign({ roles }, secret, { algorithm: 'HS256', subject: userId, expiresIn: expiresInSeconds });
}
