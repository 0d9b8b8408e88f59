// policy-enforcement's signing settings: where the key comes from, and errors that name the
// variable without ever showing a key.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@governor/config';
import { readPolicyEnforcementConfig } from './config';

function privateKeyPem(type: 'ed25519' | 'rsa' | 'ec'): string {
  const { privateKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

describe('policy-enforcement signing configuration', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pe-config-'));
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  const read = (env: Record<string, string>) => loadConfig(readPolicyEnforcementConfig, env);

  it('defaults to a key generated under infra/.data in the repository, and checkpoints every 60 s', () => {
    expect(read({}).signing).toEqual({
      keyFile: undefined,
      generatedKeyFile: path.resolve(__dirname, '../../../infra/.data/keys/signing-key.pem'),
      previousKeyFiles: [],
    });
    expect(read({}).auditCheckpointIntervalSeconds).toBe(60);
    expect(read({ GOVERNOR_DATA_DIR: dir }).signing.generatedKeyFile).toBe(path.join(dir, 'keys', 'signing-key.pem'));
  });

  it('takes an Ed25519 or P-256 key file, and previous keys for a rotation', () => {
    const current = file('current.pem', privateKeyPem('ed25519'));
    const previous = [file('old-1.pem', privateKeyPem('ed25519')), file('old-2.pem', privateKeyPem('ec'))];
    expect(read({ GOVERNOR_SIGNING_KEY_FILE: current, GOVERNOR_SIGNING_PREVIOUS_KEY_FILES: ` ${previous.join(' , ')} ` }).signing).toMatchObject({
      keyFile: current,
      previousKeyFiles: previous,
    });
  });

  it('names the variable for a missing file, one that is not a private key, or a key of another type, and never shows the key', () => {
    const secret = privateKeyPem('rsa');
    expect(() => read({ GOVERNOR_SIGNING_KEY_FILE: path.join(dir, 'none.pem') })).toThrow(/GOVERNOR_SIGNING_KEY_FILE: .*none\.pem does not exist/);
    expect(() => read({ GOVERNOR_SIGNING_KEY_FILE: file('text.pem', 'not a key') })).toThrow(/GOVERNOR_SIGNING_KEY_FILE: .*is not a PEM private key/);
    let message = '';
    try {
      read({ GOVERNOR_SIGNING_PREVIOUS_KEY_FILES: file('rsa.pem', secret) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/GOVERNOR_SIGNING_PREVIOUS_KEY_FILES: .*must hold an Ed25519 or P-256 key, not rsa/);
    expect(message).not.toContain(secret.split('\n')[1]);
    expect(() => read({ AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' })).toThrow(/AUDIT_CHECKPOINT_INTERVAL_SECONDS/);
  });
});
