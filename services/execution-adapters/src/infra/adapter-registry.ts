// The configured adapters, by name, and which one executes which action type: the ERP and the
// WMS targets (HTTP, each with its own circuit breaker), the planner notifications and
// predictive-risk's model registry (HTTP too, for approved model promotions).
import { mintToken } from '@governor/auth';
import { type ActionType } from '@governor/contracts';
import { Logger } from '@governor/messaging';
import { ExecutionConfig, SERVICE_NAME } from '../config';
import { ExecutionAdapter } from '../domain/adapter';
import { AdapterNames } from '../domain/adapter-routes';
import { ErpAdapter } from '../domain/erp-adapter';
import { ModelRegistryAdapter } from '../domain/model-registry.adapter';
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
    const models = new HttpTarget(AdapterNames.ModelRegistry, config.models, config.breaker, logger, governanceToken(config));
    this.targets = [erp, wms, models];
    const adapters: ExecutionAdapter[] = [
      new ErpAdapter(AdapterNames.Erp, erp),
      new ErpAdapter(AdapterNames.Wms, wms),
      new PlannerNotificationAdapter(AdapterNames.PlannerNotifications, (notice) => logger.info('planner notified', { ...notice })),
      new ModelRegistryAdapter(AdapterNames.ModelRegistry, models),
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

/**
 * With a local token secret (HS256), execution signs itself a five-minute token with the role the
 * promote route needs, per call; with an identity provider's keys it cannot, and the registry target
 * needs EXECUTION_ADAPTERS_MODELS_AUTH_VALUE (a promotion without it fails with 401, not retried).
 */
function governanceToken(config: ExecutionConfig): (() => string) | undefined {
  const { jwt } = config;
  if (jwt.algorithm !== 'HS256') return undefined;
  return () => `Bearer ${mintToken(jwt.secret, SERVICE_NAME, ['governance'], 300)}`;
}
