// Which adapter executes which action type. The defaults send warehouse moves to the WMS target,
// advisories to planners, model promotions to predictive-risk's model registry and the rest to the
// ERP; EXECUTION_ADAPTERS_ROUTES overrides single entries, e.g. `inventory.transfer-stock=erp`.
import { ACTION_TYPE_VALUES, ActionTypes, isActionType, type ActionType } from '@governor/contracts';

export const AdapterNames = {
  Erp: 'erp',
  Wms: 'wms',
  PlannerNotifications: 'planner-notifications',
  ModelRegistry: 'model-registry',
} as const;
export type AdapterName = (typeof AdapterNames)[keyof typeof AdapterNames];
const ADAPTER_NAMES: readonly string[] = Object.values(AdapterNames);

export type AdapterRoutes = Readonly<Record<ActionType, AdapterName>>;

export const DEFAULT_ROUTES: AdapterRoutes = {
  [ActionTypes.CreatePurchaseOrder]: AdapterNames.Erp,
  [ActionTypes.ExpediteSupplier]: AdapterNames.Erp,
  [ActionTypes.TransferStock]: AdapterNames.Wms,
  [ActionTypes.ReprioritizeOrder]: AdapterNames.Erp,
  [ActionTypes.PlaceOrderHold]: AdapterNames.Erp,
  [ActionTypes.ReleaseOrderHold]: AdapterNames.Erp,
  [ActionTypes.NotifyPlanner]: AdapterNames.PlannerNotifications,
  [ActionTypes.PromoteModelVersion]: AdapterNames.ModelRegistry,
};

/** The routes with `spec` (`type=adapter,...`) applied; throws a message naming the bad entry. */
export function parseRoutes(spec: string | undefined): AdapterRoutes {
  const routes: Record<ActionType, AdapterName> = { ...DEFAULT_ROUTES };
  for (const entry of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [actionType, adapter, extra] = entry.split('=').map((s) => s.trim());
    if (extra !== undefined || !actionType || !adapter) throw new Error(`"${entry}" is not actionType=adapter`);
    if (!isActionType(actionType)) throw new Error(`"${actionType}" is not an action type (${ACTION_TYPE_VALUES.join(', ')})`);
    if (!ADAPTER_NAMES.includes(adapter)) throw new Error(`"${adapter}" is not an adapter (${ADAPTER_NAMES.join(', ')})`);
    routes[actionType] = adapter as AdapterName;
  }
  return routes;
}
