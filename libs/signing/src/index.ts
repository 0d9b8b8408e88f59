// Detached JWS signatures over canonical JSON (docs/contract.md section 7): approved actions, agent
// proposals and audit checkpoints are signed and checked with these. Also the audit log's hash
// chain and the evidence packs exported from it, which must be checked where no service runs.
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
export { canonicalJson, ChainVerifier, entryHash, GENESIS_HASH, nextEntry } from './audit-chain';
export type { AuditContent, AuditEntry, ChainBreak, ChainCheckpoint, ChainStart, JsonValue } from './audit-chain';
export { checkEvidencePack, EVIDENCE_PACK_FORMAT, EVIDENCE_PACK_VERSION } from './evidence-pack';
export type {
  AuditEntryView,
  EvidencePack,
  PackApprovalTask,
  PackCheck,
  PackCheckOptions,
  PackCheckpoint,
  PackDecision,
  PackExecution,
  PackPolicyVersion,
} from './evidence-pack';
