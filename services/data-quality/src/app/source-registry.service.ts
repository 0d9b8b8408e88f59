// Use cases of the source registry: keep every instance's copy of it current, seed it from the
// configuration's declared feeds, and register a source for an operator, audited. Scoring reads
// the copy in memory (no statement per group); an instance reloads it on every feed-health tick,
// so a registration made through another instance applies here within DQ_HEALTH_INTERVAL_SECONDS.
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Outbox, OutboxRelay } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { RequestedAuditKinds, Topics, topicOfEventType } from '@governor/contracts';
import { DataSource } from 'typeorm';
import type { DataQualityConfig } from '../config';
import { REGISTRABLE_EVENT_TYPES, SourceRegistry, type RegisteredSource } from '../domain/source-registry';
import { FeedStatsRepository } from '../infra/feed-stats.repository';
import { SourceRepository } from '../infra/source.repository';
import { auditEntryEvent } from './outgoing-events';

/** Who registered a source declared in DQ_EXPECTED_FEEDS, and its owner until an operator names one. */
export const CONFIGURATION_ACTOR = 'configuration';

@Injectable()
export class SourceRegistryService implements OnApplicationBootstrap {
  private registry = SourceRegistry.EMPTY;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: DataQualityConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(FeedStatsRepository) private readonly feeds: FeedStatsRepository,
  ) {}

  /** The registry as last loaded. */
  get current(): SourceRegistry {
    return this.registry;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sources.addMissing(manager, this.declaredInConfiguration());
      this.registry = new SourceRegistry(await this.sources.all(manager));
      await this.feeds.registerExpected(manager, this.registry.feeds());
    });
  }

  async reload(): Promise<SourceRegistry> {
    this.registry = new SourceRegistry(await this.sources.all(this.dataSource.manager));
    return this.registry;
  }

  /** Registers (or changes) a source, with its audit entry in the same transaction. */
  async register(entry: RegisteredSource): Promise<RegisteredSource> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.sources.put(manager, entry);
      await this.feeds.registerExpected(manager, new SourceRegistry([entry]).feeds());
      const payload = {
        source: entry.source,
        owner: entry.owner,
        eventTypes: entry.eventTypes,
        description: entry.description,
        previous: before ? { owner: before.owner, eventTypes: before.eventTypes, registeredBy: before.registeredBy } : null,
      };
      await this.outbox.enqueue(manager, [
        {
          topic: Topics.AuditEntriesV1,
          event: auditEntryEvent(
            { kind: RequestedAuditKinds.SourceRegistered, actor: entry.registeredBy, subject: `source:${entry.source}`, payload },
            entry.registeredAt,
          ),
        },
      ]);
    });
    this.relay.wake();
    await this.reload();
    return entry;
  }

  /** DQ_EXPECTED_FEEDS as registrations: each source for every type of the topics it is declared on. */
  private declaredInConfiguration(): RegisteredSource[] {
    const types = new Map<string, Set<string>>();
    for (const feed of this.config.expectedFeeds) {
      const set = types.get(feed.feedSource) ?? new Set<string>();
      for (const type of typesOnTopic(feed.topic)) set.add(type);
      types.set(feed.feedSource, set);
    }
    return [...types].map(([source, set]) => ({
      source,
      owner: CONFIGURATION_ACTOR,
      eventTypes: [...set].sort(),
      description: 'declared in DQ_EXPECTED_FEEDS',
      registeredBy: CONFIGURATION_ACTOR,
      registeredAt: new Date(),
    }));
  }
}

function typesOnTopic(topic: string): string[] {
  return REGISTRABLE_EVENT_TYPES.filter((type) => topicOfEventType(type) === topic);
}
