// A service's retention of its own stores as Nest providers: the service lists its stores (each
// with its documented setting) from its configuration, and the runner prunes them every
// RETENTION_PRUNE_INTERVAL_SECONDS, auditing each batch through the outbox (StoreRetention).
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { CommonConfig } from '@governor/config';
import { auditPrunedThroughOutbox, jsonLogger, Outbox, OutboxRelay, StoreRetention, type RetainedStore, type StorePruned } from '@governor/messaging';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../bootstrap/service-tokens';

export const RETAINED_STORES = Symbol('RETAINED_STORES');

@Injectable()
export class StoreRetentionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly retention: StoreRetention;

  constructor(
    @Inject(SERVICE_CONFIG) config: CommonConfig,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(Outbox) outbox: Outbox,
    @Inject(OutboxRelay) relay: OutboxRelay,
    @Inject(RETAINED_STORES) stores: readonly RetainedStore[],
  ) {
    this.retention = new StoreRetention({
      dataSource,
      stores,
      audit: auditPrunedThroughOutbox(outbox, config.serviceName),
      intervalMs: config.storeRetentionIntervalSeconds * 1_000,
      committed: () => relay.wake(),
      logger: jsonLogger(config.serviceName),
    });
  }

  onApplicationBootstrap(): void {
    this.retention.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.retention.stop();
  }

  pruneOnce(): Promise<StorePruned[]> {
    return this.retention.pruneOnce();
  }
}

/** The providers of a service's retention: its stores, read from its configuration, and the runner. */
export function storeRetentionProviders<C extends CommonConfig>(stores: (config: C) => RetainedStore[]): Provider[] {
  return [{ provide: RETAINED_STORES, useFactory: stores, inject: [SERVICE_CONFIG] }, StoreRetentionRunner];
}
