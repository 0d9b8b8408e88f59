// The signature check of approved actions against a JWKS endpoint that a test controls: what
// verifies, what is refused for good, and what is only "not yet" (keys unreachable, or a kid the
// set may not be fetched for again yet, as right after a rotation).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RetriableError } from '@governor/messaging';
import { generateSigningKey, publicJwks, signDetached, type SigningKeyPair } from '@governor/signing';
import { ApprovalSignatures } from './approval-signatures';

const data = { actionId: 'act-1', parameters: { quantity: 400 } };

describe('ApprovalSignatures against a JWKS endpoint', () => {
  let server: Server;
  let url: string;
  let serving: SigningKeyPair[] | 'down' = 'down';
  let fetches = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++;
      if (serving === 'down') res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(publicJwks(serving)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const signed = async (key: SigningKeyPair) => ({ data, signature: await signDetached(data, key) });
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('verifies, refuses an unknown kid once the set was fetched for it, and retries while the keys cannot be fetched', async () => {
    const current = await generateSigningKey();
    const stranger = await generateSigningKey();
    const signatures = new ApprovalSignatures({ kind: 'url', url }, 200);
    serving = 'down';
    await expect(signatures.verify(await signed(current))).rejects.toMatchObject({ code: 'signing-keys-unavailable', retriable: true });
    serving = [current];
    expect(await signatures.verify(await signed(current))).toEqual({ ok: true, kid: current.kid });
    // Within the cool-down an unknown kid is not refused yet (the key may be new); after it, the set
    // is fetched again and a kid it still lacks is refused.
    await expect(signatures.verify(await signed(stranger))).rejects.toBeInstanceOf(RetriableError);
    await wait(250);
    const before = fetches;
    expect(await signatures.verify(await signed(stranger))).toMatchObject({ ok: false, code: 'unknown-key' });
    expect(fetches).toBe(before + 1);
    expect(await signatures.verify({ data })).toMatchObject({ ok: false, code: 'unsigned' });
    expect(await signatures.verify({ ...(await signed(current)), data: { ...data, parameters: { quantity: 4_000 } } })).toMatchObject({
      ok: false,
      code: 'signature-mismatch',
    });
  });

  it('sees a rotated key once the cool-down is over, and keeps verifying what the previous key signed', async () => {
    const previous = await generateSigningKey();
    const next = await generateSigningKey();
    serving = [previous];
    const signatures = new ApprovalSignatures({ kind: 'url', url }, 200);
    expect(await signatures.verify(await signed(previous))).toMatchObject({ ok: true });
    serving = [next, previous];
    await expect(signatures.verify(await signed(next))).rejects.toMatchObject({ code: 'signing-key-not-yet-known' });
    await wait(250);
    expect(await signatures.verify(await signed(next))).toEqual({ ok: true, kid: next.kid });
    expect(await signatures.verify(await signed(previous))).toEqual({ ok: true, kid: previous.kid });
  });

  it('reads a JWKS file once: an unknown kid is refused at once', async () => {
    const key = await generateSigningKey();
    const signatures = new ApprovalSignatures({ kind: 'file', file: 'jwks.json', jwks: publicJwks([key]) });
    expect(await signatures.verify(await signed(key))).toMatchObject({ ok: true });
    expect(await signatures.verify(await signed(await generateSigningKey()))).toMatchObject({ ok: false, code: 'unknown-key' });
  });
});
