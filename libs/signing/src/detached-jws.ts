// Signatures that travel beside an event (docs/contract.md section 7): a JWS in compact form with a
// detached payload (`header..signature`, RFC 7515 appendix F), whose payload is the RFC 8785 (JCS)
// canonical JSON of the event's `data`. Anyone holding the signer's public key (a JWK, or the JWKS
// policy-enforcement publishes) checks it with any JOSE library. jose does the JWS and JWK work and
// canonicalize (RFC 8785's reference implementation) the canonical form; nothing here is hand-made crypto.
import canonicalize from 'canonicalize';
import {
  base64url,
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type KeyLike,
} from 'jose';

/** The algorithms a signature may use: Ed25519 (EdDSA) or P-256 (ES256). */
export const SIGNATURE_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/** A private key that signs, named by its `kid`. */
export interface SigningKey {
  kid: string;
  alg: SignatureAlgorithm;
  privateKey: KeyLike;
}

/** Why a signature did not verify; stable codes for dead letters, metrics and Cedar. */
export const SignatureFailures = {
  /** No signature at all. */
  Unsigned: 'unsigned',
  /** Not a compact JWS with a detached payload, or a header without a usable alg or kid. */
  Malformed: 'malformed-signature',
  /** Signed with a key the verifier does not know. */
  UnknownKey: 'unknown-key',
  /** The signature does not match the payload: another key, or data changed after signing. */
  Mismatch: 'signature-mismatch',
} as const;
export type SignatureFailure = (typeof SignatureFailures)[keyof typeof SignatureFailures];

export type VerifyResult = { ok: true; kid: string | undefined } | { ok: false; code: SignatureFailure; reason: string };

/** The bytes that are signed: the canonical JSON (RFC 8785) of `data`. */
export function canonicalPayload(data: unknown): Uint8Array {
  const text = canonicalize(data);
  if (text === undefined) throw new Error('data has no JSON form to sign');
  return new TextEncoder().encode(text);
}

/** Signs `data`; returns the compact JWS with its payload detached (`header..signature`). */
export async function signDetached(data: unknown, key: SigningKey): Promise<string> {
  const jws = await new CompactSign(canonicalPayload(data))
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .sign(key.privateKey);
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
}

/** Verifies against one public key (an agent's registered JWK). */
export async function verifyDetachedWithJwk(signature: string | undefined, data: unknown, jwk: JWK): Promise<VerifyResult> {
  return verifyDetached(signature, data, async (alg) => importJWK(jwk, alg) as Promise<KeyLike>);
}

/** Verifies against a key set (the JWKS of the signer): the header's `kid` picks the key. */
export async function verifyDetachedWithJwks(signature: string | undefined, data: unknown, jwks: JSONWebKeySet): Promise<VerifyResult> {
  const keySet = createLocalJWKSet(jwks);
  return verifyDetached(signature, data, (_alg, header) => keySet(header));
}

type KeyResolver = (alg: SignatureAlgorithm, header: { alg: string; kid?: string }) => Promise<KeyLike | Uint8Array>;

/** Verifies with a key resolver of your own, e.g. jose's createRemoteJWKSet. Never throws. */
export async function verifyDetached(signature: string | undefined, data: unknown, resolveKey: KeyResolver): Promise<VerifyResult> {
  if (signature === undefined || signature === '') return fail(SignatureFailures.Unsigned, 'the event carries no signature');
  const parts = signature.split('.');
  if (parts.length !== 3 || parts[1] !== '' || parts[0] === '' || parts[2] === '') {
    return fail(SignatureFailures.Malformed, 'not a compact JWS with a detached payload (header..signature)');
  }
  let header: { alg?: string; kid?: string };
  try {
    header = decodeProtectedHeader(signature);
  } catch {
    return fail(SignatureFailures.Malformed, 'the JWS header is not base64url JSON');
  }
  const alg = header.alg;
  if (!isAlgorithm(alg)) return fail(SignatureFailures.Malformed, `alg must be one of ${SIGNATURE_ALGORITHMS.join(', ')}, got ${String(alg)}`);
  let payload: Uint8Array;
  try {
    payload = canonicalPayload(data);
  } catch (error) {
    return fail(SignatureFailures.Mismatch, (error as Error).message);
  }
  let key: KeyLike | Uint8Array;
  try {
    key = await resolveKey(alg, { alg, kid: header.kid });
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) return fail(SignatureFailures.UnknownKey, `no known key has kid ${String(header.kid)}`);
    return fail(SignatureFailures.UnknownKey, `the key could not be resolved: ${(error as Error).message}`);
  }
  try {
    await compactVerify(`${parts[0]}.${base64url.encode(payload)}.${parts[2]}`, key, { algorithms: [alg] });
    return { ok: true, kid: header.kid };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return fail(SignatureFailures.Mismatch, 'the signature does not match the data: another key, or data changed after signing');
    }
    return fail(SignatureFailures.Malformed, `the JWS could not be checked: ${(error as Error).message}`);
  }
}

function isAlgorithm(alg: unknown): alg is SignatureAlgorithm {
  return (SIGNATURE_ALGORITHMS as readonly unknown[]).includes(alg);
}

function fail(code: SignatureFailure, reason: string): VerifyResult {
  return { ok: false, code, reason };
}
