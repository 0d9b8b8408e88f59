// Bearer tokens of Governor's APIs (docs/contract.md sections 5 and 7): a JWT signed with the configured
// key (an HS256 secret, an RS256 public key, or the keys an OIDC provider publishes at a JWKS URL),
// `sub` the user id and `roles` its roles; `iss` and `aud` checked when configured. Framework-free,
// so the HTTP guard, the CLI and the tests share one implementation. Verification uses jose (remote
// key sets with caching and rotation); minting stays synchronous (jsonwebtoken) for the CLI, demo
// and tests, which only ever mint HS256 development tokens.
import { createRemoteJWKSet, errors, importSPKI, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey, KeyLike } from 'jose';
import jwt from 'jsonwebtoken';

export type TokenKey = (
  | { algorithm: 'HS256'; secret: string }
  | { algorithm: 'RS256'; publicKey: string }
  /** The signing keys of an OIDC provider, fetched (and refetched on an unknown `kid`) from its JWKS. */
  | { algorithm: 'JWKS'; jwksUrl: string }
) & {
  /** When set, a token's `iss` must equal it. */
  issuer?: string;
  /** When set, a token's `aud` must name it. */
  audience?: string;
};

/** Asymmetric algorithms accepted from a JWKS (never `none`, never HS*: a public key is no secret). */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface AuthenticatedUser {
  id: string;
  roles: string[];
}

/** Why a token was refused: stable codes, counted in /metrics and carried into the audit log. */
export const TokenFailures = {
  Missing: 'missing-token',
  Malformed: 'malformed-token',
  BadSignature: 'bad-signature',
  Expired: 'token-expired',
  WrongAudience: 'wrong-audience',
  WrongIssuer: 'wrong-issuer',
  NoSubject: 'no-subject',
  /** A claim other than exp, aud or iss failed (e.g. nbf in the future), or the algorithm is not allowed. */
  Invalid: 'invalid-token',
  /** The JWKS could not be fetched or had no matching key. */
  KeysUnavailable: 'keys-unavailable',
} as const;
export type TokenFailure = (typeof TokenFailures)[keyof typeof TokenFailures];

export class AuthError extends Error {
  readonly code = 'unauthenticated';
  readonly status = 401;

  constructor(
    readonly reason: TokenFailure,
    message: string,
  ) {
    super(message);
  }
}

export type BearerVerifier = (header: string | undefined) => Promise<AuthenticatedUser>;

/**
 * A verifier for one key setting. Make it once (a JWKS verifier caches the provider's keys) and
 * call it per request: it resolves to the user or rejects with an AuthError saying why not.
 */
export function bearerVerifier(key: TokenKey): BearerVerifier {
  const options = {
    algorithms: key.algorithm === 'JWKS' ? JWKS_ALGORITHMS : [key.algorithm],
    ...(key.issuer !== undefined ? { issuer: key.issuer } : {}),
    ...(key.audience !== undefined ? { audience: key.audience } : {}),
  };
  const resolve = keyResolver(key);
  return async (header) => {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new AuthError(TokenFailures.Missing, 'missing bearer token');
    let claims: JWTPayload;
    try {
      claims = (await jwtVerify(match[1], resolve, options)).payload;
    } catch (error) {
      throw authErrorOf(error);
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw new AuthError(TokenFailures.NoSubject, 'invalid token: no subject');
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    return { id: claims.sub, roles };
  };
}

/** One-off verification; a service keeps a bearerVerifier instead. */
export function verifyBearer(header: string | undefined, key: TokenKey): Promise<AuthenticatedUser> {
  return bearerVerifier(key)(header);
}

/** One shape for every key setting: jose asks it for the key of each token. */
function keyResolver(key: TokenKey): JWTVerifyGetKey {
  switch (key.algorithm) {
    case 'HS256': {
      const secret = new TextEncoder().encode(key.secret);
      return async () => secret;
    }
    case 'RS256': {
      let imported: Promise<KeyLike> | undefined;
      return () => (imported ??= importSPKI(key.publicKey, 'RS256'));
    }
    case 'JWKS': {
      return createRemoteJWKSet(new URL(key.jwksUrl));
    }
  }
}

function authErrorOf(error: unknown): AuthError {
  const message = `invalid token: ${(error as Error).message}`;
  if (error instanceof errors.JWTExpired) return new AuthError(TokenFailures.Expired, message);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new AuthError(TokenFailures.WrongAudience, message);
    if (error.claim === 'iss') return new AuthError(TokenFailures.WrongIssuer, message);
    return new AuthError(TokenFailures.Invalid, message);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AuthError(TokenFailures.BadSignature, message);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AuthError(TokenFailures.KeysUnavailable, message);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return new AuthError(TokenFailures.Malformed, message);
  if (error instanceof errors.JOSEError) return new AuthError(TokenFailures.Invalid, message);
  // A network failure fetching the JWKS, or a key that would not import: the token cannot be checked.
  return new AuthError(TokenFailures.KeysUnavailable, message);
}

/** Mints an HS256 token for local use: the CLI, the demo and tests. */
export function mintToken(secret: string, userId: string, roles: string[], expiresInSeconds = 3_600): string {
  return jwt.sign({ roles }, secret, { algorithm: 'HS256', subject: userId, expiresIn: expiresInSeconds });
}
