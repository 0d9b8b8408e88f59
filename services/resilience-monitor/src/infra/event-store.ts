// Stores what the monitor consumes, a whole group in the consumer's transaction: feed and model health
// (with the shadow runs a model health report carries),
// decisions, approval results, execution outcomes, mode changes, reported refusals, the orders,
// shipment reports and daily demand among the scored source events, the demand forecasts proposals
// carry, and the automatic approvals execution held for review. Rows are keyed by what identifies
// each fact, so writing a redelivered batch again changes nothing.
import { EntityManager } from 'typeorm';
import { domainOfActionType, EventTypes, feedHealthSubject, parse, type AnyContractEvent, type ContractEvent, type EventType } from '@governor/contracts';
import { assertSchemaName, json, NonRetriableError, upsertRows } from '@governor/messaging';
import { forecastOfProposal } from '../domain/business-outcomes';
import { newShare } from '../domain/feed-coverage';
import { ExecutionOutcomes, type ExecutionOutcome } from '../domain/scorecard';
import { Tables } from './event-tables';

type FeedHealthEvent = ContractEvent<typeof EventTypes.FeedHealthReportedV1>;
type ScoredEvent = ContractEvent<typeof EventTypes.QualityEventScoredV1>;

/** The scored source events the scorecard reads; the monitor leaves every other one unparsed. */
const SCORED_TYPES_KEPT: readonly string[] = [
  EventTypes.OrdersSalesOrderPlacedV1,
  EventTypes.OrdersShipmentStatusReportedV1,
  EventTypes.InventoryDemandRecordedV1,
] satisfies EventType[];

export const EventStoreErrors = { InvalidScoredSourceEvent: 'invalid-scored-source-event' } as const;

const OUTCOME_OF_TYPE: Record<string, ExecutionOutcome> = {
  [EventTypes.ActionExecutedV1]: ExecutionOutcomes.Executed,
  [EventTypes.ActionFailedV1]: ExecutionOutcomes.Failed,
  [EventTypes.ActionCompensatedV1]: ExecutionOutcomes.Compensated,
};

export class EventStore {
  private readonly s: string;

  constructor(schema: string) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  async record(m: EntityManager, events: readonly AnyContractEvent[]): Promise<void> {
    const feeds: FeedHealthEvent[] = [];
    const models: unknown[][] = [];
    const decisions: unknown[][] = [];
    const approvals: unknown[][] = [];
    const outcomes: unknown[][] = [];
    const modes: unknown[][] = [];
    const violations: unknown[][] = [];
    const orders: unknown[][] = [];
    const shipments: unknown[][] = [];
    const actuals: unknown[][] = [];
    const forecasts: unknown[][] = [];
    const reviews: unknown[][] = [];
    for (const event of events) {
      switch (event.type) {
        case EventTypes.QualityEventScoredV1: {
          const source = sourceEventOf(event);
          if (source?.type === EventTypes.OrdersSalesOrderPlacedV1) orders.push([source.source, source.id, source.data.orderId, source.time]);
          if (source?.type === EventTypes.OrdersShipmentStatusReportedV1) {
            const d = source.data;
            shipments.push([source.source, source.id, d.orderId, d.shipmentId, d.status, source.time]);
          }
          if (source?.type === EventTypes.InventoryDemandRecordedV1) {
            const d = source.data;
            actuals.push([source.source, source.id, `${d.sku}@${d.location}`, d.date, d.quantity, source.time]);
          }
          break;
        }
        case EventTypes.ReviewRequestedV1: {
          const d = event.data;
          reviews.push([event.source, event.id, d.actionId, d.domain, d.domainMode, d.requestedAt]);
          break;
        }
        case EventTypes.RiskActionProposedV1: {
          const d = event.data;
          const forecast = forecastOfProposal(d);
          if (forecast && d.model) forecasts.push([d.actionId, d.domain, d.model.id, d.model.version, forecast.subject, forecast.dailyDemand, d.proposedAt]);
          break;
        }
        case EventTypes.FeedHealthReportedV1:
          feeds.push(event);
          break;
        case EventTypes.ModelHealthReportedV1: {
          const d = event.data;
          models.push([event.source, event.id, d.modelId, d.modelVersion, d.domain, d.psi, d.forecastBias, d.biasSampleSize, d.reportedAt, json(d.shadows ?? [])]);
          break;
        }
        case EventTypes.DecisionMadeV1: {
          const d = event.data;
          decisions.push([d.decisionId, d.actionId, d.actionType, d.domain, d.outcome, d.domainMode, d.policyVersion, event.time, json(d.reasons)]);
          break;
        }
        case EventTypes.ApprovalResolvedV1: {
          const d = event.data;
          approvals.push([d.taskId, d.actionId, d.actionType, d.domain, d.outcome, d.rejectedBy, d.requestedAt, d.resolvedAt]);
          break;
        }
        case EventTypes.ActionExecutedV1:
        case EventTypes.ActionFailedV1:
        case EventTypes.ActionCompensatedV1: {
          const d = event.data;
          outcomes.push([event.source, event.id, d.actionId, d.actionType, domainOfActionType(d.actionType), OUTCOME_OF_TYPE[event.type], event.time, d.attempts]);
          break;
        }
        case EventTypes.DomainModeChangedV1: {
          const d = event.data;
          modes.push([event.source, event.id, d.domain, d.mode, d.previousMode, d.triggeredBy, d.reason, d.since, event.time]);
          break;
        }
        case EventTypes.SecurityViolationRecordedV1: {
          const d = event.data;
          violations.push([event.source, event.id, d.service, d.kind, d.code, d.domain, d.count, d.lastAt]);
          break;
        }
        default:
          // Other types on these topics are not the monitor's business.
          break;
      }
    }
    await this.recordFeedHealth(m, feeds);
    const now = new Date();
    await upsertRows(m, this.s, Tables.modelHealth, models, now);
    await upsertRows(m, this.s, Tables.decisions, decisions, now);
    await upsertRows(m, this.s, Tables.approvals, approvals, now);
    await upsertRows(m, this.s, Tables.outcomes, outcomes, now);
    await upsertRows(m, this.s, Tables.modeChanges, modes, now);
    await upsertRows(m, this.s, Tables.securityViolations, violations, now);
    await upsertRows(m, this.s, Tables.orders, orders, now);
    await upsertRows(m, this.s, Tables.shipments, shipments, now);
    await upsertRows(m, this.s, Tables.demandActuals, actuals, now);
    await upsertRows(m, this.s, Tables.demandForecasts, forecasts, now);
    await upsertRows(m, this.s, Tables.reviewRequests, reviews, now);
  }

