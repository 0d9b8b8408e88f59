// The scenario generator of the demo and the benchmarks: a repeatable day of a distribution company.
export { buildScenario, AGENTS } from './scenario';
export type { Phase, Scenario, ScenarioEvent, ScenarioOptions, ScenarioSize } from './scenario';
export { buildCatalog, LOCATIONS, WEEKLY_SEASONALITY } from './catalog';
export type { Catalog, Customer, SkuProfile, SupplierOffer } from './catalog';
export { Random } from './random';
export { ScenarioAgentKeys } from './agent-keys';
export { applyCompetitorPromotion } from './demand-shift';
export type { DemandShift } from './demand-shift';
export { MASTER_DATA_OWNERS, MASTER_DATA_SOURCE, masterDataEvents, masterDataViolations, masterUnitCost } from './master-data';
export type { MasterDataRecord } from './master-data';
export {
  PEOPLE,
  WORKING_DAY_HOURS,
  approvalClock,
  dayActs,
  erpOutageSeconds,
  erpTrouble,
  middayPolicyChange,
  playSecondsPerMinute,
  reviewKey,
  reviewOf,
  asRejection,
  timeAgentTransfer,
} from './people';
export type { DayAct, DayActKind, Person, Review, TaskFacts } from './people';
