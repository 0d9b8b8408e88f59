// An OpenID Connect provider (panva's oidc-provider) for the console's sign-in tests, as a process
// of its own (ESM-only; see libs/testing/fixtures/oidc-provider.mjs). Unlike that machine-client
// fixture, people sign in here: the authorization-code flow with PKCE, the library's development
// login and consent pages (any login name is the account id, the password is ignored), and JWT
// access tokens for one resource (RFC 8707) carrying `roles` by account. One JSON argument:
//   {"clientId", "redirectUri", "resource", "audience", "roles": {"<account>": ["role", ...]}}
// Prints `oidc-provider ready <issuer>` once it answers.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2]);

let handle = (_req, res) => {
  res.statusCode = 503;
  res.end();
};
const server = createServer((req, res) => handle(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-rs256', use: 'sig', alg: 'RS256' };
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.clientId,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [config.redirectUri],
      scope: 'openid api',
    },
  ],
  jwks: { keys: [signingKey] },
  scopes: ['openid', 'api'],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => config.resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== config.resource) throw new Error(`unknown resource ${resource}`);
        return { scope: 'api', audience: config.audience, accessTokenTTL: 600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  extraTokenClaims: (_ctx, token) => ({ roles: config.roles[token.accountId] ?? [] }),
});
handle = provider.callback();
process.stdout.write(`oidc-provider ready ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
