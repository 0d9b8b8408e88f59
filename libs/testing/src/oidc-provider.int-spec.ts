// Tokens from a real OpenID Connect provider (oidc-provider, started as a process by OidcProvider)
// verified by @governor/auth against its JWKS with its issuer and the API's audience; refused when
// expired, meant for another API or checked for another issuer. (Here rather than in libs/auth:
// @governor/testing already depends on @governor/auth.)
import { decodeJwt } from 'jose';
import { bearerVerifier, TokenFailures } from '@governor/auth';
import { OidcProvider } from './oidc-provider';

const API = 'urn:governor:api';

describe('bearerVerifier with tokens of a real OIDC provider', () => {
  let provider: OidcProvider;

  beforeAll(async () => {
    provider = await OidcProvider.start({
      clients: [{ id: 'ann-auditor', secret: 'ann-secret-0123456789abcdef0123456789', roles: ['auditor'] }],
      resources: {
        [API]: { audience: API, ttlSeconds: 300 },
        'urn:governor:api:short': { audience: API, ttlSeconds: 1 },
        'urn:billing:api': { audience: 'urn:billing:api', ttlSeconds: 300 },
      },
    });
  });

  afterAll(() => provider?.stop());

  it('takes the user from sub and the roles from the roles claim', async () => {
    const verify = bearerVerifier({ algorithm: 'JWKS', jwksUrl: await provider.jwksUri(), issuer: provider.issuer, audience: API });
    const token = await provider.token('ann-auditor', API);
    expect(decodeJwt(token)).toMatchObject({ iss: provider.issuer, aud: API, sub: 'ann-auditor' });
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ id: 'ann-auditor', roles: ['auditor'] });
  });

  it('refuses an expired token, one for another audience and one from another issuer', async () => {
    const jwksUrl = await provider.jwksUri();
    const verify = bearerVerifier({ algorithm: 'JWKS', jwksUrl, issuer: provider.issuer, audience: API });
    const short = await provider.token('ann-auditor', 'urn:governor:api:short');
    await new Promise((r) => setTimeout(r, 2_100));
    await expect(verify(`Bearer ${short}`)).rejects.toMatchObject({ reason: TokenFailures.Expired });
    await expect(verify(`Bearer ${await provider.token('ann-auditor', 'urn:billing:api')}`)).rejects.toMatchObject({
      reason: TokenFailures.WrongAudience,
    });
    const elsewhere = bearerVerifier({ algorithm: 'JWKS', jwksUrl, issuer: 'https://idp.example', audience: API });
    await expect(elsewhere(`Bearer ${await provider.token('ann-auditor', API)}`)).rejects.toMatchObject({ reason: TokenFailures.WrongIssuer });
  });
});
