// Evidence packs (GET /audit/export): what an auditor takes away to check offline with
// `governor audit verify-pack` (the format and the checker: libs/signing evidence-pack.ts). A pack
// holds every entry written in the range as one unbroken stretch of the chain, with the hash of
// the entry before it, so each entry's hash recomputes from its content and each links to the
// one before; the records the entries speak of (decisions, approval tasks, the outcomes of those
// actions as execution reported them); and the policy versions in force.
//
// Signed checkpoints: the chain alone proves only that the pack is self-consistent; whoever can
// rewrite it can rehash it. A checkpoint signs the hash of one entry with the service's key, and
// that hash covers, through prevHash, every entry before it. So the pack includes every stored
// checkpoint whose seq falls inside the pack (and only those: one beyond the last entry cannot be
// tied to it without the entries between), and the service's public keys, which an auditor
// compares with the JWKS they trust (or passes to verify-pack with --jwks). Entries after the last
// such checkpoint are vouched for only by the chain, which verify-pack says.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badRequest } from '@governor/nest';
import {
  EVIDENCE_PACK_FORMAT,
  EVIDENCE_PACK_VERSION,
  type AuditEntry,
  type AuditEntryView,
  type EvidencePack,
  type PackApprovalTask,
  type PackCheckpoint,
  type PackDecision,
  type PackExecution,
  type PackPolicyVersion,
} from '@governor/signing';
import { ApprovalStore } from '../infra/database/approval-store';
import { AuditCheckpointStore } from '../infra/database/audit-checkpoint-store';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { type DecisionRecord, DecisionStore } from '../infra/database/decision-store';
import { PolicyStore } from '../infra/database/policy-store';
import { SignalStore } from '../infra/database/signal-store';
import { EventSigner } from './event-signer';
import { taskView } from './task-view';

/** A pack is one document built in memory: a longer range is a 400 asking for a shorter one. */
export const MAX_PACK_ENTRIES = 20_000;

/** Actions read in one statement: a pack's records take a statement per this many actions, not one per action. */
const ACTIONS_PER_STATEMENT = 1_000;

/** Checkpoints read at a time, newest first. */
const CHECKPOINT_PAGE = 100;

const APPROVAL_KINDS: ReadonlySet<string> = new Set([
  AuditKinds.ApprovalRequested,
  AuditKinds.ApprovalApproved,
  AuditKinds.ApprovalCompleted,
  AuditKinds.ApprovalRejected,
  AuditKinds.ApprovalExpired,
  AuditKinds.ApprovalEscalated,
]);

/** An audit entry as the API shows it. */
export function entryView(entry: AuditEntry): AuditEntryView {
  return {
    seq: entry.seq,
    kind: entry.kind,
    subject: entry.subject,
    actor: entry.actor,
    at: entry.occurredAt,
    payload: entry.payload,
    hash: entry.hash,
    prevHash: entry.prevHash,
  };
}

