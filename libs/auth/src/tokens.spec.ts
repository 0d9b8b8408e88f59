import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthError, mintToken, verifyBearer } from './tokens';

describe('verifyBearer', () => {
  const key = { algorithm: 'HS256' as const, secret: 'test-secret' };

  it('returns the user and roles of a valid HS256 token', () => {
    const token = mintToken('test-secret', 'alice', ['approver', 'planner']);
    expect(verifyBearer(`Bearer ${token}`, key)).toEqual({ id: 'alice', roles: ['approver', 'planner'] });
  });

  it('refuses a missing header, a wrong signature, an expired token and a token without subject', () => {
    expect(() => verifyBearer(undefined, key)).toThrow(AuthError);
    expect(() => verifyBearer(`Bearer ${mintToken('other-secret', 'alice', [])}`, key)).toThrow(/invalid signature/);
    expect(() => verifyBearer(`Bearer ${mintToken('test-secret', 'alice', [], -10)}`, key)).toThrow(/jwt expired/);
    const noSub = jwt.sign({ roles: ['approver'] }, 'test-secret', { algorithm: 'HS256' });
    expect(() => verifyBearer(`Bearer ${noSub}`, key)).toThrow(/no subject/);
  });

  it('refuses an unsigned token and an HS256 token when RS256 is configured', () => {
    const unsigned = jwt.sign({ sub: 'mallory', roles: ['governance'] }, '', { algorithm: 'none' });
    expect(() => verifyBearer(`Bearer ${unsigned}`, key)).toThrow(AuthError);
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsKey = { algorithm: 'RS256' as const, publicKey: pem };
    const good = jwt.sign({ sub: 'bob', roles: ['auditor'] }, privateKey, { algorithm: 'RS256' });
    expect(verifyBearer(`Bearer ${good}`, rsKey)).toEqual({ id: 'bob', roles: ['auditor'] });
    expect(() => verifyBearer(`Bearer ${mintToken(pem, 'eve', ['auditor'])}`, rsKey)).toThrow(AuthError);
  });
});
