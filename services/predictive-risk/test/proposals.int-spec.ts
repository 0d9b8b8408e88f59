// The predictive-risk service as a process from the built output (node dist/...), against the
// real broker and Postgres, on a fresh topic namespace and schema: scored events in (published
// here, as data-quality would), action proposals out.
import { type ContractEvent, EventTypes, parse, Topics, validateActionParameters } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { dateAfter, dates, type RecordedMessage, scored, sourceEvent, testKafkaBrokers } from '@governor/testing';
import { RiskService } from './service-process.fixture';

type Proposal = ContractEvent<typeof EventTypes.RiskActionProposedV1>;

const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'predictive-risk-proposals-test' });
const LOCATION = 'DC-EAST';
const proposalOf = (m: RecordedMessage) => m.json as Proposal;

describe('predictive-risk: proposals', () => {
  let service: RiskService;

  beforeAll(async () => {
    service = await RiskService.start(kafka, [Topics.ActionsProposedV1], {
      RISK_DEMAND_ALPHA: '0.5',
      // No trend and no season: after its first week, Holt-Winters is simple smoothing, by hand below.
      RISK_DEMAND_BETA: '0',
      RISK_DEMAND_GAMMA: '0',
      RISK_SERVICE_LEVEL: '0.95',
      RISK_REVIEW_PERIOD_DAYS: '7',
      RISK_MIN_HISTORY_DAYS: '14',
      RISK_QUALITY_FLOOR: '0.6',
      RISK_MODEL_HEALTH_INTERVAL_SECONDS: '30',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  /**
   * Supplier terms for `sku` (SUP-A 12.5 x min 100, 3 days; SUP-B 13.0 x min 50, 2 days) and 16
   * days of demand: 13 days of 20, then 24, 18, and the 16th day's record that closes day 15.
   * With alpha 0.5 (beta = gamma = 0), by hand: days 1-13 keep L = 20, V = 0 (the first week makes
   * L = 20 and every weekday index 0);
   *   day 14: e = 24 - 20 = 4,  L = 22, V = 0.5*0 + 0.5*16 = 8
   *   day 15: e = 18 - 22 = -4, L = 20, V = 0.5*8 + 0.5*16 = 12
   * so mu = 20/day, sigma^2 = 12, over 15 closed days.
   */
  async function seed(
    sku: string,
  ): Promise<{ termsA: string; lastDemand: ContractEvent<typeof EventTypes.InventoryDemandRecordedV1> }> {
    const termsA = sourceEvent(EventTypes.ProcurementSupplierTermsUpdatedV1, `SUP-A@${sku}`, {
      supplierId: 'SUP-A',
      sku,
      unitCost: 12.5,
      minOrderQuantity: 100,
      quotedLeadTimeDays: 3,
    });
    const termsB = sourceEvent(EventTypes.ProcurementSupplierTermsUpdatedV1, `SUP-B@${sku}`, {
      supplierId: 'SUP-B',
      sku,
      unitCost: 13,
      minOrderQuantity: 50,
      quotedLeadTimeDays: 2,
    });
    const quantities = [...new Array<number>(13).fill(20), 24, 18, 21];
    const demand = dates('2025-01-01', 16).map((date, i) =>
      sourceEvent(EventTypes.InventoryDemandRecordedV1, `${sku}@${LOCATION}`, {
        sku,
        location: LOCATION,
        date,
        quantity: quantities[i],
      }),
    );
    const ids = await service.publishScored([
      scored(termsA, 0.96),
      scored(termsB, 0.9),
      ...demand.map((d) => scored(d, 0.99)),
    ]);
    await service.waitHandled(ids);
    return { termsA: termsA.id, lastDemand: demand[demand.length - 1] };
  }

  const level = (sku: string, onHand: number) =>
    sourceEvent(EventTypes.InventoryLevelReportedV1, `${sku}@${LOCATION}`, {
      sku,
      location: LOCATION,
      onHand,
      allocated: 0,
      inTransit: 0,
      unitCost: 12,
      asOf: new Date().toISOString(),
    });

  it('answers /health/ready once connected and exposes /metrics', async () => {
    expect(await service.waitReady()).toEqual({
      status: 'ready',
      checks: { database: true, 'kafka-consumer': true },
    });
    const metrics = await (await fetch(service.url('/metrics'))).text();
    expect(metrics).toContain('governor_consumer_records_total');
    expect(metrics).toContain('governor_risk_proposals_total');
  });

  it('proposes one purchase order, sized by hand, when the stock of a SKU runs down', async () => {
    const sku = `SKU-${Date.now().toString(36)}`;
    const seeded = await seed(sku);
    // Best terms: SUP-A (12.5 < 13.0), quoted lead time L = 3 days, no delivery history.
    // D_L ~ N(3 * 20, 3 * 12) = N(60, 36), sd 6; z(0.95) = 1.6448536 (normal table)
    // safety stock 9.8691216, reorder point 69.8691216; order-up-to 69.8691216 + 7 * 20 = 209.8691216
    // on hand 300, 200, 100 stay above 69.87; 60 is below: shortfall 209.869 - 60 = 149.869 -> 150,
    // above SUP-A's minimum of 100; amount 150 * 12.5 = 1875; needBy = the event's date + 3 days.
    // confidence: 15 of 14 history days -> 1, times P(D over L + R = 10 days > 60) with
    // D ~ N(200, 120): 1 - Phi((60 - 200) / 10.954) = 1 - Phi(-12.8) = 1.
    // The same source event scored again (a data-quality replay under a new id) counts once:
    // day 16 stays at 21, not 42.
    await service.waitHandled(await service.publishScored([scored(seeded.lastDemand, 0.99)]));
    const [day16] = await service.query('SELECT open_quantity FROM $schema.demand_states WHERE sku = $1', [
      sku,
    ]);
    expect(day16).toEqual({ open_quantity: 21 });

    const running = [300, 200, 100, 60].map((onHand) => level(sku, onHand));
    const trigger = running[3];
    await service.publishScored(running.map((e) => scored(e, 0.97)));
    const isPo = (m: RecordedMessage) =>
      proposalOf(m).data.actionType === 'procurement.create-purchase-order' &&
      proposalOf(m).data.parameters.sku === sku;
    const proposal = proposalOf(await service.recorder.waitFor(isPo, 20_000, `a purchase order for ${sku}`));

    const parsed = parse({ value: JSON.stringify(proposal), topic: Topics.ActionsProposedV1 });
    expect(parsed.ok).toBe(true);
    const needBy = dateAfter(trigger.time, 3);
    expect(proposal.data.parameters).toEqual({
      supplierId: 'SUP-A',
      sku,
      location: LOCATION,
      quantity: 150,
      unitCost: 12.5,
      amount: 1875,
      needBy,
    });
    expect(validateActionParameters(proposal.data.actionType, proposal.data.parameters).ok).toBe(true);
    expect(proposal.data.confidence).toBe(1);
    expect(proposal.data.features).toMatchObject({
      averageDailyDemand: 20,
      dailyDemandSd: 3.4641,
      leadTimeDays: 3,
      safetyStock: 9.8691,
      reorderPoint: 69.8691,
      orderUpToLevel: 209.8691,
      stockPosition: 60,
      supplierId: 'SUP-A',
      minOrderQuantity: 100,
    });
    expect(proposal.data.model?.id).toBe('stockout-risk');
    expect(proposal.data.model?.version).toMatch(/^1\.0\.0\+[0-9a-f]{8}$/);
    const [registered] = await service.query<{ version: string; parameters: Record<string, number> }>(
      "SELECT version, parameters FROM $schema.model_registry WHERE model_id = 'stockout-risk'",
    );
    expect(registered).toEqual({
      version: proposal.data.model?.version,
      parameters: { serviceLevel: 0.95, reviewPeriodDays: 7, minHistoryDays: 14 },
    });
    // The level that crossed the reorder point, the latest demand record and the chosen terms;
    // dataQuality is the weakest of them (terms 0.96, level 0.97, demand 0.99).
    expect(proposal.data.sourceEvents.map((e) => e.id).sort()).toEqual(
      [trigger.id, seeded.lastDemand.id, seeded.termsA].sort(),
    );
    // Each with the time of the source event, which the lineage shows.
    expect(proposal.data.sourceEvents.find((e) => e.id === trigger.id)?.time).toBe(trigger.time);
    expect(proposal.data.sourceEvents.every((e) => typeof e.time === 'string')).toBe(true);
    expect(proposal.data.dataQuality.score).toBe(0.96);
    expect(proposal.subject).toBe(proposal.data.actionId);

    // The need stays open: a further small drop (55 + 150 proposed > 69.87) proposes nothing more.
    await service.waitHandled(await service.publishScored([scored(level(sku, 55), 0.97)]));
    expect(service.recorder.messages.filter(isPo)).toHaveLength(1);
  });

  it('turns an input below the quality floor into a planner notice and no purchase order', async () => {
    const sku = `SKU-LQ-${Date.now().toString(36)}`;
    await seed(sku);
    // On hand 10 would be far below the reorder point, but the record scored 0.35 < 0.6.
    const bad = level(sku, 10);
    const ids = await service.publishScored([scored(bad, 0.35, ['onHand jumped 30x since the last report'])]);
    const isNotice = (m: RecordedMessage) =>
      proposalOf(m).data.actionType === 'planning.notify-planner' &&
      proposalOf(m).data.sourceEvents.some((e) => e.id === bad.id);
    const notice = proposalOf(
      await service.recorder.waitFor(isNotice, 20_000, `a planner notice for ${bad.id}`),
    );
    expect(notice.data.parameters).toMatchObject({ severity: 'warning' });
    expect(notice.data.parameters.message).toContain(`inventory.level-reported.v1 ${bad.id}`);
    expect(notice.data.parameters.message).toContain('scored 0.35, below the floor of 0.6');
    expect(notice.data.parameters.message).toContain('onHand jumped 30x');
    expect(notice.data.dataQuality).toEqual({
      score: 0.35,
      issues: ['inventory.level-reported.v1: onHand jumped 30x since the last report'],
    });
    expect(notice.data.model).toBeNull();

    await service.waitHandled(ids);
    const orders = service.recorder.messages.filter(
      (m) =>
        proposalOf(m).data.actionType === 'procurement.create-purchase-order' &&
        proposalOf(m).data.parameters.sku === sku,
    );
    expect(orders).toEqual([]);
    const positions = await service.query('SELECT * FROM $schema.inventory_positions WHERE sku = $1', [sku]);
    expect(positions).toEqual([]);
  });

  it('reprioritises an at-risk order, holds it for credit and releases it, and chases a late supplier', async () => {
    const tag = Date.now().toString(36);
    const [sku, customerId, orderId, purchaseOrderId] = [
      `SKU-O-${tag}`,
      `CUST-${tag}`,
      `SO-${tag}`,
      `PO-${tag}`,
    ];
    const earlier = new Date(Date.now() - 60_000).toISOString();
    const exposure = sourceEvent(
      EventTypes.CreditCustomerExposureUpdatedV1,
      customerId,
      { customerId, creditLimit: 50_000, exposure: 45_000, daysPastDue: 15, currency: 'USD' },
      earlier,
    );
    const stock = level(sku, 2);
    // 4 days late (03-01 -> 03-05), 200 of 500 outstanding; a first delivery: P(late > 1 day) = 1,
    // evidence 1 of 3 deliveries -> confidence 1/3.
    const delivery = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1, purchaseOrderId, {
      purchaseOrderId,
      supplierId: 'SUP-L',
      sku,
      location: LOCATION,
      quantityOrdered: 500,
      quantityReceived: 300,
      promisedDate: '2025-03-01',
      receivedDate: '2025-03-05',
    });
    await service.waitHandled(
      await service.publishScored([scored(exposure, 0.95), scored(stock, 0.97), scored(delivery, 0.93)]),
    );

    // 10 x 300 = 3,000, shipping tomorrow, 2 available:
    // fulfilment: shortage 8/10 = 0.8, urgency 7/(7+1) = 0.875 -> risk 0.7 >= 0.5: expedite it;
    // credit: (45,000 + 3,000) / 50,000 = 0.96 -> (0.96 - 0.8)/0.2 = 0.8; 15/60 = 0.25 ->
    // 1 - 0.2 * 0.75 = 0.85 >= 0.7: hold it.
    const placedAt = new Date().toISOString();
    const order = sourceEvent(
      EventTypes.OrdersSalesOrderPlacedV1,
      orderId,
      {
        orderId,
        customerId,
        location: LOCATION,
        requestedShipDate: dateAfter(placedAt, 1),
        priority: 'standard',
        currency: 'USD',
        lines: [{ sku, quantity: 10, unitPrice: 300 }],
      },
      placedAt,
    );
    await service.publishScored([scored(order, 0.98)]);
    const about = (type: string, subject: string) => (m: RecordedMessage) =>
      proposalOf(m).data.actionType === type &&
      Object.values(proposalOf(m).data.parameters).includes(subject);
    const [expedite, reprioritise, hold] = await Promise.all([
      service.recorder.waitFor(
        about('procurement.expedite-supplier', purchaseOrderId),
        20_000,
        'an expedite proposal',
      ),
      service.recorder.waitFor(about('orders.reprioritize-order', orderId), 20_000, 'a reprioritisation'),
      service.recorder.waitFor(about('credit.place-order-hold', orderId), 20_000, 'a credit hold'),
    ]).then((found) => found.map(proposalOf));
    expect(expedite.data.parameters).toMatchObject({ purchaseOrderId, supplierId: 'SUP-L' });
    expect(expedite.data.parameters.reason).toContain(`200 of 500 ${sku} still outstanding`);
    expect(expedite.data.confidence).toBe(0.3333);
    expect(expedite.data.model?.id).toBe('supplier-lead-time');
    expect(reprioritise.data.parameters).toMatchObject({ orderId, priority: 'expedite' });
    expect(reprioritise.data.confidence).toBe(0.7);
    expect(reprioritise.data.features).toMatchObject({ shortageRatio: 0.8, urgency: 0.875, daysToShip: 1 });
    expect(reprioritise.data.sourceEvents.map((e) => e.id).sort()).toEqual([order.id, stock.id].sort());
    expect(hold.data.parameters).toMatchObject({ orderId, customerId, amount: 3000 });
    expect(hold.data.confidence).toBe(0.85);
    expect(hold.data.dataQuality.score).toBe(0.95);

    // Exposure down to 30,000 with 12 days past due: with the order 33,000 / 50,000 = 0.66 -> 0;
    // 12/60 = 0.2 -> risk 0.2 < 0.4: release, confidence 0.8.
    const lower = sourceEvent(EventTypes.CreditCustomerExposureUpdatedV1, customerId, {
      customerId,
      creditLimit: 50_000,
      exposure: 30_000,
      daysPastDue: 12,
      currency: 'USD',
    });
    await service.publishScored([scored(lower, 0.95)]);
    const release = proposalOf(
      await service.recorder.waitFor(about('credit.release-order-hold', orderId), 20_000, 'a release'),
    );
    expect(release.data.parameters).toEqual({ orderId, customerId, amount: 3000 });
    expect(release.data.confidence).toBe(0.8);
    expect(release.data.sourceEvents.map((e) => e.id).sort()).toEqual([lower.id, order.id].sort());
  });
});
