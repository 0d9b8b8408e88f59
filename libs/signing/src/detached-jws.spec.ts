// Detached signatures over canonical JSON: what verifies, and each way a forgery is told apart.
import { compactVerify, importJWK, base64url, type KeyLike } from 'jose';
import { canonicalPayload, generateSigningKey, publicJwks, signDetached, SignatureFailures, verifyDetachedWithJwk, verifyDetachedWithJwks } from '.';

const data = { actionId: 'act-1', parameters: { quantity: 400, amount: 5123.5, sku: 'SKU-1' }, approval: { approvers: ['u-1'] } };

describe('detached JWS over RFC 8785 canonical JSON', () => {
  it('canonicalises key order and number forms, as RFC 8785 says', () => {
    expect(new TextDecoder().decode(canonicalPayload({ b: 1, a: [1e2, 'x'], c: { z: 1.0, y: -0 } }))).toBe('{"a":[100,"x"],"b":1,"c":{"y":0,"z":1}}');
  });

  it('signs with Ed25519 and ES256 as header..signature, and verifies against the JWK and the JWKS', async () => {
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const key = await generateSigningKey(alg);
      const signature = await signDetached(data, key);
      expect(signature).toMatch(/^[\w-]+\.\.[\w-]+$/);
      expect(await verifyDetachedWithJwk(signature, structuredClone(data), key.publicJwk)).toEqual({ ok: true, kid: key.kid });
      expect(await verifyDetachedWithJwks(signature, { ...data }, publicJwks([key]))).toEqual({ ok: true, kid: key.kid });
    }
  });

  it('is a plain JWS to any JOSE library once the canonical payload is put back', async () => {
    const key = await generateSigningKey();
    const [header, , sig] = (await signDetached(data, key)).split('.');
    const jws = `${header}.${base64url.encode(canonicalPayload(data))}.${sig}`;
    const verified = await compactVerify(jws, (await importJWK(key.publicJwk, 'EdDSA')) as KeyLike);
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(data);
  });

  it('refuses an unsigned event, another key, changed data and a malformed signature, each with its code', async () => {
    const key = await generateSigningKey();
    const other = await generateSigningKey();
    const signature = await signDetached(data, key);
    const jwks = publicJwks([key]);
    expect(await verifyDetachedWithJwks(undefined, data, jwks)).toMatchObject({ ok: false, code: SignatureFailures.Unsigned });
    expect(await verifyDetachedWithJwks(await signDetached(data, other), data, jwks)).toMatchObject({ ok: false, code: SignatureFailures.UnknownKey });
    expect(await verifyDetachedWithJwk(await signDetached(data, other), data, key.publicJwk)).toMatchObject({ ok: false, code: SignatureFailures.Mismatch });
    const altered = structuredClone(data);
    altered.parameters.quantity = 4000;
    expect(await verifyDetachedWithJwks(signature, altered, jwks)).toMatchObject({ ok: false, code: SignatureFailures.Mismatch });
    expect(await verifyDetachedWithJwks('not-a-jws', data, jwks)).toMatchObject({ ok: false, code: SignatureFailures.Malformed });
    expect(await verifyDetachedWithJwks(signature.replace('..', '.e30.'), data, jwks)).toMatchObject({ ok: false, code: SignatureFailures.Malformed });
  });

  it('keeps old and new keys verifying during a rotation', async () => {
    const previous = await generateSigningKey();
    const current = await generateSigningKey();
    const jwks = publicJwks([current, previous]);
    expect(await verifyDetachedWithJwks(await signDetached(data, previous), data, jwks)).toMatchObject({ ok: true, kid: previous.kid });
    expect(await verifyDetachedWithJwks(await signDetached(data, current), data, jwks)).toMatchObject({ ok: true, kid: current.kid });
  });
});
