// Evidence packs (docs/contract.md section 7, `GET /audit/export`): one JSON document with a
// stretch of the audit chain, the hashes that tie it to the rest of the chain, the signed
// checkpoints that fall in it, the policy versions in force and the decisions, approvals and
// executions its entries speak of. checkEvidencePack() is what `governor audit verify-pack` runs:
// offline, with nothing but the file (and, if the auditor has them, keys they trust), using the
// hashing the service writes the log with (audit-chain.ts).
import type { JSONWebKeySet } from 'jose';
import { ChainVerifier, type AuditEntry, type JsonValue } from './audit-chain';
import { verifyDetachedWithJwks } from './detached-jws';

export const EVIDENCE_PACK_FORMAT = 'governor.audit-evidence-pack';
export const EVIDENCE_PACK_VERSION = 1;

/** An audit entry as `GET /audit` and the pack show it (`at` is the hashed `occurred_at`). */
export interface AuditEntryView {
  seq: number;
  kind: string;
  subject: string;
  actor: string;
  at: string;
  payload: { [key: string]: JsonValue };
  hash: string;
  prevHash: string;
}

/** A signed checkpoint of the chain's head: `signature` is a detached JWS over `{seq, hash, at}`. */
export interface PackCheckpoint {
  seq: number;
  hash: string;
  at: string;
  kid: string;
  signature: string;
}

export interface PackPolicyVersion {
  version: string;
  /** The policy set it belongs to (`guardrails` or a domain); absent in packs from before policy sets. */
  policySet?: string;
  description: string;
  /** The Cedar text of the bundle. */
  policies: string;
  createdBy: string;
  createdAt: string;
}

export interface PackDecision {
  decisionId: string;
  actionId: string;
  outcome: string;
  policyVersion: string;
  [field: string]: unknown;
}

export interface PackApprovalTask {
  taskId: string;
  actionId: string;
  approvals: { approver: string; comment: string | null; approvedAt: string }[];
  [field: string]: unknown;
}

export interface PackExecution {
  actionId: string;
  type: string;
  [field: string]: unknown;
}

export interface EvidencePack {
  format: typeof EVIDENCE_PACK_FORMAT;
  version: typeof EVIDENCE_PACK_VERSION;
  /** The entries written in [from, to), RFC 3339. */
  range: { from: string; to: string };
  exportedAt: string;
  /**
   * The stretch of the chain: its first and last seq and the hash of the entry before the first
   * (the genesis hash at the chain's start); nulls when no entry falls in the range.
   */
  chain: { firstSeq: number | null; lastSeq: number | null; prevHash: string | null };
  entries: AuditEntryView[];
  checkpoints: PackCheckpoint[];
  /** The exporting service's public keys (its /.well-known/jwks.json) when the pack was made. */
  keys: JSONWebKeySet;
  policyVersions: PackPolicyVersion[];
  decisions: PackDecision[];
  approvals: PackApprovalTask[];
  executions: PackExecution[];
}

export type PackCheck =
  | {
      ok: true;
      entries: number;
      firstSeq: number | null;
      lastSeq: number | null;
      checkpoints: number;
      /**
       * The newest entry a verified checkpoint signs, which vouches for every entry up to it;
       * entries after it hold by the chain alone (whoever rewrites them can rehash them). Null
       * when no checkpoint falls in the pack.
       */
      signedThrough: number | null;
      keysFrom: 'pack' | 'trusted';
    }
  /** `seq`: the first entry that does not hold, when the problem is an entry's. */
  | { ok: false; seq?: number; problem: string };

export interface PackCheckOptions {
  /** Keys the auditor trusts (the service's JWKS, got another way); default: the pack's own. */
  trustedKeys?: JSONWebKeySet;
}

/** The audit entry kinds whose payload names a decision or an approval task. */
const DECISION_KIND = 'decision.made';
const APPROVAL_KINDS = new Set([
  'approval.requested',
  'approval.approved',
  'approval.completed',
  'approval.rejected',
  'approval.expired',
  'approval.escalated',
]);
const POLICY_ACTIVATED_KIND = 'policy.activated';