@Injectable()
export class EvidencePackService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(AuditCheckpointStore) private readonly checkpointStore: AuditCheckpointStore,
    @Inject(DecisionStore) private readonly decisionStore: DecisionStore,
    @Inject(ApprovalStore) private readonly approvalStore: ApprovalStore,
    @Inject(SignalStore) private readonly signals: SignalStore,
    @Inject(PolicyStore) private readonly policies: PolicyStore,
    @Inject(EventSigner) private readonly signer: EventSigner,
  ) {}

  async export(from: Date, to: Date): Promise<EvidencePack> {
    const range = await this.audit.seqRange(this.dataSource, from, to);
    if (range && range.last - range.first + 1 > MAX_PACK_ENTRIES) {
      throw badRequest('range-too-large', `the range holds ${range.last - range.first + 1} audit entries; a pack holds at most ${MAX_PACK_ENTRIES}: export shorter ranges`);
    }
    const entries = range ? await this.audit.between(this.dataSource, range.first, range.last) : [];
    const actions = { decided: new Set<string>(), tasked: new Set<string>() };
    for (const entry of entries) {
      if (entry.kind === AuditKinds.DecisionMade) actions.decided.add(entry.subject);
      else if (APPROVAL_KINDS.has(entry.kind)) actions.tasked.add(entry.subject);
    }
    const decisions = await this.decisionsOf(actions.decided);
    const approvals = await this.tasksOf(actions.tasked);
    const executions = await this.executionsOf(new Set([...decisions.map((d) => d.actionId), ...approvals.map((t) => t.actionId)]));
    return {
      format: EVIDENCE_PACK_FORMAT,
      version: EVIDENCE_PACK_VERSION,
      range: { from: from.toISOString(), to: to.toISOString() },
      exportedAt: new Date().toISOString(),
      chain: range
        ? { firstSeq: range.first, lastSeq: range.last, prevHash: entries[0]?.prevHash ?? null }
        : { firstSeq: null, lastSeq: null, prevHash: null },
      entries: entries.map(entryView),
      checkpoints: range ? await this.checkpointsIn(range.first, range.last) : [],
      keys: this.signer.jwks,
      policyVersions: await this.policyVersionsInForce(from, entries, decisions),
      decisions,
      approvals,
      executions,
    };
  }

  private async decisionsOf(actionIds: ReadonlySet<string>): Promise<PackDecision[]> {
    const byAction = new Map<string, DecisionRecord>();
    for (const ids of chunks(actionIds)) {
      for (const d of await this.decisionStore.byActionIds(this.dataSource, ids)) byAction.set(d.actionId, d);
    }
    const decisions: PackDecision[] = [];
    for (const actionId of actionIds) {
      const d = byAction.get(actionId);
      if (!d) continue;
      decisions.push({
        decisionId: d.decisionId,
        actionId: d.actionId,
        actionType: d.actionType,
        domain: d.domain,
        outcome: d.outcome,
        reasons: d.reasons,
        policyVersion: String(d.policyVersion),
        policySets: d.policySets,
        domainMode: d.domainMode,
        requiredApprovers: d.requiredApprovers,
        agentId: d.agentId,
        parameters: d.parameters,
        lineage: d.lineage,
        decidedAt: d.decidedAt.toISOString(),
      });
    }
    return decisions;
  }

  private async tasksOf(actionIds: ReadonlySet<string>): Promise<PackApprovalTask[]> {
    const byAction = new Map<string, PackApprovalTask[]>();
    for (const ids of chunks(actionIds)) {
      for (const task of await this.approvalStore.forActions(this.dataSource, ids)) {
        byAction.set(task.actionId, [...(byAction.get(task.actionId) ?? []), taskView(task) as PackApprovalTask]);
      }
    }
    return [...actionIds].flatMap((actionId) => byAction.get(actionId) ?? []);
  }

  /** What execution reported for the pack's actions (execution is not in this service's audit log). */
  private async executionsOf(actionIds: ReadonlySet<string>): Promise<PackExecution[]> {
    const byAction = new Map<string, PackExecution[]>();
    for (const ids of chunks(actionIds)) {
      for (const outcome of await this.signals.outcomesOfActions(this.dataSource, ids)) {
        const execution = { ...outcome, occurredAt: outcome.occurredAt.toISOString() };
        byAction.set(outcome.actionId, [...(byAction.get(outcome.actionId) ?? []), execution]);
      }
    }
    return [...actionIds].flatMap((actionId) => byAction.get(actionId) ?? []);
  }

  /** The stored checkpoints of entries first to last, oldest first. */
  private async checkpointsIn(first: number, last: number): Promise<PackCheckpoint[]> {
    const found: PackCheckpoint[] = [];
    for (let before = last + 1; ; ) {
      const page = await this.checkpointStore.newestFirst(this.dataSource, CHECKPOINT_PAGE, before);
      found.push(...page.filter((c) => c.seq >= first));
      if (page.length < CHECKPOINT_PAGE || page[page.length - 1].seq <= first) break;
      before = page[page.length - 1].seq;
    }
    return found.reverse();
  }

  /**
   * The version active when the range began (the newest activation before it), every version
   * activated in it, and any other a decision in the pack names, with their Cedar text.
   */
  private async policyVersionsInForce(from: Date, entries: readonly AuditEntry[], decisions: readonly PackDecision[]): Promise<PackPolicyVersion[]> {
    const versions = new Set<number>();
    const activatedBefore = await this.audit.lastOfKindBefore(this.dataSource, AuditKinds.PolicyActivated, from);
    for (const activation of [activatedBefore, ...entries.filter((e) => e.kind === AuditKinds.PolicyActivated)]) {
      if (activation) versions.add(Number(activation.payload.version));
    }
    // Every set's version each decision was made under (the central set's alone before policy sets).
    for (const decision of decisions) {
      const sets = (decision.policySets as Record<string, string> | undefined) ?? { central: decision.policyVersion };
      for (const version of Object.values(sets)) versions.add(Number(version));
    }
    const found: PackPolicyVersion[] = [];
    for (const version of [...versions].sort((a, b) => a - b)) {
      const stored = await this.policies.get(this.dataSource, version);
      if (!stored) continue;
      found.push({
        version: String(stored.version),
        policySet: stored.policySet,
        description: stored.description,
        policies: stored.policies,
        createdBy: stored.createdBy,
        createdAt: stored.createdAt.toISOString(),
      });
    }
    return found;
  }
}

function chunks(ids: ReadonlySet<string>): string[][] {
  const all = [...ids];
  const out: string[][] = [];
  for (let i = 0; i < all.length; i += ACTIONS_PER_STATEMENT) out.push(all.slice(i, i + ACTIONS_PER_STATEMENT));
  return out;
}
