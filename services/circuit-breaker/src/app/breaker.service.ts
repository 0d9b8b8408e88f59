// The breaker's use cases: apply a window of domain health, force or clear a mode, read the state.
// Each change runs the pure state machine on the domain's locked row and, in the same transaction,
// stores the new state, the change with its reason, and the DomainModeChangedV1 in the outbox; each
// health report applied is also kept, in that transaction, in the health history.
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import {
  envelope,
  DOMAIN_MODE_VALUES,
  EventTypes,
  SOURCE_DOMAIN_VALUES,
  Topics,
  type CloudEvent,
  type DomainHealthReportedV1,
  type DomainModeChangedV1,
  type SourceDomain,
} from '@governor/contracts';
import { Outbox, OutboxRelay } from '@governor/messaging';
import { conflict, Page, SERVICE_CONFIG, ServiceMetrics, type PageRequest } from '@governor/nest';
import type { BreakerConfig } from '../config';
import { SERVICE_NAME } from '../config';
import {
  applyHealth,
  BreakerRuleError,
  clearOverride,
  force,
  type ForcedMode,
  type ModeChange,
  type Transition,
} from '../domain/breaker';
import {
  BreakerRepository,
  DomainRecord,
  HealthCursor,
  HealthHistoryEntry,
  ModeHistoryEntry,
  OverrideHistoryEntry,
} from '../infra/breaker.repository';

const EVENT_SOURCE = `urn:governor:${SERVICE_NAME}`;
const HISTORY_LIMIT = 100;

export interface DomainView {
  domain: SourceDomain;
  mode: DomainRecord['state']['mode'];
  since: string;
  healthyStreak: number;
  override: { mode: ForcedMode; userId: string; reason: string; at: string } | null;
  health: DomainRecord['health'];
}

export interface DomainDetailView extends DomainView {
  history: ModeHistoryEntry[];
  overrides: OverrideHistoryEntry[];
}

