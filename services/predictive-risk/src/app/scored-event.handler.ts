// A group of scored events, end to end, inside the runner's transaction: unwrap and validate the
// source event each carries, claim the source events in the source inbox, load everything the
// group will read in one statement per table, run each record in order against that working set
// (the data-quality floor first: a low-quality input reaches no model; a planner is told; then the
// use case of its type), and write everything the group changed in one go. A group of any size
// costs the same handful of statements.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AnyContractEvent, EventTypes } from '@governor/contracts';
import { Inbox, NonRetriableError, recordSpan, type ReceivedEvent, type RefusedRecord } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { type EntityManager } from 'typeorm';
import { dateOf } from '../domain/math/calendar';
import { NeedKeys } from '../domain/proposals/open-needs';
import { type Evidence } from '../domain/proposals/proposal';
import { isBelowFloor, lowQualityNotice } from '../domain/proposals/quality-floor';
import { ReadKeys } from '../infra/read-keys';
import { StateReader } from '../infra/state-reader';
import { StateWriter } from '../infra/state-writer';
import { type PredictiveRiskConfig } from '../config';
import { InventoryUseCase } from './inventory.use-case';
import { OrdersUseCase } from './orders.use-case';
import { ProcurementUseCase } from './procurement.use-case';
import { Proposer } from './proposer';
import { type RecordContext } from './record-context';
import { RiskMetrics } from './risk-metrics';
import { SOURCE_EVENT_INBOX } from './tokens';
import { ScoredEventErrors, unwrapScoredEvent } from './unwrap-scored-event';

/** A record's source event with its evidence. */
/** A scored event as the consumer hands it over. */
export type ScoredRecord = ReceivedEvent<typeof EventTypes.QualityEventScoredV1>;

interface SourceRecord {
  readonly received: ScoredRecord;
  readonly source: AnyContractEvent;
  readonly evidence: Evidence;
}

/** What one record reads (declared before the group loads) and what it then does. */
interface Route {
  reads(keys: ReadKeys): void;
  run(ctx: RecordContext): void;
}

