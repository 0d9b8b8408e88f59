// Keys on disk: generated once (mode 0600), then the same key every start, even when several
// processes start at once.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readOrCreateSigningKey, readSigningKey } from './signing-keys';

describe('readOrCreateSigningKey', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'signing-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates an Ed25519 key readable by its owner only, and reads the same one afterwards', async () => {
    const file = path.join(dir, 'keys', 'signing-key.pem');
    const first = await readOrCreateSigningKey(file);
    expect(first).toMatchObject({ created: true, key: { alg: 'EdDSA' } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await readOrCreateSigningKey(file);
    expect(again.created).toBe(false);
    expect(again.key.kid).toBe(first.key.kid);
    expect((await readSigningKey(file)).kid).toBe(first.key.kid);
  });

  it('gives every one of several simultaneous starts the same key, and leaves no drafts behind', async () => {
    const file = path.join(dir, 'race', 'signing-key.pem');
    const results = await Promise.all(Array.from({ length: 8 }, () => readOrCreateSigningKey(file)));
    expect(new Set(results.map((r) => r.key.kid)).size).toBe(1);
    expect(readdirSync(path.dirname(file))).toEqual(['signing-key.pem']);
  });
});
