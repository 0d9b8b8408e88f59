// Sales orders, shipment updates and customer credit. An order is judged when placed (fulfilment
// risk from stock at its location and the days to its ship date; credit risk with its amount added
// to the customer's exposure) and again when a shipment of it is reported delayed; an exposure
// update re-judges the customer's held orders for release.
import { Inject, Injectable } from '@nestjs/common';
import { type ContractEvent, type EventTypes, ShipmentStatuses } from '@governor/contracts';
import { daysBetween } from '../domain/math/calendar';
import { creditRisk, shouldHold, shouldRelease } from '../domain/models/credit-risk';
import { type ModelCatalog, ModelInputs } from '../domain/models/model-catalog';
import { type FulfilmentRisk, fulfilmentRisk } from '../domain/models/order-fulfilment';
import { NeedKeys } from '../domain/proposals/open-needs';
import {
  creditHoldProposal,
  creditReleaseProposal,
  fulfilmentProposal,
  type OrderFacts,
} from '../domain/proposals/order-risk';
import { type Evidence, money } from '../domain/proposals/proposal';
import { type ReadKeys } from '../infra/read-keys';
import { type OrderRow } from '../infra/state-changes';
import { Proposer } from './proposer';
import { type RecordContext } from './record-context';
import { RiskMetrics } from './risk-metrics';
import { MODEL_CATALOG } from './tokens';

@Injectable()
export class OrdersUseCase {
  constructor(
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(Proposer) private readonly proposer: Proposer,
    @Inject(RiskMetrics) private readonly metrics: RiskMetrics,
  ) {}

  /**
   * A placed order replaces its row, is judged against its lines' stock and its customer's credit,
   * and may be released by a later exposure update of the same group.
   */
  placedReads(event: ContractEvent<typeof EventTypes.OrdersSalesOrderPlacedV1>, keys: ReadKeys): void {
    const d = event.data;
    keys.orders.add(d.orderId);
    for (const line of d.lines) keys.stock.add(line.sku, d.location);
    keys.credit.add(d.customerId);
    keys.needs.add(NeedKeys.orderAtRisk(d.orderId));
    keys.needs.add(NeedKeys.creditHold(d.orderId));
    keys.needs.add(NeedKeys.creditRelease(d.orderId));
  }

  /** A shipment update changes its order, which may be judged again against its lines' stock. */
  shipmentReads(
    event: ContractEvent<typeof EventTypes.OrdersShipmentStatusReportedV1>,
    keys: ReadKeys,
  ): void {
    keys.ordersWithStock.add(event.data.orderId);
    keys.needs.add(NeedKeys.orderAtRisk(event.data.orderId));
  }

  /** An exposure update replaces the customer's credit and re-judges its held orders. */
  exposureReads(
    event: ContractEvent<typeof EventTypes.CreditCustomerExposureUpdatedV1>,
    keys: ReadKeys,
  ): void {
    keys.exposures.add(event.data.customerId);
  }

