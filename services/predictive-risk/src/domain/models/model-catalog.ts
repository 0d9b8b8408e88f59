// The models this service runs, each with an id and a version, the domain it speaks for, its
// parameters and the inputs whose drift is watched. A version is the model's code version plus a
// short hash of its parameters (semver build metadata, e.g. 1.0.0+3f2a9c1e): the same version
// always means the same behaviour, and changing a parameter in configuration registers a new one.
import { createHash } from 'node:crypto';
import { type SourceDomain } from '@governor/contracts';
import { type CreditRiskParameters } from './credit-risk';
import { type DemandSensingParameters } from './demand-sensing';
import { type OrderFulfilmentParameters } from './order-fulfilment';
import { type StockoutParameters } from './stockout-risk';
import { type SupplierLeadTimeParameters } from './supplier-lead-time';

export const ModelIds = {
  DemandSensing: 'demand-sensing',
  StockoutRisk: 'stockout-risk',
  SupplierLeadTime: 'supplier-lead-time',
  OrderFulfilment: 'order-fulfilment',
  CreditRisk: 'credit-risk',
} as const;
export type ModelId = (typeof ModelIds)[keyof typeof ModelIds];

/** The inputs whose distribution each model's drift is measured on, the main one first. */
export const ModelInputs = {
  DailyDemand: 'dailyDemand',
  DaysOfCover: 'daysOfCover',
  LatenessDays: 'latenessDays',
  ShortageRatio: 'shortageRatio',
  DaysToShip: 'daysToShip',
  Utilisation: 'utilisation',
  DaysPastDue: 'daysPastDue',
} as const;
export type ModelInput = (typeof ModelInputs)[keyof typeof ModelInputs];

export interface ModelRef {
  readonly id: string;
  readonly version: string;
}

export interface ModelDefinition<P extends object = object> extends ModelRef {
  readonly id: ModelId;
  readonly codeVersion: string;
  readonly domain: SourceDomain;
  readonly parameters: P;
  readonly inputs: readonly ModelInput[];
}

export interface ModelSettings {
  readonly demandSensing: DemandSensingParameters;
  readonly stockoutRisk: StockoutParameters;
  readonly supplierLeadTime: SupplierLeadTimeParameters;
  readonly orderFulfilment: OrderFulfilmentParameters;
  readonly creditRisk: CreditRiskParameters;
}

export interface ModelCatalog {
  readonly demandSensing: ModelDefinition<DemandSensingParameters>;
  readonly stockoutRisk: ModelDefinition<StockoutParameters>;
  readonly supplierLeadTime: ModelDefinition<SupplierLeadTimeParameters>;
  readonly orderFulfilment: ModelDefinition<OrderFulfilmentParameters>;
  readonly creditRisk: ModelDefinition<CreditRiskParameters>;
}

// Bump a model's code version whenever its logic changes (demand sensing: 2.0.0, Holt-Winters).
const CODE_VERSION = '1.0.0';
const CODE_VERSIONS: Partial<Record<ModelId, string>> = { [ModelIds.DemandSensing]: '2.0.0' };

/** `${codeVersion}+${first 8 hex of sha256 of the parameters as JSON with sorted keys}`. */
export function modelVersion(codeVersion: string, parameters: object): string {
  const entries = Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b));
  const hash = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 8);
  return `${codeVersion}+${hash}`;
}

function define<P extends object>(
  id: ModelId,
  domain: SourceDomain,
  parameters: P,
  inputs: readonly ModelInput[],
): ModelDefinition<P> {
  const codeVersion = CODE_VERSIONS[id] ?? CODE_VERSION;
  return {
    id,
    codeVersion,
    version: modelVersion(codeVersion, parameters),
    domain,
    parameters,
    inputs,
  };
}

export function buildModelCatalog(settings: ModelSettings): ModelCatalog {
  return {
    demandSensing: define(ModelIds.DemandSensing, 'inventory', settings.demandSensing, [
      ModelInputs.DailyDemand,
    ]),
    stockoutRisk: define(ModelIds.StockoutRisk, 'inventory', settings.stockoutRisk, [
      ModelInputs.DaysOfCover,
    ]),
    supplierLeadTime: define(ModelIds.SupplierLeadTime, 'procurement', settings.supplierLeadTime, [
      ModelInputs.LatenessDays,
    ]),
    orderFulfilment: define(ModelIds.OrderFulfilment, 'orders', settings.orderFulfilment, [
      ModelInputs.ShortageRatio,
      ModelInputs.DaysToShip,
    ]),
    creditRisk: define(ModelIds.CreditRisk, 'credit', settings.creditRisk, [
      ModelInputs.Utilisation,
      ModelInputs.DaysPastDue,
    ]),
  };
}

export function allModels(catalog: ModelCatalog): ModelDefinition[] {
  return [
    catalog.demandSensing,
    catalog.stockoutRisk,
    catalog.supplierLeadTime,
    catalog.orderFulfilment,
    catalog.creditRisk,
  ];
}

export function refOf(model: ModelRef): ModelRef {
  return { id: model.id, version: model.version };
}
