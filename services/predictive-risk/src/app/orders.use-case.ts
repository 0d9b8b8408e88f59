// Sales orders, shipment updates and customer credit. An order is judged when placed (fulfilment
// risk from stock at its location and the days to its ship date; credit risk with its amount added
// to the customer's exposure) and again when a shipment of it is reported delayed; an exposure
// update re-judges the customer's held orders for release.
import { Inject, Injectable } from '@nestjs/common';
import { type ContractEvent, type EventTypes, ShipmentStatuses } from '@governor/contracts';
import { daysBetween } from '../domain/math/calendar';
import { creditRisk, shouldHold, shouldRelease } from '../domain/models/credit-risk';
import { type ModelCatalog, ModelInputs } from '../domain/models/model-catalog';
import { fulfilmentRisk } from '../domain/models/order-fulfilment';
import { NeedKeys } from '../domain/proposals/open-needs';
import {
  creditHoldProposal,
  creditReleaseProposal,
  fulfilmentProposal,
  type OrderFacts,
} from '../domain/proposals/order-risk';
import { type Evidence, money } from '../domain/proposals/proposal';
import { type OrderRow } from '../infra/state-changes';
import { StateReader } from '../infra/state-reader';
import { Proposer } from './proposer';
import { type RecordContext } from './record-context';
import { RiskMetrics } from './risk-metrics';
import { MODEL_CATALOG } from './tokens';

@Injectable()
export class OrdersUseCase {
  constructor(
    @Inject(StateReader) private readonly reader: StateReader,
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(Proposer) private readonly proposer: Proposer,
    @Inject(RiskMetrics) private readonly metrics: RiskMetrics,
  ) {}