  /** Each report weighted by the part of its window that is new since the feed's previous report. */
  private async recordFeedHealth(m: EntityManager, reports: readonly FeedHealthEvent[]): Promise<void> {
    if (reports.length === 0) return;
    const s = this.s;
    const feedOf = (e: FeedHealthEvent) => feedHealthSubject(e.data.feedSource, e.data.topic);
    const known: { feed: string; reported_at: Date }[] = await m.query(
      `SELECT feed, reported_at FROM ${s}.feed_latest WHERE feed = ANY($1::text[])`,
      [[...new Set(reports.map(feedOf))]],
    );
    const previous = new Map(known.map((k) => [k.feed, k.reported_at.getTime()]));
    const latest = new Map<string, FeedHealthEvent>();
    const rows: unknown[][] = [];
    for (const e of [...reports].sort((a, b) => Date.parse(a.data.reportedAt) - Date.parse(b.data.reportedAt))) {
      const d = e.data;
      const at = Date.parse(d.reportedAt);
      const before = previous.get(feedOf(e)) ?? null;
      const share = newShare(before, at, d.windowSeconds);
      previous.set(feedOf(e), Math.max(before ?? at, at));
      rows.push([e.source, e.id, feedOf(e), d.domain, d.reportedAt, d.windowSeconds, d.eventCount, d.invalidCount, d.meanScore, d.stale, share]);
      latest.set(feedOf(e), e);
    }
    const now = new Date();
    await upsertRows(m, s, Tables.feedHealth, rows, now);
    await upsertRows(
      m,
      s,
      Tables.feedLatest,
      [...latest.values()].map((e) => [feedOf(e), e.data.domain, e.data.reportedAt, e.data.stale, e.data.secondsSinceLastEvent]),
      now,
    );
  }
}

/**
 * The source event a scored event carries, when it is one the scorecard reads, validated like any
 * record at the edge. data-quality validated it already, so a failure is a bug or a tampered
 * record, which no retry can fix: the record is dead-lettered.
 */
function sourceEventOf(scored: ScoredEvent): AnyContractEvent | undefined {
  if (!SCORED_TYPES_KEPT.includes(String(scored.data.event.type))) return undefined;
  const parsed = parse({ value: JSON.stringify(scored.data.event), topic: scored.data.sourceTopic });
  if (!parsed.ok) {
    throw new NonRetriableError(EventStoreErrors.InvalidScoredSourceEvent, `scored event ${scored.id} carries an invalid source event: ${parsed.error.message}`);
  }
  return parsed.event;
}