@Injectable()
export class BreakerService implements OnApplicationBootstrap {
  private readonly changes: Counter;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(BreakerRepository) private readonly repository: BreakerRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: BreakerConfig,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    this.changes = metrics.counter('domain_mode_changes_total', 'Mode changes announced, by domain, mode and trigger', [
      'domain',
      'mode',
      'trigger',
    ]);
    // Read at each scrape from the table every instance writes, so any instance answers for all
    // domains; a scrape while the database is away keeps the last figures.
    metrics.gauge('domain_mode', 'The mode each domain is in: 1 for its current mode, 0 for the others', ['domain', 'mode'], async (g) => {
      const records = await this.repository.all().catch(() => undefined);
      for (const { state } of records ?? []) {
        for (const mode of DOMAIN_MODE_VALUES) g.set({ domain: state.domain, mode }, state.mode === mode ? 1 : 0);
      }
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.ensureDomains(SOURCE_DOMAIN_VALUES);
  }

  /** One window of domain health, inside the consumer's transaction (with its inbox claim). */
  async applyHealth(manager: EntityManager, report: DomainHealthReportedV1, now = Date.now()): Promise<void> {
    const { state } = await this.repository.lock(manager, report.domain);
    const transition = applyHealth(
      state,
      { health: report.health, staleFeeds: report.staleFeeds, reportedAt: Date.parse(report.reportedAt) },
      now,
      this.config.breaker,
    );
    const snapshot = { value: report.health, staleFeeds: report.staleFeeds, reasons: report.reasons, reportedAt: report.reportedAt };
    await this.repository.save(manager, transition.state, snapshot);
    await this.repository.recordHealth(manager, report.domain, snapshot);
    await this.announce(manager, transition);
  }

  async force(domain: SourceDomain, mode: ForcedMode, userId: string, reason: string): Promise<DomainView> {
    const now = Date.now();
    await this.dataSource.transaction(async (manager) => {
      const { state } = await this.repository.lock(manager, domain);
      const transition = force(state, mode, userId, reason, now);
      await this.repository.save(manager, transition.state);
      await this.repository.recordOverride(manager, domain, { action: 'force', mode, userId, reason, at: now });
      await this.announce(manager, transition);
    });
    this.relay.wake();
    return this.view(domain);
  }

  async clear(domain: SourceDomain, userId: string, reason: string): Promise<DomainView> {
    const now = Date.now();
    try {
      await this.dataSource.transaction(async (manager) => {
        const { state } = await this.repository.lock(manager, domain);
        const transition = clearOverride(state, userId, reason);
        await this.repository.save(manager, transition.state);
        await this.repository.recordOverride(manager, domain, { action: 'clear', mode: null, userId, reason, at: now });
        await this.announce(manager, transition);
      });
    } catch (error) {
      if (error instanceof BreakerRuleError) throw conflict(error.code, error.message);
      throw error;
    }
    this.relay.wake();
    return this.view(domain);
  }

  async list(): Promise<DomainView[]> {
    return (await this.repository.all()).map(toView);
  }

  async view(domain: SourceDomain): Promise<DomainView> {
    const record = await this.repository.one(domain);
    if (!record) throw new Error(`no breaker state for ${domain}`);
    return toView(record);
  }

  async detail(domain: SourceDomain): Promise<DomainDetailView> {
    const [view, history, overrides] = await Promise.all([
      this.view(domain),
      this.repository.history(domain, HISTORY_LIMIT),
      this.repository.overrides(domain, HISTORY_LIMIT),
    ]);
    return { ...view, history: history.map((h) => h.entry), overrides };
  }

  /** A page of a domain's mode changes, newest first; `beforeId` is the previous page's cursor. */
  async history(domain: SourceDomain, page: PageRequest, beforeId?: string): Promise<Page<ModeHistoryEntry>> {
    const rows = await this.repository.history(domain, page.limit + 1, beforeId);
    return Page.of(rows, page, (row) => ({ id: row.id }), (row) => row.entry);
  }

  /** A page of a domain's applied health reports in [from, to), oldest first. */
  async healthHistory(
    domain: SourceDomain,
    range: { from: Date; to: Date },
    page: PageRequest,
    after?: HealthCursor,
  ): Promise<Page<HealthHistoryEntry>> {
    const rows = await this.repository.healthHistory(domain, range, page.limit + 1, after);
    return Page.of(rows, page, (row) => ({ ...row.cursor }), (row) => row.entry);
  }

  private async announce(manager: EntityManager, transition: Transition): Promise<void> {
    const change = transition.change;
    if (!change) return;
    const event = modeChangedEvent(change);
    await this.repository.recordChange(manager, change, event.id);
    await this.outbox.enqueue(manager, [{ topic: Topics.DomainModesV1, event }]);
    this.changes.inc({ domain: change.domain, mode: change.mode, trigger: change.triggeredBy === 'breaker' ? 'breaker' : 'operator' });
    // The consumer commits after this returns; the relay also polls, so a wake that comes too
    // early only costs one poll interval.
    this.relay.wake();
  }
}

/** The DomainModeChangedV1 of a change; subject (and record key) the domain, for the compacted topic. */
export function modeChangedEvent(change: ModeChange): CloudEvent<DomainModeChangedV1> {
  return envelope(EventTypes.DomainModeChangedV1, {
    source: EVENT_SOURCE,
    subject: change.domain,
    time: new Date().toISOString(),
    data: {
      domain: change.domain,
      mode: change.mode,
      previousMode: change.previousMode,
      reason: change.reason,
      triggeredBy: change.triggeredBy,
      since: new Date(change.since).toISOString(),
    },
  });
}

function toView({ state, health }: DomainRecord): DomainView {
  return {
    domain: state.domain,
    mode: state.mode,
    since: new Date(state.since).toISOString(),
    healthyStreak: state.healthyStreak,
    override: state.override && { ...state.override, at: new Date(state.override.at).toISOString() },
    health,
  };
}