  onOrderPlaced(ctx: RecordContext, event: ContractEvent<typeof EventTypes.OrdersSalesOrderPlacedV1>): void {
    const d = event.data;
    const existing = ctx.state.order(d.orderId);
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
      judgement: existing?.judgement ?? null,
      outcome: existing?.outcome ?? null,
    };
    const risk = this.judgeFulfilment(ctx, order);
    // The judgement at placement is what the outcome is later held against (calibration).
    const judged: OrderRow =
      order.judgement === null && risk.orderedUnits > 0
        ? {
            ...order,
            judgement: { shortageRatio: risk.shortageRatio, urgency: risk.urgency, risk: risk.formulaRisk },
          }
        : order;
    ctx.state.putOrder(this.judgeCredit(ctx, judged));
  }

  onShipmentStatus(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.OrdersShipmentStatusReportedV1>,
  ): void {
    const order = ctx.state.order(event.data.orderId);
    if (!order) {
      this.metrics.ignored.inc({ reason: 'shipment-of-unknown-order' });
      return;
    }
    if (event.data.status === ShipmentStatuses.Delivered) {
      ctx.state.putOrder({ ...order, delayed: false, outcome: order.outcome ?? 'on-time' });
      ctx.state.closeNeed(NeedKeys.orderAtRisk(order.orderId));
      return;
    }
    if (event.data.status !== ShipmentStatuses.Delayed || order.delayed) return;
    const delayed: OrderRow = { ...order, delayed: true, delayEvidence: ctx.evidence, outcome: 'late' };
    ctx.state.putOrder(delayed);
    this.judgeFulfilment(ctx, delayed);
  }

  onCreditExposure(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.CreditCustomerExposureUpdatedV1>,
  ): void {
    const d = event.data;
    const model = this.catalog.creditRisk;
    const current = ctx.state.customerCredit(d.customerId);
    if (current && Date.parse(current.asOf) > Date.parse(event.time)) {
      this.metrics.ignored.inc({ reason: 'older-credit-exposure' });
      return;
    }
    ctx.state.putCredit({
      customerId: d.customerId,
      creditLimit: d.creditLimit,
      exposure: d.exposure,
      daysPastDue: d.daysPastDue,
      asOf: event.time,
      evidence: ctx.evidence,
    });
    const base = creditRisk(d.creditLimit, d.exposure, d.daysPastDue, model.parameters);
    ctx.state.observe(model.id, model.version, ModelInputs.Utilisation, base.utilisation);
    ctx.state.observe(model.id, model.version, ModelInputs.DaysPastDue, d.daysPastDue);
    // The judgement its later updates will label (seriously past due or not): credit risk's outcomes.
    ctx.state.judgeCredit({
      customerId: d.customerId,
      asOf: event.time,
      utilisation: base.utilisation,
      daysPastDue: d.daysPastDue,
      formulaRisk: base.formulaRisk,
    });

    for (const order of ctx.state.heldOrders(d.customerId)) {
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
      const active = this.proposer.active(ctx.state.need(draft.need.key), ctx.now);
      if (this.proposer.submit(ctx.state, draft, active, ctx.now, 'once-per-cooldown')) {
        ctx.state.putOrder({ ...order, holdProposed: false });
        ctx.state.closeNeed(NeedKeys.creditHold(order.orderId));
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

  private judgeFulfilment(ctx: RecordContext, order: OrderRow): FulfilmentRisk {
    const model = this.catalog.orderFulfilment;
    const facts = this.facts(ctx, order);
    const stock = ctx.state.availableToPromise(order.location, [...new Set(order.lines.map((l) => l.sku))]);
    const available = new Map([...stock].map(([sku, s]) => [sku, s.available]));
    const risk = fulfilmentRisk(order.lines, available, facts.daysToShip, order.delayed, model.parameters);
    if (risk.orderedUnits > 0)
      ctx.state.observe(model.id, model.version, ModelInputs.ShortageRatio, risk.shortageRatio);
    ctx.state.observe(model.id, model.version, ModelInputs.DaysToShip, facts.daysToShip);
    const evidence: Evidence[] = [order.evidence, ...(order.delayEvidence ? [order.delayEvidence] : [])];
    for (const s of stock.values()) evidence.push(s.evidence);
    const draft = fulfilmentProposal(facts, risk, evidence, ctx.evidence.ref, model);
    if (!draft) return risk;
    this.proposer.submit(
      ctx.state,
      draft,
      this.proposer.active(ctx.state.need(draft.need.key), ctx.now),
      ctx.now,
      'once-per-cooldown',
    );
    return risk;
  }

  /** The order as it should be stored: marked when a credit hold was proposed for it. */
  private judgeCredit(ctx: RecordContext, order: OrderRow): OrderRow {
    if (order.holdProposed) return order;
    const credit = ctx.state.customerCredit(order.customerId);
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
    const active = this.proposer.active(ctx.state.need(draft.need.key), ctx.now);
    return this.proposer.submit(ctx.state, draft, active, ctx.now, 'once-per-cooldown')
      ? { ...order, holdProposed: true }
      : order;
  }
}