  async onOrderPlaced(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.OrdersSalesOrderPlacedV1>,
  ): Promise<void> {
    const d = event.data;
    const existing = await this.reader.order(ctx.manager, d.orderId);
    const order: OrderRow = {
      orderId: d.orderId,
      customerId: d.customerId,
      location: d.location,
      requestedShipDate: d.requestedShipDate,
      priority: d.priority,
      amount: money(d.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0)),
      lines: d.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      delayed: existing?.delayed ?? false,
      holdProposed: existing?.holdProposed ?? false,
      evidence: ctx.evidence,
      delayEvidence: existing?.delayEvidence ?? null,
    };
    await this.judgeFulfilment(ctx, order);
    ctx.changes.putOrder(await this.judgeCredit(ctx, order));
  }

  async onShipmentStatus(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.OrdersShipmentStatusReportedV1>,
  ): Promise<void> {
    const order = await this.reader.order(ctx.manager, event.data.orderId);
    if (!order) {
      this.metrics.ignored.inc({ reason: 'shipment-of-unknown-order' });
      return;
    }
    if (event.data.status === ShipmentStatuses.Delivered) {
      ctx.changes.putOrder({ ...order, delayed: false });
      ctx.changes.closeNeed(NeedKeys.orderAtRisk(order.orderId));
      return;
    }
    if (event.data.status !== ShipmentStatuses.Delayed || order.delayed) return;
    const delayed: OrderRow = { ...order, delayed: true, delayEvidence: ctx.evidence };
    ctx.changes.putOrder(delayed);
    await this.judgeFulfilment(ctx, delayed);
  }

  async onCreditExposure(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.CreditCustomerExposureUpdatedV1>,
  ): Promise<void> {
    const d = event.data;
    const model = this.catalog.creditRisk;
    const current = await this.reader.credit(ctx.manager, d.customerId, true);
    if (current && Date.parse(current.asOf) > Date.parse(event.time)) {
      this.metrics.ignored.inc({ reason: 'older-credit-exposure' });
      return;
    }
    ctx.changes.putCredit({
      customerId: d.customerId,
      creditLimit: d.creditLimit,
      exposure: d.exposure,
      daysPastDue: d.daysPastDue,
      asOf: event.time,
      evidence: ctx.evidence,
    });
    const base = creditRisk(d.creditLimit, d.exposure, d.daysPastDue, model.parameters);
    ctx.changes.observe(model.id, model.version, ModelInputs.Utilisation, base.utilisation);
    ctx.changes.observe(model.id, model.version, ModelInputs.DaysPastDue, d.daysPastDue);

    const held = await this.reader.heldOrders(ctx.manager, d.customerId);
    if (held.length === 0) return;
    const needs = await this.reader.needs(
      ctx.manager,
      held.map((o) => NeedKeys.creditRelease(o.orderId)),
    );
    for (const order of held) {
      // Releasing brings the order's amount onto the exposure: judge the exposure with it.
      const withOrder = creditRisk(d.creditLimit, d.exposure + order.amount, d.daysPastDue, model.parameters);
      if (!shouldRelease(withOrder, model.parameters)) continue;
      const draft = creditReleaseProposal(
        this.facts(ctx, order),
        withOrder,
        d.daysPastDue,
        [ctx.evidence, order.evidence],
        ctx.evidence.ref,
        model,
      );
      const active = this.proposer.active(needs.get(draft.need.key), ctx.now);
      if (this.proposer.submit(ctx.changes, draft, active, ctx.now, 'once-per-cooldown')) {
        ctx.changes.putOrder({ ...order, holdProposed: false });
        ctx.changes.closeNeed(NeedKeys.creditHold(order.orderId));
      }
    }
  }

  private facts(ctx: RecordContext, order: OrderRow): OrderFacts {
    return {
      orderId: order.orderId,
      customerId: order.customerId,
      location: order.location,
      priority: order.priority,
      amount: order.amount,
      daysToShip: daysBetween(ctx.today, order.requestedShipDate),
    };
  }

  private async judgeFulfilment(ctx: RecordContext, order: OrderRow): Promise<void> {
    const model = this.catalog.orderFulfilment;
    const facts = this.facts(ctx, order);
    const stock = await this.reader.availableToPromise(ctx.manager, order.location, [
      ...new Set(order.lines.map((l) => l.sku)),
    ]);
    const available = new Map([...stock].map(([sku, s]) => [sku, s.available]));
    const risk = fulfilmentRisk(order.lines, available, facts.daysToShip, order.delayed, model.parameters);
    if (risk.orderedUnits > 0)
      ctx.changes.observe(model.id, model.version, ModelInputs.ShortageRatio, risk.shortageRatio);
    ctx.changes.observe(model.id, model.version, ModelInputs.DaysToShip, facts.daysToShip);
    const evidence: Evidence[] = [order.evidence, ...(order.delayEvidence ? [order.delayEvidence] : [])];
    for (const s of stock.values()) evidence.push(s.evidence);
    const draft = fulfilmentProposal(facts, risk, evidence, ctx.evidence.ref, model);
    if (!draft) return;
    const needs = await this.reader.needs(ctx.manager, [draft.need.key]);
    this.proposer.submit(
      ctx.changes,
      draft,
      this.proposer.active(needs.get(draft.need.key), ctx.now),
      ctx.now,
      'once-per-cooldown',
    );
  }

  /** The order as it should be stored: marked when a credit hold was proposed for it. */
  private async judgeCredit(ctx: RecordContext, order: OrderRow): Promise<OrderRow> {
    if (order.holdProposed) return order;
    const credit = await this.reader.credit(ctx.manager, order.customerId);
    if (!credit) return order;
    const model = this.catalog.creditRisk;
    const withOrder = creditRisk(
      credit.creditLimit,
      credit.exposure + order.amount,
      credit.daysPastDue,
      model.parameters,
    );
    if (!shouldHold(withOrder, model.parameters)) return order;
    const draft = creditHoldProposal(
      this.facts(ctx, order),
      withOrder,
      credit.daysPastDue,
      [order.evidence, credit.evidence],
      ctx.evidence.ref,
      model,
    );
    const needs = await this.reader.needs(ctx.manager, [draft.need.key]);
    const active = this.proposer.active(needs.get(draft.need.key), ctx.now);
    return this.proposer.submit(ctx.changes, draft, active, ctx.now, 'once-per-cooldown')
      ? { ...order, holdProposed: true }
      : order;
  }
}