@Injectable()
export class ScoredEventHandler {
  private readonly log = new Logger('ScoredEventHandler');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PredictiveRiskConfig,
    @Inject(StateReader) private readonly reader: StateReader,
    @Inject(StateWriter) private readonly writer: StateWriter,
    @Inject(Proposer) private readonly proposer: Proposer,
    @Inject(RiskMetrics) private readonly metrics: RiskMetrics,
    @Inject(InventoryUseCase) private readonly inventory: InventoryUseCase,
    @Inject(ProcurementUseCase) private readonly procurement: ProcurementUseCase,
    @Inject(OrdersUseCase) private readonly orders: OrdersUseCase,
    @Inject(SOURCE_EVENT_INBOX) private readonly sourceInbox: Inbox,
  ) {}

  /**
   * Handles the group's scored events in order; returns those whose source event is invalid
   * (dead-lettered while the rest of the group goes on).
   */
  async handleGroup(records: readonly ScoredRecord[], manager: EntityManager): Promise<RefusedRecord[]> {
    const refused: RefusedRecord[] = [];
    const valid: SourceRecord[] = [];
    for (const record of records) {
      try {
        valid.push(sourceRecord(record));
      } catch (error) {
        if (!(error instanceof NonRetriableError)) throw error;
        refused.push({ record, error });
      }
    }
    const fresh = await this.claimFirstTime(manager, valid);
    if (fresh.length === 0) return refused;
    const routes = fresh.map((record) => ({ record, route: this.route(record) }));
    const keys = new ReadKeys();
    for (const { route } of routes) route.reads(keys);
    const state = await this.reader.load(manager, keys);
    for (const { record, route } of routes) {
      // In the record's span: what it proposes continues the stock report's trace.
      await recordSpan(record.received, async () =>
        route.run({ state, evidence: record.evidence, now: new Date(), today: dateOf(record.source.time) }),
      );
    }
    await this.writer.flush(manager, state.changes);
    return refused;
  }

  /**
   * The runner's inbox knows the scored events; this one knows the source events inside, so a
   * source event scored twice (a data-quality replay under new ids) still counts once.
   */
  private async claimFirstTime(
    manager: EntityManager,
    records: readonly SourceRecord[],
  ): Promise<SourceRecord[]> {
    if (records.length === 0) return [];
    const first = await this.sourceInbox.claimAll(
      manager,
      records.map((r) => r.evidence.ref),
    );
    const fresh = records.filter((_, i) => first[i]);
    if (fresh.length < records.length) {
      this.metrics.ignored.inc({ reason: 'source-event-already-handled' }, records.length - fresh.length);
    }
    return fresh;
  }

  private route(record: SourceRecord): Route {
    const { source, evidence } = record;
    if (isBelowFloor(evidence.score, this.config.qualityFloor)) return this.quarantine(source);
    switch (source.type) {
      case EventTypes.InventoryLevelReportedV1:
        return {
          reads: (keys) => this.inventory.levelReads(source, keys),
          run: (ctx) => this.inventory.onLevelReported(ctx, source),
        };
      case EventTypes.InventoryDemandRecordedV1:
        return {
          reads: (keys) => this.inventory.demandReads(source, keys),
          run: (ctx) => this.inventory.onDemandRecorded(ctx, source),
        };
      case EventTypes.ProcurementSupplierTermsUpdatedV1:
        return { reads: () => undefined, run: (ctx) => this.procurement.onSupplierTerms(ctx, source) };
      case EventTypes.ProcurementSupplierDeliveryRecordedV1:
        return {
          reads: (keys) => this.procurement.deliveryReads(source, keys),
          run: (ctx) => this.procurement.onDeliveryRecorded(ctx, source),
        };
      case EventTypes.OrdersSalesOrderPlacedV1:
        return {
          reads: (keys) => this.orders.placedReads(source, keys),
          run: (ctx) => this.orders.onOrderPlaced(ctx, source),
        };
      case EventTypes.OrdersShipmentStatusReportedV1:
        return {
          reads: (keys) => this.orders.shipmentReads(source, keys),
          run: (ctx) => this.orders.onShipmentStatus(ctx, source),
        };
      case EventTypes.CreditCustomerExposureUpdatedV1:
        return {
          reads: (keys) => this.orders.exposureReads(source, keys),
          run: (ctx) => this.orders.onCreditExposure(ctx, source),
        };
      default:
        // unwrapScoredEvent() only lets source-topic types through; anything else is a contract change.
        throw new NonRetriableError(ScoredEventErrors.InvalidSourceEvent, `no model consumes ${source.type}`);
    }
  }

  /** Below the quality floor: no model sees the input; a planner hears of it once per cooldown. */
  private quarantine(source: AnyContractEvent): Route {
    const key = NeedKeys.lowQuality(source.type, source.subject);
    return {
      reads: (keys) => keys.needs.add(key),
      run: (ctx) => {
        this.metrics.lowQuality.inc({ event_type: source.type });
        this.log.warn(`below the quality floor: ${source.type} ${source.id} scored ${ctx.evidence.score}`);
        const draft = lowQualityNotice(ctx.evidence, source.subject, this.config.qualityFloor);
        const active = this.proposer.active(ctx.state.need(key), ctx.now);
        this.proposer.submit(ctx.state, draft, active, ctx.now, 'once-per-cooldown');
      },
    };
  }
}

/** The scored event's source event and its evidence; NonRetriableError when it is not valid. */
function sourceRecord(received: ScoredRecord): SourceRecord {
  const { event } = received;
  const source = unwrapScoredEvent(event);
  return {
    received,
    source,
    evidence: {
      ref: { source: source.source, id: source.id, type: source.type, time: source.time },
      score: event.data.score,
      issues: event.data.issues,
    },
  };
}
