// Which policy this instance decides with: the active central version and the active version of
// every domain set, evaluated together (domain/policy-sets.ts). At first start (no versions stored)
// the default bundle from the repository becomes version 1 of the central set, activated and
// audited. Afterwards every instance polls the pointers in Postgres, so an activation anywhere
// takes effect everywhere within one poll interval, without a restart. Each combination is
// preparsed once.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '@governor/messaging';
import { Readiness, SERVICE_CONFIG } from '@governor/nest';
import type { PolicyAuthorizer } from '../domain/decision-procedure';
import { CedarPolicyEngine } from '../infra/cedar/cedar-policy-engine';
import type { PolicyFiles } from '../infra/cedar/policy-files';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { PolicyStore, type PolicyVersion } from '../infra/database/policy-store';
import type { PolicyEnforcementConfig } from '../config';
import { composeSets, CENTRAL, type PolicySetName } from '../domain/policy-sets';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { POLICY_FILES, SYSTEM_ACTOR } from './tokens';

export interface ActiveVersion {
  /** The central set's version (the `policyVersion` of decisions and approved actions). */
  version: number;
  /** The version of every set decided under, the central set included: `{ central: "3", procurement: "7" }`. */
  sets: Record<string, string>;
  authorizer: PolicyAuthorizer;
  key: string;
}

export const DEFAULT_BUNDLE_DESCRIPTION = 'default bundle (services/policy-enforcement/policies/default)';

@Injectable()
export class ActivePolicyService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('active-policy');
  private active: ActiveVersion | undefined;
  private starting: Promise<void> | undefined;
  private readonly poll: PeriodicTask;

  constructor(
    @Inject(SERVICE_CONFIG) config: PolicyEnforcementConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CedarPolicyEngine) private readonly engine: CedarPolicyEngine,
    @Inject(PolicyStore) private readonly store: PolicyStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(POLICY_FILES) private readonly files: PolicyFiles,
    @Inject(Readiness) readiness: Readiness,
    @Inject(AuditCheckpointService) private readonly checkpoints: AuditCheckpointService,
  ) {
    this.poll = new PeriodicTask(config.policyPollSeconds * 1000, () =>
      this.refresh().catch((error: unknown) =>
        this.log.warn(`policy poll failed: ${(error as Error).message}`),
      ),
    );
    readiness.add('policy', () => this.active !== undefined);
  }

  /** The active version; the first call (often a Kafka handler, before Nest's hooks ran) starts it. */
  async current(): Promise<ActiveVersion> {
    await this.ensureStarted();
    if (!this.active) throw new Error('no active policy version');
    return this.active;
  }

  /**
   * The authorizer of a stored version together with the active versions of the other sets (what
   * deciding would be were it active), preparsed on first use, then cached.
   */
  async authorizerFor(version: PolicyVersion): Promise<PolicyAuthorizer> {
    const sets = new Map(await this.activeSets());
    sets.set(version.policySet, { version: version.version, policies: version.policies });
    const composed = composeSets(sets);
    return this.engine.load(composed.key, composed.text);
  }

  /** Cedar's messages for `policies` as the set's version beside the other active sets; none when they go together. */
  async checkWith(set: PolicySetName, policies: string): Promise<string[]> {
    const sets = new Map(await this.activeSets());
    sets.set(set, { version: 0, policies });
    const checked = this.engine.check(composeSets(sets).text);
    return checked.ok ? [] : checked.messages;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureStarted();
    this.poll.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.poll.stop();
  }

  /** Switches to the versions the pointers name, if one moved. */
  async refresh(): Promise<void> {
    const pointers = await this.pointers();
    if (!pointers.has(CENTRAL)) return;
    const key = [...pointers].map(([set, version]) => `${set}:${version}`).join('+');
    if (this.active?.key === key) return;
    const sets = await this.activeSets(pointers);
    const composed = composeSets(sets);
    this.active = { version: pointers.get(CENTRAL) as number, sets: composed.versions, authorizer: this.engine.load(composed.key, composed.text), key };
    this.log.log(`deciding with policy sets ${composed.key}`);
  }

  /** The active version number of each set, the central set first, domains in name order. */
  private async pointers(): Promise<Map<PolicySetName, number>> {
    const central = await this.store.active(this.dataSource);
    const domains = await this.store.activeDomainSets(this.dataSource);
    return new Map<PolicySetName, number>([...(central ? [[CENTRAL, central.version] as const] : []), ...domains.map((d) => [d.policySet, d.version] as const)]);
  }

  /** The active version of each set with its text. */
  private async activeSets(pointers?: Map<PolicySetName, number>): Promise<Map<PolicySetName, { version: number; policies: string }>> {
    const sets = new Map<PolicySetName, { version: number; policies: string }>();
    for (const [set, number] of pointers ?? (await this.pointers())) {
      const version = await this.store.get(this.dataSource, number);
      if (!version) throw new Error(`active policy version ${number} (${set}) is not stored`);
      sets.set(set, { version: number, policies: version.policies });
    }
    return sets;
  }

  private ensureStarted(): Promise<void> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async start(): Promise<void> {
    // Seeding activates version 1: checkpointed like any activation.
    if (await this.seedDefaultBundle()) await this.checkpoints.checkpointOrWarn('policy activation');
    await this.refresh();
  }

  /** Stores and activates the default bundle when no version is stored; whether it did. */
  private async seedDefaultBundle(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await this.store.lock(manager);
      if ((await this.store.count(manager)) > 0) return false;
      const checked = this.engine.check(this.files.bundle);
      if (!checked.ok) {
        throw new Error(
          `the default bundle in ${this.files.directory} does not validate: ${checked.messages.join('; ')}`,
        );
      }
      const stored = await this.store.insert(
        manager,
        this.files.bundle,
        DEFAULT_BUNDLE_DESCRIPTION,
        SYSTEM_ACTOR,
      );
      await this.store.activate(manager, stored.version, SYSTEM_ACTOR, new Date());
      const subject = `policy-version:${stored.version}`;
      await this.audit.append(manager, [
        {
          kind: AuditKinds.PolicyStored,
          actor: SYSTEM_ACTOR,
          subject,
          payload: {
            version: stored.version,
            description: stored.description,
            policyIds: checked.policies.map((p) => p.id),
          },
        },
        {
          kind: AuditKinds.PolicyActivated,
          actor: SYSTEM_ACTOR,
          subject,
          payload: { version: stored.version, previousVersion: null },
        },
      ]);
      this.log.log(`stored the default bundle as policy version ${stored.version}`);
      return true;
    });
  }
}
