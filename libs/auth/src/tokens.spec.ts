import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import jwt from 'jsonwebtoken';
import { AuthError, TokenFailures, bearerVerifier, mintToken, verifyBearer } from './tokens';

describe('verifyBearer', () => {
  const key = { algorithm: 'HS256' as const, secret: 'test-secret' };

  it('returns the user and roles of a valid HS256 token', async () => {
    const token = mintToken('test-secret', 'alice', ['approver', 'planner']);
    await expect(verifyBearer(`Bearer ${token}`, key)).resolves.toEqual({ id: 'alice', roles: ['approver', 'planner'] });
  });

  it('refuses a missing header, a wrong signature, an expired token and a token without subject, each with its reason', async () => {
    await expect(verifyBearer(undefined, key)).rejects.toMatchObject({ reason: TokenFailures.Missing });
    await expect(verifyBearer(`Bearer ${mintToken('other-secret', 'alice', [])}`, key)).rejects.toMatchObject({
      reason: TokenFailures.BadSignature,
    });
    await expect(verifyBearer(`Bearer ${mintToken('test-secret', 'alice', [], -10)}`, key)).rejects.toMatchObject({
      reason: TokenFailures.Expired,
    });
    await expect(verifyBearer('Bearer not.a.jwt', key)).rejects.toMatchObject({ reason: TokenFailures.Malformed });
    const noSub = jwt.sign({ roles: ['approver'] }, 'test-secret', { algorithm: 'HS256' });
    await expect(verifyBearer(`Bearer ${noSub}`, key)).rejects.toThrow(/no subject/);
  });

  it('refuses an unsigned token and an HS256 token when RS256 is configured', async () => {
    const unsigned = jwt.sign({ sub: 'mallory', roles: ['governance'] }, '', { algorithm: 'none' });
    await expect(verifyBearer(`Bearer ${unsigned}`, key)).rejects.toThrow(AuthError);
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsKey = { algorithm: 'RS256' as const, publicKey: pem };
    const good = jwt.sign({ sub: 'bob', roles: ['auditor'] }, privateKey, { algorithm: 'RS256' });
    await expect(verifyBearer(`Bearer ${good}`, rsKey)).resolves.toEqual({ id: 'bob', roles: ['auditor'] });
    await expect(verifyBearer(`Bearer ${mintToken(pem, 'eve', ['auditor'])}`, rsKey)).rejects.toThrow(AuthError);
  });

  it('checks iss and aud when they are configured, whatever the key', async () => {
    const strict = { ...key, issuer: 'https://idp.example', audience: 'governor' };
    const sign = (claims: object) => jwt.sign({ roles: ['auditor'], ...claims }, 'test-secret', { algorithm: 'HS256', subject: 'ann' });
    await expect(verifyBearer(`Bearer ${sign({ iss: 'https://idp.example', aud: 'governor' })}`, strict)).resolves.toEqual({
      id: 'ann',
      roles: ['auditor'],
    });
    await expect(verifyBearer(`Bearer ${sign({ iss: 'https://idp.example', aud: 'billing' })}`, strict)).rejects.toMatchObject({
      reason: TokenFailures.WrongAudience,
    });
    await expect(verifyBearer(`Bearer ${sign({ iss: 'https://evil.example', aud: 'governor' })}`, strict)).rejects.toMatchObject({
      reason: TokenFailures.WrongIssuer,
    });
    await expect(verifyBearer(`Bearer ${sign({})}`, strict)).rejects.toThrow(AuthError);
  });
});

describe('bearerVerifier with a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  let fetches = 0;
  const signing = generateKeyPair('ES256');

  beforeAll(async () => {
    const jwk = { ...(await exportJWK((await signing).publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const token = async (kid: string, claims: object = {}) =>
    new SignJWT({ roles: ['operator'], ...claims })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('olga')
      .setIssuer('https://idp.example')
      .setAudience('governor')
      .setExpirationTime('5m')
      .sign((await signing).privateKey);

  it('verifies against the fetched keys once, and refuses an unknown key id', async () => {
    const verify = bearerVerifier({ algorithm: 'JWKS', jwksUrl, issuer: 'https://idp.example', audience: 'governor' });
    await expect(verify(`Bearer ${await token('k1')}`)).resolves.toEqual({ id: 'olga', roles: ['operator'] });
    await expect(verify(`Bearer ${await token('k1')}`)).resolves.toEqual({ id: 'olga', roles: ['operator'] });
    expect(fetches).toBe(1);
    await expect(verify(`Bearer ${await token('k2')}`)).rejects.toMatchObject({ reason: TokenFailures.KeysUnavailable });
  });

  it('never takes an HS256 token signed with the public key as secret', async () => {
    const verify = bearerVerifier({ algorithm: 'JWKS', jwksUrl });
    const forged = jwt.sign({ sub: 'mallory', roles: ['governance'] }, 'anything', { algorithm: 'HS256', keyid: 'k1' });
    await expect(verify(`Bearer ${forged}`)).rejects.toThrow(AuthError);
  });
});