/** Checks a parsed pack; never throws. The first problem found is the answer. */
export async function checkEvidencePack(input: unknown, options: PackCheckOptions = {}): Promise<PackCheck> {
  const shape = shapeProblem(input);
  if (shape) return { ok: false, problem: shape };
  const pack = input as EvidencePack;
  let problem: Problem;
  try {
    problem = checkChain(pack) ?? (await checkCheckpoints(pack, options.trustedKeys ?? pack.keys)) ?? checkReferences(pack);
  } catch (error) {
    // A list item that is not the object it should be (null, a string, ...).
    problem = { problem: `malformed evidence pack: ${(error as Error).message}` };
  }
  if (problem) return { ok: false, ...problem };
  return {
    ok: true,
    entries: pack.entries.length,
    firstSeq: pack.chain.firstSeq,
    lastSeq: pack.chain.lastSeq,
    checkpoints: pack.checkpoints.length,
    signedThrough: pack.checkpoints.reduce<number | null>((newest, c) => (newest === null || c.seq > newest ? c.seq : newest), null),
    keysFrom: options.trustedKeys ? 'trusted' : 'pack',
  };
}

type Problem = { seq?: number; problem: string } | undefined;

function shapeProblem(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'not an evidence pack: not a JSON object';
  const pack = input as Partial<EvidencePack>;
  if (pack.format !== EVIDENCE_PACK_FORMAT) return `not an evidence pack: format is ${JSON.stringify(pack.format)}, expected ${EVIDENCE_PACK_FORMAT}`;
  if (pack.version !== EVIDENCE_PACK_VERSION) return `evidence pack version ${JSON.stringify(pack.version)} is not one this checker knows (${EVIDENCE_PACK_VERSION})`;
  for (const list of ['entries', 'checkpoints', 'policyVersions', 'decisions', 'approvals', 'executions'] as const) {
    if (!Array.isArray(pack[list])) return `the pack has no ${list} list`;
  }
  const chain = pack.chain;
  if (typeof chain !== 'object' || chain === null) return 'the pack has no chain';
  if (!pack.keys || !Array.isArray(pack.keys.keys)) return 'the pack has no keys';
  if (chain.firstSeq === null || chain.lastSeq === null || chain.prevHash === null) {
    if (pack.entries?.length) return 'the chain names no seqs but the pack has entries';
    return undefined;
  }
  if (!Number.isSafeInteger(chain.firstSeq) || !Number.isSafeInteger(chain.lastSeq) || chain.lastSeq < chain.firstSeq || typeof chain.prevHash !== 'string') {
    return 'the chain must name firstSeq <= lastSeq and the prevHash of the first entry';
  }
  return undefined;
}

/**
 * Each entry's hash recomputes from its content, links to the one before (the first to
 * chain.prevHash), seqs run from chain.firstSeq to chain.lastSeq without a gap.
 */
function checkChain(pack: EvidencePack): Problem {
  const { firstSeq, lastSeq, prevHash } = pack.chain;
  if (firstSeq === null || lastSeq === null || prevHash === null) return undefined;
  const verifier = new ChainVerifier(undefined, { seq: firstSeq, prevHash });
  let last = firstSeq - 1;
  for (const view of pack.entries) {
    const broken = verifier.check(asEntry(view));
    if (broken) return broken;
    last = view.seq;
  }
  if (last < lastSeq) {
    const missing = last + 1 === lastSeq ? `entry ${lastSeq} is` : `entries ${last + 1} to ${lastSeq} are`;
    return { seq: last + 1, problem: `${missing} missing; the pack's chain runs to entry ${lastSeq}` };
  }
  if (last > lastSeq) return { seq: lastSeq + 1, problem: `entry ${lastSeq + 1} is past the end of the pack's chain (${lastSeq})` };
  return undefined;
}

