// One scored event, end to end, inside the runner's transaction: unwrap and validate the source
// event it carries, enforce the data-quality floor (a low-quality input reaches no model; a planner
// is told), hand it to the use case of its type, and write everything it changed in one go.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AnyContractEvent, EventTypes } from '@governor/contracts';
import { Inbox, NonRetriableError } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { type EntityManager } from 'typeorm';
import { dateOf } from '../domain/math/calendar';
import { NeedKeys } from '../domain/proposals/open-needs';
import { type Evidence } from '../domain/proposals/proposal';
import { isBelowFloor, lowQualityNotice } from '../domain/proposals/quality-floor';
import { StateChanges } from '../infra/state-changes';
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
import { type ScoredEvent, ScoredEventErrors, unwrapScoredEvent } from './unwrap-scored-event';

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

  async handle(scored: ScoredEvent, manager: EntityManager): Promise<void> {
    const source = unwrapScoredEvent(scored);
    const evidence: Evidence = {
      ref: { source: source.source, id: source.id, type: source.type },
      score: scored.data.score,
      issues: scored.data.issues,
    };
    // The runner's inbox knows the scored event; this one knows the source event inside, so a
    // source event scored twice (a data-quality replay under new ids) still counts once.
    if (!(await this.sourceInbox.claim(manager, evidence.ref))) {
      this.metrics.ignored.inc({ reason: 'source-event-already-handled' });
      return;
    }
    const ctx: RecordContext = {
      manager,
      changes: new StateChanges(),
      evidence,
      now: new Date(),
      today: dateOf(source.time),
    };
    if (isBelowFloor(evidence.score, this.config.qualityFloor)) {
      await this.quarantine(ctx, source);
    } else {
      await this.dispatch(ctx, source);
    }
    await this.writer.flush(manager, ctx.changes);
  }

  private async quarantine(ctx: RecordContext, source: AnyContractEvent): Promise<void> {
    this.metrics.lowQuality.inc({ event_type: source.type });
    this.log.warn(`below the quality floor: ${source.type} ${source.id} scored ${ctx.evidence.score}`);
    const key = NeedKeys.lowQuality(source.type, source.subject);
    const needs = await this.reader.needs(ctx.manager, [key]);
    const draft = lowQualityNotice(ctx.evidence, source.subject, this.config.qualityFloor);
    this.proposer.submit(
      ctx.changes,
      draft,
      this.proposer.active(needs.get(key), ctx.now),
      ctx.now,
      'once-per-cooldown',
    );
  }

  private async dispatch(ctx: RecordContext, event: AnyContractEvent): Promise<void> {
    switch (event.type) {
      case EventTypes.InventoryLevelReportedV1:
        return this.inventory.onLevelReported(ctx, event);
      case EventTypes.InventoryDemandRecordedV1:
        return this.inventory.onDemandRecorded(ctx, event);
      case EventTypes.ProcurementSupplierTermsUpdatedV1:
        return this.procurement.onSupplierTerms(ctx, event);
      case EventTypes.ProcurementSupplierDeliveryRecordedV1:
        return this.procurement.onDeliveryRecorded(ctx, event);
      case EventTypes.OrdersSalesOrderPlacedV1:
        return this.orders.onOrderPlaced(ctx, event);
      case EventTypes.OrdersShipmentStatusReportedV1:
        return this.orders.onShipmentStatus(ctx, event);
      case EventTypes.CreditCustomerExposureUpdatedV1:
        return this.orders.onCreditExposure(ctx, event);
      default:
        // unwrapScoredEvent() only lets source-topic types through; anything else is a contract change.
        throw new NonRetriableError(ScoredEventErrors.InvalidSourceEvent, `no model consumes ${event.type}`);
    }
  }
}
