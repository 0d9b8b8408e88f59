// Stores what the monitor consumes, a whole group in the consumer's transaction: feed and model health,
// decisions, approval results, execution outcomes, mode changes and reported refusals. Rows are keyed by what
// identifies each fact, so writing a redelivered batch again changes nothing.
import { EntityManager } from 'typeorm';
import { domainOfActionType, EventTypes, feedHealthSubject, type AnyContractEvent, type ContractEvent } from '@governor/contracts';
import { assertSchemaName, upsertRows } from '@governor/messaging';
import { newShare } from '../domain/feed-coverage';
import { ExecutionOutcomes, type ExecutionOutcome } from '../domain/scorecard';
import { Tables } from './event-tables';

type FeedHealthEvent = ContractEvent<typeof EventTypes.FeedHealthReportedV1>;

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
    for (const event of events) {
      switch (event.type) {
        case EventTypes.FeedHealthReportedV1:
          feeds.push(event);
          break;
        case EventTypes.ModelHealthReportedV1: {
          const d = event.data;
          models.push([event.source, event.id, d.modelId, d.modelVersion, d.domain, d.psi, d.forecastBias, d.biasSampleSize, d.reportedAt]);
          break;
        }
        case EventTypes.DecisionMadeV1: {
          const d = event.data;
          decisions.push([d.decisionId, d.actionId, d.actionType, d.domain, d.outcome, d.domainMode, d.policyVersion, event.time]);
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
          outcomes.push([event.source, event.id, d.actionId, d.actionType, domainOfActionType(d.actionType), OUTCOME_OF_TYPE[event.type], event.time]);
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