function asEntry(view: AuditEntryView): AuditEntry {
  return {
    seq: view.seq,
    occurredAt: view.at,
    kind: view.kind,
    actor: view.actor,
    subject: view.subject,
    payload: view.payload,
    prevHash: view.prevHash,
    hash: view.hash,
  };
}

/** Each checkpoint names an entry of the pack, holds that entry's hash, and is signed by a key given. */
async function checkCheckpoints(pack: EvidencePack, keys: JSONWebKeySet): Promise<Problem> {
  const bySeq = new Map(pack.entries.map((e) => [e.seq, e]));
  for (const checkpoint of pack.checkpoints) {
    const entry = bySeq.get(checkpoint.seq);
    if (!entry) return { seq: checkpoint.seq, problem: `the checkpoint of ${checkpoint.at} covers entry ${checkpoint.seq}, which is not in the pack` };
    if (entry.hash !== checkpoint.hash) {
      return { seq: checkpoint.seq, problem: `entry ${checkpoint.seq} differs from the signed checkpoint of ${checkpoint.at}` };
    }
    const verified = await verifyDetachedWithJwks(checkpoint.signature, { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at }, keys);
    if (!verified.ok) {
      return { seq: checkpoint.seq, problem: `the checkpoint of entry ${checkpoint.seq} is not signed by the keys given (${verified.code}: ${verified.reason})` };
    }
  }
  return undefined;
}

/**
 * What the entries speak of is in the pack and says the same: the decision a `decision.made`
 * names (same action, outcome and policy version), the task an approval entry names (and, for an
 * approval, the approver among its approvals), and the policy version of every decision and
 * activation. The records are not hashed themselves; the hashed entries vouch for them.
 */
function checkReferences(pack: EvidencePack): Problem {
  const decisions = new Map(pack.decisions.map((d) => [d.decisionId, d]));
  const tasks = new Map(pack.approvals.map((t) => [t.taskId, t]));
  const versions = new Set(pack.policyVersions.map((p) => String(p.version)));
  for (const entry of pack.entries) {
    const payload = entry.payload;
    if (entry.kind === DECISION_KIND) {
      const decision = decisions.get(String(payload.decisionId));
      if (!decision) return { seq: entry.seq, problem: `entry ${entry.seq} records decision ${String(payload.decisionId)}, which is not in the pack` };
      if (decision.actionId !== entry.subject || decision.outcome !== payload.outcome || String(decision.policyVersion) !== String(payload.policyVersion)) {
        return { seq: entry.seq, problem: `entry ${entry.seq} and the pack's decision ${decision.decisionId} disagree (action, outcome or policy version)` };
      }
    } else if (APPROVAL_KINDS.has(entry.kind)) {
      const task = tasks.get(String(payload.taskId));
      if (!task || task.actionId !== entry.subject) {
        return { seq: entry.seq, problem: `entry ${entry.seq} (${entry.kind}) names approval task ${String(payload.taskId)}, which is not in the pack` };
      }
      if (entry.kind === 'approval.approved' && !task.approvals.some((a) => a.approver === entry.actor)) {
        return { seq: entry.seq, problem: `entry ${entry.seq} records an approval by ${entry.actor} that task ${task.taskId} in the pack does not hold` };
      }
    } else if (entry.kind === POLICY_ACTIVATED_KIND && !versions.has(String(payload.version))) {
      return { seq: entry.seq, problem: `entry ${entry.seq} activates policy version ${String(payload.version)}, which is not in the pack` };
    }
  }
  for (const decision of pack.decisions) {
    if (!versions.has(String(decision.policyVersion))) {
      return { problem: `decision ${decision.decisionId} was made under policy version ${decision.policyVersion}, which is not in the pack` };
    }
  }
  const actions = new Set([...pack.decisions.map((d) => d.actionId), ...pack.approvals.map((t) => t.actionId)]);
  for (const execution of pack.executions) {
    if (!actions.has(execution.actionId)) return { problem: `the pack has an execution of action ${execution.actionId} but no decision or task for it` };
  }
  return undefined;
}
