import { authorizationUrl, challengeOf } from './pkce';

describe('PKCE', () => {
  it('derives the S256 challenge as RFC 7636 appendix B does', () => {
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('asks for a code with the challenge, the state and the resource', () => {
    const url = new URL(
      authorizationUrl({
        authorizationEndpoint: 'https://idp.example/auth?tenant=t1',
        clientId: 'governor-console',
        redirectUri: 'http://127.0.0.1:3000/session/oidc/callback',
        scope: 'openid api',
        state: 'st',
        verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        resource: 'urn:governor:api',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 't1',
      response_type: 'code',
      client_id: 'governor-console',
      redirect_uri: 'http://127.0.0.1:3000/session/oidc/callback',
      scope: 'openid api',
      state: 'st',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      resource: 'urn:governor:api',
    });
  });
});
