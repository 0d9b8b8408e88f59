// Signing keys on disk and their public halves as a JWKS. A key is a PKCS#8 PEM file (Ed25519 or
// P-256); its `kid` is its RFC 7638 thumbprint, so the same key always has the same id. Locally a
// key is generated at first start (mode 0600); in production GOVERNOR_SIGNING_KEY_FILE names one.
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JSONWebKeySet, type JWK } from 'jose';
import type { SignatureAlgorithm, SigningKey } from './detached-jws';

/** A signing key with its public JWK (kid, alg and use set). */
export interface SigningKeyPair extends SigningKey {
  publicJwk: JWK;
}

/** Reads a PKCS#8 PEM private key (Ed25519 or P-256). */
export async function readSigningKey(file: string): Promise<SigningKeyPair> {
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  return keyPair(privateKey, file);
}

/**
 * Reads `file`, or generates an Ed25519 key there (mode 0600) when it does not exist yet. The key
 * is written whole to a file of its own and then linked into place, so two processes starting at
 * once never read a half-written key: the one whose link fails reads the other's.
 */
export async function readOrCreateSigningKey(file: string): Promise<{ key: SigningKeyPair; created: boolean }> {
  if (existsSync(file)) return { key: await readSigningKey(file), created: false };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const draft = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(draft, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: await readSigningKey(file), created: false };
  } finally {
    unlinkSync(draft);
  }
  return { key: await keyPair(privateKey, file), created: true };
}

/** A fresh key in memory, for tests and for agents that keep theirs elsewhere. */
export async function generateSigningKey(alg: SignatureAlgorithm = 'EdDSA'): Promise<SigningKeyPair> {
  const { privateKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return keyPair(privateKey, 'generated');
}

/** The public keys as a JWKS: the signing key first, then keys still published during a rotation. */
export function publicJwks(keys: readonly SigningKeyPair[]): JSONWebKeySet {
  return { keys: keys.map((key) => key.publicJwk) };
}

async function keyPair(privateKey: KeyObject, origin: string): Promise<SigningKeyPair> {
  const alg = algorithmOf(privateKey, origin);
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

function algorithmOf(key: KeyObject, origin: string): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`${origin}: a signing key must be Ed25519 or P-256 (PKCS#8 PEM), got ${key.asymmetricKeyType ?? 'unknown'}`);
}
