// How API tokens are checked (docs/contract.md sections 5 and 7): one key setting, an HS256 secret
// (GOVERNOR_JWT_SECRET, the local default when nothing is set), an RS256 public key
// (GOVERNOR_JWT_PUBLIC_KEY) or an OIDC provider's JWKS (GOVERNOR_JWT_JWKS_URL); and, for any of them,
// the issuer and audience a token must name (GOVERNOR_JWT_ISSUER, GOVERNOR_JWT_AUDIENCE).
import type { EnvReader } from './env-reader';

export const DEFAULT_JWT_SECRET = 'governor-dev-secret';

export type JwtConfig = (
  | { algorithm: 'HS256'; secret: string }
  | { algorithm: 'RS256'; publicKey: string }
  | { algorithm: 'JWKS'; jwksUrl: string }
) & { issuer?: string; audience?: string };

const KEY_VARIABLES = ['GOVERNOR_JWT_SECRET', 'GOVERNOR_JWT_PUBLIC_KEY', 'GOVERNOR_JWT_JWKS_URL'] as const;

export function readJwtConfig(reader: EnvReader): { jwt: JwtConfig; usingDefaultJwtSecret: boolean } {
  const secret = reader.optionalString('GOVERNOR_JWT_SECRET');
  const publicKey = reader.optionalString('GOVERNOR_JWT_PUBLIC_KEY');
  const jwksUrl = reader.optionalString('GOVERNOR_JWT_JWKS_URL');
  const set = KEY_VARIABLES.filter((_, i) => [secret, publicKey, jwksUrl][i] !== undefined);
  if (set.length > 1) {
    reader.problem(set[1], `set only one of ${KEY_VARIABLES.join(', ')}; ${set.join(' and ')} are both set`);
  }
  if (publicKey !== undefined && !publicKey.includes('BEGIN PUBLIC KEY')) {
    reader.problem('GOVERNOR_JWT_PUBLIC_KEY', 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }
  if (jwksUrl !== undefined) {
    reader.url('GOVERNOR_JWT_JWKS_URL', ['http', 'https']);
  }
  const issuer = reader.optionalString('GOVERNOR_JWT_ISSUER');
  const audience = reader.optionalString('GOVERNOR_JWT_AUDIENCE');
  if (issuer !== undefined && issuer.trim() !== issuer) reader.problem('GOVERNOR_JWT_ISSUER', 'must not start or end with spaces');
  if (audience !== undefined && audience.trim() !== audience) reader.problem('GOVERNOR_JWT_AUDIENCE', 'must not start or end with spaces');
  const key: JwtConfig =
    jwksUrl !== undefined
      ? { algorithm: 'JWKS', jwksUrl }
      : publicKey !== undefined
        ? { algorithm: 'RS256', publicKey }
        : { algorithm: 'HS256', secret: secret ?? DEFAULT_JWT_SECRET };
  return {
    jwt: { ...key, ...(issuer !== undefined ? { issuer } : {}), ...(audience !== undefined ? { audience } : {}) },
    usingDefaultJwtSecret: set.length === 0,
  };
}
