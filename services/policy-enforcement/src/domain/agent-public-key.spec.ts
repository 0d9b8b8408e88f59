import { generateKeyPairSync } from 'node:crypto';
import { AgentKeyErrors, checkAgentPublicKey } from './agent-public-key';

const ed25519 = generateKeyPairSync('ed25519');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const edPublic = ed25519.publicKey.export({ format: 'jwk' });
const edX = String(edPublic.x);
const ecPublic = p256.publicKey.export({ format: 'jwk' });

describe('an agent public key (PUT /agents publicKey)', () => {
  it('accepts Ed25519 and P-256 public JWKs and keeps only the members that make the key', () => {
    expect(checkAgentPublicKey({ ...edPublic, kid: 'k-1', use: 'sig', extra: 'dropped' })).toEqual({
      ok: true,
      key: { kty: 'OKP', crv: 'Ed25519', x: edPublic.x, alg: 'EdDSA', kid: 'k-1' },
    });
    expect(checkAgentPublicKey({ ...ecPublic, alg: 'ES256' })).toEqual({
      ok: true,
      key: { kty: 'EC', crv: 'P-256', x: ecPublic.x, y: ecPublic.y, alg: 'ES256' },
    });
  });

  it('requires a key', () => {
    expect(checkAgentPublicKey(undefined)).toMatchObject({ ok: false, code: AgentKeyErrors.Required });
    expect(checkAgentPublicKey(null)).toMatchObject({ ok: false, code: AgentKeyErrors.Required });
  });

  it('refuses a JWK with private parts, whatever else it is', () => {
    expect(checkAgentPublicKey(ed25519.privateKey.export({ format: 'jwk' }))).toMatchObject({
      ok: false,
      code: AgentKeyErrors.Private,
    });
    expect(checkAgentPublicKey(p256.privateKey.export({ format: 'jwk' }))).toMatchObject({
      ok: false,
      code: AgentKeyErrors.Private,
    });
    expect(checkAgentPublicKey({ kty: 'oct', k: 'c2VjcmV0' })).toMatchObject({ ok: false, code: AgentKeyErrors.Private });
  });

  it.each([
    ['a string', 'not a jwk'],
    ['an array', [edPublic]],
    ['RSA', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }],
    ['X25519 (not a signing curve)', { ...edPublic, crv: 'X25519' }],
    ['P-384', { ...ecPublic, crv: 'P-384' }],
    ['a short x', { ...edPublic, x: edX.slice(1) }],
    ['x that is not base64url', { ...edPublic, x: `${edX.slice(1)}+` }],
    ['an EC key without y', { kty: 'EC', crv: 'P-256', x: ecPublic.x }],
    ['the wrong alg', { ...edPublic, alg: 'ES256' }],
    ['a kid that is not a string', { ...edPublic, kid: 7 }],
  ])('refuses %s as invalid', (_name, value) => {
    expect(checkAgentPublicKey(value)).toMatchObject({ ok: false, code: AgentKeyErrors.Invalid });
  });
});
