// Detached JWS signatures over canonical JSON (docs/contract.md section 7): approved actions, agent
// proposals and audit checkpoints are signed and checked with these.
export {
  canonicalPayload,
  signDetached,
  verifyDetached,
  verifyDetachedWithJwk,
  verifyDetachedWithJwks,
  SignatureFailures,
  SIGNATURE_ALGORITHMS,
} from './detached-jws';
export type { SignatureAlgorithm, SignatureFailure, SigningKey, VerifyResult } from './detached-jws';
export { generateSigningKey, publicJwks, readOrCreateSigningKey, readSigningKey } from './signing-keys';
export type { SigningKeyPair } from './signing-keys';
