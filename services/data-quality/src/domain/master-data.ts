// The master-data dimension: whether the SKUs, locations, suppliers and customers a source event
// names are known and active in the master data Governor keeps (topic source.master-data.v1), and
// whether a unit cost it states is near the SKU's master cost. Each issue costs
// `masterDataIssuePenalty`.
//
// An entity type is checked only once master data of that type exists at all: a deployment that
// never publishes master data (or publishes SKUs but no customers) keeps scoring as before,
// instead of finding every event about an unknown entity.
import { EventTypes } from '@governor/contracts';
import { issue, scoreFromIssues, type DimensionScore } from './dimension';
import type { SourceEvent } from './source-event';

export const MASTER_ENTITY_TYPES = ['sku', 'location', 'supplier', 'customer'] as const;
export type MasterEntityType = (typeof MASTER_ENTITY_TYPES)[number];

export interface MasterEntity {
  entityType: MasterEntityType;
  entityId: string;
  active: boolean;
  owner: string;
  /** A SKU's standard unit cost; null for the other types. */
  unitCost: number | null;
}

export interface EntityRef {
  entityType: MasterEntityType;
  entityId: string;
}

/** What scoring sees of master data: the entities a group refers to, and which types have any. */
export class MasterDataView {
  private readonly entities: ReadonlyMap<string, MasterEntity>;

  constructor(
    entities: readonly MasterEntity[],
    /** The entity types with at least one master record. */
    private readonly typesKept: ReadonlySet<MasterEntityType>,
  ) {
    this.entities = new Map(entities.map((e) => [keyOf(e), e]));
  }

  static readonly EMPTY = new MasterDataView([], new Set());

  checks(entityType: MasterEntityType): boolean {
    return this.typesKept.has(entityType);
  }

  get(ref: EntityRef): MasterEntity | undefined {
    return this.entities.get(keyOf(ref));
  }
}

export interface MasterDataSettings {
  masterDataIssuePenalty: number;
  /** A unit cost more than this share away from the master cost (either way) is an issue. */
  maxMasterCostDeviation: number;
}

/** The entities an event names, each once. */
export function entityRefsOf(event: SourceEvent): EntityRef[] {
  const refs: EntityRef[] = [];
  const add = (entityType: MasterEntityType, entityId: string) => {
    if (!refs.some((r) => r.entityType === entityType && r.entityId === entityId)) refs.push({ entityType, entityId });
  };
  switch (event.type) {
    case EventTypes.InventoryLevelReportedV1:
    case EventTypes.InventoryDemandRecordedV1:
      add('sku', event.data.sku);
      add('location', event.data.location);
      break;
    case EventTypes.OrdersSalesOrderPlacedV1:
      add('customer', event.data.customerId);
      add('location', event.data.location);
      event.data.lines.forEach((line) => add('sku', line.sku));
      break;
    case EventTypes.OrdersShipmentStatusReportedV1:
      break;
    case EventTypes.ProcurementSupplierDeliveryRecordedV1:
      add('supplier', event.data.supplierId);
      add('sku', event.data.sku);
      add('location', event.data.location);
      break;
    case EventTypes.ProcurementSupplierTermsUpdatedV1:
      add('supplier', event.data.supplierId);
      add('sku', event.data.sku);
      break;
    case EventTypes.CreditCustomerExposureUpdatedV1:
      add('customer', event.data.customerId);
      break;
  }
  return refs;
}

export function scoreMasterData(event: SourceEvent, view: MasterDataView, settings: MasterDataSettings): DimensionScore {
  const issues: string[] = [];
  for (const ref of entityRefsOf(event)) {
    if (!view.checks(ref.entityType)) continue;
    const entity = view.get(ref);
    if (!entity) issues.push(issue(`unknown-${ref.entityType}`, `${ref.entityType} ${ref.entityId} is not in master data`));
    else if (!entity.active) issues.push(issue(`inactive-${ref.entityType}`, `${ref.entityType} ${ref.entityId} is inactive (owner ${entity.owner})`));
  }
  const cost = unitCostOf(event);
  const sku = cost === undefined ? undefined : view.get({ entityType: 'sku', entityId: cost.sku });
  if (cost && sku?.unitCost != null && sku.unitCost > 0) {
    const deviation = Math.abs(cost.unitCost - sku.unitCost) / sku.unitCost;
    if (deviation > settings.maxMasterCostDeviation) {
      issues.push(issue('unit-cost-off-master', `unit cost ${cost.unitCost} is ${Math.round(deviation * 100)}% from the master cost ${sku.unitCost} of ${cost.sku}`));
    }
  }
  return scoreFromIssues(issues, settings.masterDataIssuePenalty);
}

function unitCostOf(event: SourceEvent): { sku: string; unitCost: number } | undefined {
  if (event.type === EventTypes.InventoryLevelReportedV1 || event.type === EventTypes.ProcurementSupplierTermsUpdatedV1) {
    return { sku: event.data.sku, unitCost: event.data.unitCost };
  }
  return undefined;
}

function keyOf(ref: EntityRef): string {
  return `${ref.entityType}\u0000${ref.entityId}`;
}
