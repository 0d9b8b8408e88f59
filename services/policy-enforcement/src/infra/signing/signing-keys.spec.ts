// The keys policy-enforcement signs with: generated once and kept, or read from files; during a
// rotation the JWKS publishes the signing key first and the previous ones after it.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSigningKeys } from './signing-keys';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('loadSigningKeys', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pe-keys-'));
  const file = (name: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, pem());
    return at;
  };

  it('generates the key at first start and signs with the same one afterwards', async () => {
    const generatedKeyFile = path.join(dir, 'data', 'keys', 'signing-key.pem');
    const first = await loadSigningKeys({ keyFile: undefined, generatedKeyFile, previousKeyFiles: [] });
    expect(first.origin).toBe(`generated now in ${generatedKeyFile}`);
    const again = await loadSigningKeys({ keyFile: undefined, generatedKeyFile, previousKeyFiles: [] });
    expect(again.current.kid).toBe(first.current.kid);
    expect(again.jwks.keys.map((k) => k.kid)).toEqual([first.current.kid]);
  });

  it('publishes the signing key first, then the previous ones (once each), and no private part', async () => {
    const [current, old, older] = [file('current.pem'), file('old.pem'), file('older.pem')];
    const keys = await loadSigningKeys({ keyFile: current, generatedKeyFile: path.join(dir, 'unused.pem'), previousKeyFiles: [old, older, current] });
    const kids = keys.jwks.keys.map((k) => k.kid);
    expect(kids).toHaveLength(3);
    expect(kids[0]).toBe(keys.current.kid);
    expect(keys.origin).toContain('GOVERNOR_SIGNING_KEY_FILE');
    for (const key of keys.jwks.keys) expect(key).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.any(String), alg: 'EdDSA', use: 'sig' });
  });
});
