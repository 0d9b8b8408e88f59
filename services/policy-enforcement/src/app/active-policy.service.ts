// Which policy version this instance decides with. At first start (no versions stored) the
// default bundle from the repository becomes version 1, activated and audited. Afterwards every
// instance polls the active-version pointer in Postgres, so an activation anywhere takes effect
// everywhere within one poll interval, without a restart. Each version is preparsed once.
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
import { AuditCheckpointService } from './audit-checkpoint.service';
import { POLICY_FILES, SYSTEM_ACTOR } from './tokens';

export interface ActiveVersion {
  version: number;
  authorizer: PolicyAuthorizer;
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

  /** The authorizer of any stored version (preparsed on first use, then cached). */
  authorizerFor(version: PolicyVersion): PolicyAuthorizer {
    return this.engine.load(String(version.version), version.policies);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureStarted();
    this.poll.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.poll.stop();
  }

  /** Switches to the version the pointer names, if it moved. */
  async refresh(): Promise<void> {
    const pointer = await this.store.active(this.dataSource);
    if (!pointer || this.active?.version === pointer.version) return;
    const version = await this.store.get(this.dataSource, pointer.version);
    if (!version) throw new Error(`active policy version ${pointer.version} is not stored`);
    this.active = { version: version.version, authorizer: this.authorizerFor(version) };
    this.log.log(`deciding with policy version ${version.version}`);
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
