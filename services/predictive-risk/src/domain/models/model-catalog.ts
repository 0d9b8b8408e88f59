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

/**
 * The versions this process runs. Not readonly: a version promoted in the registry (a refit, or a
 * person's choice) replaces its model's definition in the running catalog (adoptVersion); the use
 * cases read the catalog on every record.
 */
export interface ModelCatalog {
  demandSensing: ModelDefinition<DemandSensingParameters>;
  stockoutRisk: ModelDefinition<StockoutParameters>;
  supplierLeadTime: ModelDefinition<SupplierLeadTimeParameters>;
  orderFulfilment: ModelDefinition<OrderFulfilmentParameters>;
  creditRisk: ModelDefinition<CreditRiskParameters>;
}

const CATALOG_KEYS: Record<ModelId, keyof ModelCatalog> = {
  [ModelIds.DemandSensing]: 'demandSensing',
  [ModelIds.StockoutRisk]: 'stockoutRisk',
  [ModelIds.SupplierLeadTime]: 'supplierLeadTime',
  [ModelIds.OrderFulfilment]: 'orderFulfilment',
  [ModelIds.CreditRisk]: 'creditRisk',
};

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

/** The model's definition with other parameters, under the same code version (a refit of it). */
export function withParameters<P extends object>(model: ModelDefinition<P>, parameters: P): ModelDefinition<P> {
  return { ...model, parameters, version: modelVersion(model.codeVersion, parameters) };
}

/** The code version of a registered version string (`2.0.0+3f2a9c1e` -> `2.0.0`). */
export function codeVersionOf(version: string): string {
  return version.split('+')[0];
}

/**
 * Makes the catalog run a registered version of one of its models: only a version of the code
 * this process runs can be adopted (its parameters are then that code's). False when it cannot.
 */
export function adoptVersion(catalog: ModelCatalog, modelId: string, version: string, parameters: object): boolean {
  const key = CATALOG_KEYS[modelId as ModelId] as keyof ModelCatalog | undefined;
  if (!key) return false;
  const current = catalog[key] as ModelDefinition;
  if (codeVersionOf(version) !== current.codeVersion) return false;
  const adopted = withParameters(current, parameters);
  if (adopted.version !== version) return false;
  (catalog as unknown as Record<string, ModelDefinition>)[key] = adopted;
  return true;
}

export function refOf(model: ModelRef): ModelRef {
  return { id: model.id, version: model.version };
}
