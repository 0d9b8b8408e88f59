import { loadConfig, readJwtConfig } from '.';

const read = (env: Record<string, string>) => loadConfig((r) => readJwtConfig(r), env);
const PEM = '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----';

describe('readJwtConfig', () => {
  it('uses the local development secret when no key is set', () => {
    expect(read({})).toEqual({ jwt: { algorithm: 'HS256', secret: 'governor-dev-secret' }, usingDefaultJwtSecret: true });
  });

  it('reads an OIDC provider JWKS URL with issuer and audience', () => {
    expect(
      read({ GOVERNOR_JWT_JWKS_URL: 'https://idp.example/jwks', GOVERNOR_JWT_ISSUER: 'https://idp.example', GOVERNOR_JWT_AUDIENCE: 'governor' }),
    ).toEqual({
      jwt: { algorithm: 'JWKS', jwksUrl: 'https://idp.example/jwks', issuer: 'https://idp.example', audience: 'governor' },
      usingDefaultJwtSecret: false,
    });
  });

  it('checks issuer and audience for a secret and a public key too', () => {
    expect(read({ GOVERNOR_JWT_SECRET: 's', GOVERNOR_JWT_AUDIENCE: 'governor' }).jwt).toEqual({
      algorithm: 'HS256',
      secret: 's',
      audience: 'governor',
    });
    expect(read({ GOVERNOR_JWT_PUBLIC_KEY: PEM, GOVERNOR_JWT_ISSUER: 'https://idp.example' }).jwt).toEqual({
      algorithm: 'RS256',
      publicKey: PEM,
      issuer: 'https://idp.example',
    });
  });

  it('stops on a bad URL, a bad PEM or two key settings, naming the variable', () => {
    expect(() => read({ GOVERNOR_JWT_JWKS_URL: 'idp/jwks' })).toThrow(/GOVERNOR_JWT_JWKS_URL: must be a URL/);
    expect(() => read({ GOVERNOR_JWT_JWKS_URL: 'ftp://idp/jwks' })).toThrow(/GOVERNOR_JWT_JWKS_URL: must use http or https/);
    expect(() => read({ GOVERNOR_JWT_PUBLIC_KEY: 'abc' })).toThrow(/GOVERNOR_JWT_PUBLIC_KEY: must be a PEM public key/);
    expect(() => read({ GOVERNOR_JWT_SECRET: 's', GOVERNOR_JWT_JWKS_URL: 'https://idp.example/jwks' })).toThrow(
      /GOVERNOR_JWT_JWKS_URL: set only one of/,
    );
    expect(() => read({ GOVERNOR_JWT_AUDIENCE: ' governor' })).toThrow(/GOVERNOR_JWT_AUDIENCE/);
  });
});
