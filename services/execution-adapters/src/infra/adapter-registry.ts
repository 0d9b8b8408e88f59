// The configured adapters, by name, and which one executes which action type: the ERP and the
// WMS targets (HTTP, each with its own circuit breaker) and the planner notifications.
import { type ActionType } from '@governor/contracts';
import { Logger } from '@governor/messaging';
import { ExecutionConfig } from '../config';
import { ExecutionAdapter } from '../domain/adapter';
import { AdapterNames } from '../domain/adapter-routes';
import { ErpAdapter } from '../domain/erp-adapter';
import { PlannerNotificationAdapter } from '../domain/planner-notification.adapter';
import { HttpTarget } from './http-target';

export class AdapterRegistry {
  readonly targets: HttpTarget[];
  private readonly adapters: Map<string, ExecutionAdapter>;

  constructor(
    private readonly config: ExecutionConfig,
    logger: Logger,
  ) {
    const erp = new HttpTarget(AdapterNames.Erp, config.erp, config.breaker, logger);
    const wms = new HttpTarget(AdapterNames.Wms, config.wms, config.breaker, logger);
    this.targets = [erp, wms];
    const adapters: ExecutionAdapter[] = [
      new ErpAdapter(AdapterNames.Erp, erp),
      new ErpAdapter(AdapterNames.Wms, wms),
      new PlannerNotificationAdapter(AdapterNames.PlannerNotifications, (notice) => logger.info('planner notified', { ...notice })),
    ];
    this.adapters = new Map(adapters.map((a) => [a.name, a]));
  }

  adapterNameFor(actionType: ActionType): string {
    return this.config.routes[actionType];
  }

  get(name: string): ExecutionAdapter | undefined {
    return this.adapters.get(name);
  }

  shutdown(): void {
    this.targets.forEach((t) => t.shutdown());
  }
}
