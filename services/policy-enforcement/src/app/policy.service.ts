// The policy lifecycle, per policy set (domain/policy-sets.ts; the central set by default): store a
// new version (validated against the schema first, a domain set also against its domain), activate
// one (by a second person, audited; every instance picks it up from Postgres), compare two
// versions, and simulate a version against the decisions recorded in a time window.
import { Inject, Injectable } from '@nestjs/common';
import { HttpStatus } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, forbidden, notFound } from '@governor/nest';
import { activationRefusal, policyDiff } from '../domain/policy-history';
import { CENTRAL, ownerRole, POLICY_SET_NAMES, policiesOutsideDomain, type PolicySetName } from '../domain/policy-sets';
import { SimulationTally, type SimulationReport } from '../domain/simulation';
import { CedarPolicyEngine } from '../infra/cedar/cedar-policy-engine';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { DecisionStore } from '../infra/database/decision-store';
import { PolicyStore, type ActivePolicy, type PolicyVersion } from '../infra/database/policy-store';
import { ActivePolicyService } from './active-policy.service';
import { AuditCheckpointService } from './audit-checkpoint.service';

/** 422 with Cedar's messages, one per problem, in `details` as well as in the message. */
export class InvalidPolicyError extends ApiError {
  constructor(
    private readonly details: string[],
    code = 'invalid-policy',
  ) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, code, `the policies do not validate: ${details.join('; ')}`);
  }

  override getResponse(): object {
    const body = super.getResponse() as { error: { code: string; message: string } };
    return { error: { ...body.error, details: this.details } };
  }
}


export interface PolicySetView {
  policySet: PolicySetName;
  /** The role that writes and activates it. */
  owner: string;
  activeVersion: string | null;
  activatedBy: string | null;
  activatedAt: string | null;
}

export interface ActivationAnswer {
  policySet: PolicySetName;
  version: string;
  previousVersion: string | null;
  createdBy: string;
  activatedBy: string;
  activatedAt: string;
}

export interface DiffAnswer {
  from: string;
  to: string;
  /** Unified diff of the Cedar text: `---`/`+++` headers, then `@@` hunks. */
  diff: string;
}

export interface SimulationAnswer extends SimulationReport {
  version: string;
  from: string;
  to: string;
}

