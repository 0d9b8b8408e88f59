// Everything a group of consumed records changes, collected while the models run (through the
// group's WorkingSet) and written at the end by StateWriter: one multi-row statement per table,
// then the outbox rows, all in the group's transaction. Keyed maps keep the last write per row, so
// one statement never touches a row twice.
import { type ContractEvent, type EventTypes } from '@governor/contracts';
import { currentTraceHeaders, type TraceHeaders } from '@governor/telemetry';
import { type DemandState } from '../domain/models/demand-sensing';
import { type OrderLine } from '../domain/models/order-fulfilment';
import { type StockLevels } from '../domain/models/stockout-risk';
import { type RunningStats } from '../domain/math/welford';
import { type OpenNeed } from '../domain/proposals/open-needs';
import { type Evidence } from '../domain/proposals/proposal';

export interface PositionRow {
  readonly sku: string;
  readonly location: string;
  readonly levels: StockLevels;
  readonly unitCost: number;
  readonly asOf: string;
  readonly evidence: Evidence;
}

export interface DemandRow {
  readonly sku: string;
  readonly location: string;
  readonly state: DemandState;
  readonly evidence: Evidence;
}

export interface ForecastRow {
  readonly sku: string;
  readonly location: string;
  readonly targetDate: string;
  readonly modelVersion: string;
  readonly forecast: number;
  /** null until the day is over. */
  readonly actual: number | null;
}

export interface TermsRow {
  readonly supplierId: string;
  readonly sku: string;
  readonly unitCost: number;
  readonly minOrderQuantity: number;
  readonly quotedLeadTimeDays: number;
  readonly effectiveAt: string;
  readonly evidence: Evidence;
}

export interface LatenessRow {
  readonly supplierId: string;
  readonly sku: string;
  readonly stats: RunningStats;
}

export interface OrderRow {
  readonly orderId: string;
  readonly customerId: string;
  readonly location: string;
  readonly requestedShipDate: string;
  readonly priority: 'standard' | 'expedite';
  readonly amount: number;
  readonly lines: readonly OrderLine[];
  readonly delayed: boolean;
  readonly holdProposed: boolean;
  readonly evidence: Evidence;
  readonly delayEvidence: Evidence | null;
  /** Fulfilment risk as judged at placement (when its stock was known), for calibration. */
  readonly judgement: FulfilmentJudgement | null;
  /** late: a shipment of it was reported delayed; on-time: delivered without. */
  readonly outcome: 'on-time' | 'late' | null;
}

export interface FulfilmentJudgement {
  readonly shortageRatio: number;
  readonly urgency: number;
  readonly risk: number;
}

export interface CreditRow {
  readonly customerId: string;
  readonly creditLimit: number;
  readonly exposure: number;
  readonly daysPastDue: number;
  readonly asOf: string;
  readonly evidence: Evidence;
}

export interface ObservationRow {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly input: string;
  readonly value: number;
}

/** An exposure update as credit risk judged it: what its later outcome is held against. */
export interface CreditJudgementRow {
  readonly customerId: string;
  readonly asOf: string;
  readonly utilisation: number;
  readonly daysPastDue: number;
  readonly formulaRisk: number;
}

export type ProposalEvent = ContractEvent<typeof EventTypes.RiskActionProposedV1>;

export class StateChanges {
  readonly positions = new Map<string, PositionRow>();
  readonly demand = new Map<string, DemandRow>();
  readonly forecasts = new Map<string, ForecastRow>();
  readonly terms = new Map<string, TermsRow>();
  readonly lateness = new Map<string, LatenessRow>();
  readonly orders = new Map<string, OrderRow>();
  readonly credit = new Map<string, CreditRow>();
  readonly needs = new Map<string, OpenNeed>();
  readonly closedNeeds = new Set<string>();
  readonly observations: ObservationRow[] = [];
  readonly creditJudgements: CreditJudgementRow[] = [];
  /** With the trace of the record that proposed it (its record span's): the proposal continues it. */
  readonly proposals: { event: ProposalEvent; trace: TraceHeaders }[] = [];

  putPosition(row: PositionRow): void {
    this.positions.set(`${row.sku}@${row.location}`, row);
  }

  putDemand(row: DemandRow): void {
    this.demand.set(`${row.sku}@${row.location}`, row);
  }

  putForecast(row: ForecastRow): void {
    this.forecasts.set(`${row.sku}@${row.location}|${row.targetDate}`, row);
  }

  putTerms(row: TermsRow): void {
    this.terms.set(`${row.supplierId}@${row.sku}`, row);
  }

  putLateness(row: LatenessRow): void {
    this.lateness.set(`${row.supplierId}@${row.sku}`, row);
  }

  putOrder(row: OrderRow): void {
    this.orders.set(row.orderId, row);
  }

  putCredit(row: CreditRow): void {
    this.credit.set(row.customerId, row);
  }

  openNeed(need: OpenNeed): void {
    this.closedNeeds.delete(need.key);
    this.needs.set(need.key, need);
  }

  closeNeed(key: string): void {
    this.needs.delete(key);
    this.closedNeeds.add(key);
  }

  observe(modelId: string, modelVersion: string, input: string, value: number): void {
    if (Number.isFinite(value)) this.observations.push({ modelId, modelVersion, input, value });
  }

  judgeCredit(row: CreditJudgementRow): void {
    this.creditJudgements.push(row);
  }

  propose(event: ProposalEvent): void {
    this.proposals.push({ event, trace: currentTraceHeaders() });
  }
}
