// Start and stop of what the module owns besides its handlers: the domain-mode reader (a readiness
// check: the service is not ready before it knows every domain's mode) and the targets' circuit
// breakers.
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '@governor/messaging';
import { Readiness } from '@governor/nest';
import { AdapterRegistry } from '../infra/adapter-registry';
import { DomainModeTracker } from '../infra/domain-mode-tracker';
import { EXECUTION_LOGGER } from './execution.tokens';

const RESTART_DELAY_MS = 2_000;

@Injectable()
export class ExecutionLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;

  constructor(
    @Inject(DomainModeTracker) private readonly modes: DomainModeTracker,
    @Inject(AdapterRegistry) private readonly adapters: AdapterRegistry,
    @Inject(Readiness) readiness: Readiness,
    @Inject(EXECUTION_LOGGER) private readonly log: Logger,
  ) {
    readiness.add('domain-modes', () => modes.ready);
  }

  onApplicationBootstrap(): void {
    // The consumer may already have started it (it starts before the application's hooks run).
    this.modes.start().catch((error: unknown) => {
      this.log.error('cannot read the domain modes yet; trying again', { error: (error as Error).message });
      if (!this.stopped) setTimeout(() => this.onApplicationBootstrap(), RESTART_DELAY_MS).unref();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.modes.stop();
    this.adapters.shutdown();
  }
}