@Injectable()
export class PolicyService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CedarPolicyEngine) private readonly engine: CedarPolicyEngine,
    @Inject(PolicyStore) private readonly store: PolicyStore,
    @Inject(DecisionStore) private readonly decisions: DecisionStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(ActivePolicyService) private readonly active: ActivePolicyService,
    @Inject(AuditCheckpointService) private readonly checkpoints: AuditCheckpointService,
  ) {}

  async activeVersion(): Promise<{ pointer: ActivePolicy; version: PolicyVersion }> {
    const pointer = await this.store.active(this.dataSource);
    const version = pointer ? await this.store.get(this.dataSource, pointer.version) : undefined;
    if (!pointer || !version) throw notFound('no-active-policy', 'no policy version is active');
    return { pointer, version };
  }

  /** Every set, its owner role and its active version. */
  async sets(): Promise<PolicySetView[]> {
    const central = await this.store.active(this.dataSource);
    const domains = new Map((await this.store.activeDomainSets(this.dataSource)).map((d) => [d.policySet, d]));
    return POLICY_SET_NAMES.map((set) => {
      const active = set === CENTRAL ? central : domains.get(set);
      return {
        policySet: set,
        owner: ownerRole(set),
        activeVersion: active ? String(active.version) : null,
        activatedBy: active?.activatedBy ?? null,
        activatedAt: active?.activatedAt.toISOString() ?? null,
      };
    });
  }

  /** Up to `limit` versions of a set after version `after` (the list's keyset cursor), in order. */
  list(after: number | undefined, limit: number, set: PolicySetName = CENTRAL): Promise<Omit<PolicyVersion, 'policies'>[]> {
    return this.store.list(this.dataSource, after, limit, set);
  }

  /** A version of the set; a version of another set is not found here. */
  async get(version: number, set: PolicySetName = CENTRAL): Promise<PolicyVersion> {
    const stored = await this.store.get(this.dataSource, version);
    if (!stored || stored.policySet !== set) throw notFound('policy-version-not-found', `no ${set} policy version ${version}`);
    return stored;
  }

  async create(policies: string, description: string, userId: string, set: PolicySetName = CENTRAL): Promise<PolicyVersion> {
    const checked = this.engine.check(policies);
    if (!checked.ok) throw new InvalidPolicyError(checked.messages);
    const outside = policiesOutsideDomain(set, checked.policies);
    // 422 naming each policy of a domain set that governs another domain's actions.
    if (outside.length > 0) throw new InvalidPolicyError(outside, 'policy-outside-domain');
    // With the other sets as they are active: ids unique across sets, the whole still valid.
    const together = await this.active.checkWith(set, policies);
    if (together.length > 0) throw new InvalidPolicyError(together);
    return this.dataSource.transaction(async (manager) => {
      await this.store.lock(manager);
      const stored = await this.store.insert(manager, policies, description, userId, set);
      await this.audit.append(manager, [
        {
          kind: AuditKinds.PolicyStored,
          actor: userId,
          subject: `policy-version:${stored.version}`,
          payload: { version: stored.version, policySet: set, description, policyIds: checked.policies.map((p) => p.id) },
        },
      ]);
      return stored;
    });
  }

  async activate(version: number, userId: string, set: PolicySetName = CENTRAL): Promise<ActivationAnswer> {
    const stored = await this.get(version, set);
    const refusal = activationRefusal(stored.createdBy, userId);
    if (refusal) throw forbidden(refusal.code, refusal.message);
    // Preparse before committing: a version this instance cannot load with the other active sets
    // (a policy id another set has taken since) must not become active.
    const together = await this.active.checkWith(set, stored.policies);
    if (together.length > 0) throw new InvalidPolicyError(together);
    await this.active.authorizerFor(stored);
    const activatedAt = new Date();
    const previous = await this.dataSource.transaction(async (manager) => {
      const before =
        set === CENTRAL
          ? await this.store.activate(manager, version, userId, activatedAt)
          : await this.store.activateDomainSet(manager, set, version, userId, activatedAt);
      await this.audit.append(manager, [
        {
          kind: AuditKinds.PolicyActivated,
          actor: userId,
          subject: `policy-version:${version}`,
          // The author beside the activator (the entry's actor): the two people of the rule.
          payload: {
            version,
            policySet: set,
            previousVersion: before ?? null,
            createdBy: stored.createdBy,
            activatedBy: userId,
          },
        },
      ]);
      return before;
    });
    // The activation's entry is in a signed checkpoint before the answer: the moment policy
    // changed cannot later be cut from the log unnoticed.
    await this.checkpoints.checkpointOrWarn('policy activation');
    await this.active.refresh();
    return {
      policySet: set,
      version: String(version),
      previousVersion: previous === undefined ? null : String(previous),
      createdBy: stored.createdBy,
      activatedBy: userId,
      activatedAt: activatedAt.toISOString(),
    };
  }

  async diff(from: number, to: number, set: PolicySetName = CENTRAL): Promise<DiffAnswer> {
    const [a, b] = await Promise.all([this.get(from, set), this.get(to, set)]);
    return { from: String(from), to: String(to), diff: policyDiff(a, b) };
  }

  async simulate(version: number, from: Date, to: Date, set: PolicySetName = CENTRAL): Promise<SimulationAnswer> {
    const stored = await this.get(version, set);
    const tally = new SimulationTally(await this.active.authorizerFor(stored));
    for await (const decision of this.decisions.inWindow(this.dataSource, from, to)) tally.add(decision);
    return { version: String(version), from: from.toISOString(), to: to.toISOString(), ...tally.result() };
  }
}
