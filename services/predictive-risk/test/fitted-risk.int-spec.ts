// The predictive-risk service as a process from the built output, against the real broker and
// Postgres: credit risk and order fulfilment fitted on the outcomes they record. 120 customers each
// send four exposure updates; at each update after the first the customer is seriously past due
// (45 days) with a known probability that rises with its utilisation. Each of the first two updates
// is labelled by the customer's next two. With enough outcomes the logistic fit beats
// the formula on the newest 30%, so it is registered as a candidate and proposes its own promotion
// (planning.promote-model-version, with credit's tier, medium), which nothing carries out before a
// decision; a governance officer promotes it through the API as execution would once a person
// approved it (test/e2e/model-promotion.e2e-spec.ts runs policy and execution around the same
// proposal); the next credit hold carries its calibrated probability as confidence and names the
// new version, whose card says the fitted model is in use. Order fulfilment keeps its formula until
// it has outcomes of its own: 240 orders late or on time with a known probability, after which its
// fit proposes itself the same way (tier low) and, once promoted, the next reprioritisation carries it.
import { type ContractEvent, EventTypes, Topics } from '@governor/contracts';
import { mintToken } from '@governor/auth';
import { createKafka } from '@governor/messaging';
import { type RecordedMessage, scored, sourceEvent, testKafkaBrokers } from '@governor/testing';
import { creditRisk, type CreditRiskParameters } from '../src/domain/models/credit-risk';
import { fulfilmentRisk, type OrderFulfilmentParameters } from '../src/domain/models/order-fulfilment';
import { sigmoid } from '../src/domain/math/logistic-regression';
import { RiskService } from './service-process.fixture';

type Proposal = ContractEvent<typeof EventTypes.RiskActionProposedV1>;
type Promoted = ContractEvent<typeof EventTypes.ModelPromotedV1>;
type PromotionParameters = { modelId: string; version: string; champion: string; modelRiskTier: string; beatsChampion: boolean };

const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'predictive-risk-fitted-test' });
const TOKEN = mintToken('predictive-risk-test', 'u-reader', ['auditor']);
const GOVERNANCE = mintToken('predictive-risk-test', 'u-gwen', ['governance']);
const LOCATION = 'DC-EAST';

interface Version {
  version: string;
  status: string;
  parameters: CreditRiskParameters;
  validation: { method: string; comparedWith: string | null; note: string } | null;
  promotion: { by: string; replaced: string | null } | null;
  card: {
    trainingWindow: string;
    calibration?: {
      inUse: 'formula' | 'fitted';
      outcomes: number;
      validated: boolean;
      logistic: { brier: number; formulaBrier: number; trainedOn: number; testedOn: number } | null;
      note: string;
    };
  };
}

/** Park-Miller, so the generated outcomes are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

describe('predictive-risk: credit risk fitted on recorded outcomes', () => {
  let service: RiskService;

  beforeAll(async () => {
    service = await RiskService.start(kafka, [Topics.ActionsProposedV1, Topics.ModelLifecycleV1], {
      RISK_MODEL_HEALTH_INTERVAL_SECONDS: '1',
      RISK_OUTCOME_MIN_SAMPLES: '240',
      RISK_CREDIT_OUTCOME_HORIZON_UPDATES: '2',
      RISK_CREDIT_SERIOUS_DAYS_PAST_DUE: '30',
      // Low, so that the fitted order-fulfilment probability (about 0.27 at most) still proposes.
      RISK_FULFILMENT_THRESHOLD: '0.1',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(service.url(path), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  /**
   * The fitted version's own promotion proposal (it waits as a candidate beside the formula, which
   * stays champion), then a governance officer's promotion of it; the version.
   */
  async function promoteProposedFit(modelId: string, formulaChampion: string, tier: string): Promise<string> {
    const proposal = (
      await service.recorder.waitFor(
        (m: RecordedMessage) =>
          (m.json as Proposal).data.actionType === 'planning.promote-model-version' &&
          ((m.json as Proposal).data.parameters as unknown as PromotionParameters).modelId === modelId,
        30_000,
        `the promotion proposal of ${modelId}'s fit`,
      )
    ).json as Proposal;
    const parameters = proposal.data.parameters as unknown as PromotionParameters;
    expect(parameters).toMatchObject({ champion: formulaChampion, modelRiskTier: tier, beatsChampion: true, backtestWapeDelta: null, shadowWapeDelta: null });
    expect(proposal.data.model).toEqual({ id: modelId, version: parameters.version });
    expect(proposal.data.rationale).toMatch(/fitted on recorded outcomes beat champion .* Brier [\d.]+ against [\d.]+ on \d+ held-out outcomes$/);
    const waiting = await get<{ champion: string; versions: Version[] }>(`/models/${modelId}`);
    expect(waiting.champion).toBe(formulaChampion);
    expect(waiting.versions.find((v) => v.version === parameters.version)).toMatchObject({
      status: 'candidate',
      validation: { method: 'held-out outcomes', comparedWith: formulaChampion },
      card: { calibration: { inUse: 'fitted' } },
    });
    const response = await fetch(service.url(`/models/${modelId}/versions/${encodeURIComponent(parameters.version)}/promote`), {
      method: 'POST',
      headers: { authorization: `Bearer ${GOVERNANCE}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    return parameters.version;
  }

  it("takes over from the formula once validated (held-out Brier 0.20 against the formula's 0.35), and the next credit hold carries its calibrated probability and version", async () => {
    const formula = await get<{ champion: string }>('/models/credit-risk');
    const fulfilment = await get<{ champion: string }>('/models/order-fulfilment');
    const next = random(23);
    const base = Date.now() - 3_600_000;
    const updates = Array.from({ length: 120 }, (_, c) => {
      const customerId = `CUST-FIT-${c}`;
      const utilisation = 0.2 + 0.9 * next();
      // After its first update, each update finds the customer seriously past due (45 days) with
      // P = sigma(-3 + 4 * utilisation), whatever the update before said: the outcome of an update
      // (one of the next two serious) has P = 1 - (1 - q)^2, which the formula's days past due
      // term, and its zero below 80% utilisation, get wrong.
      const q = sigmoid(-3 + 4 * utilisation);
      const serious = [false, next() < q, next() < q, next() < q];
      return serious.map((late, k) =>
        sourceEvent(
          EventTypes.CreditCustomerExposureUpdatedV1,
          customerId,
          {
            customerId,
            creditLimit: 10_000,
            exposure: Math.round(10_000 * utilisation),
            daysPastDue: late ? 45 : 0,
            currency: 'USD',
          },
          new Date(base + (k * 120 + c) * 1_000).toISOString(),
        ),
      );
    });
    // In rounds, so that every customer's updates arrive in order and the oldest are the first 70%.
    for (const round of [0, 1, 2, 3]) {
      await service.waitHandled(
        await service.publishScored(updates.map((u) => scored(u[round], 0.97))),
        60_000,
      );
    }

    // 120 customers x 2 labelled updates (the first two; the last two lack two later ones) = 240
    // outcomes, the minimum: the fit proposes itself on the tick after the last update.
    const promotedVersion = await promoteProposedFit('credit-risk', formula.champion, 'medium');
    const model = await get<{ champion: string; versions: Version[] }>('/models/credit-risk');
    expect(model.champion).toBe(promotedVersion);
    const fitted = model.versions.find((v) => v.version === model.champion);
    const replaced = model.versions.find((v) => v.version === formula.champion);
    expect(model.champion).not.toBe(formula.champion);
    expect(replaced).toMatchObject({ status: 'retired' });
    expect(fitted).toMatchObject({
      status: 'champion',
      validation: { method: 'held-out outcomes', comparedWith: formula.champion },
      promotion: { by: 'u-gwen', replaced: formula.champion },
      card: {
        riskTier: 'medium',
        trainingWindow: expect.stringMatching(/recorded outcomes/),
        calibration: { inUse: 'fitted', outcomes: 240, validated: true },
      },
    });
    expect(fitted?.parameters.fittedCoefficients).toHaveLength(3);
    const logistic = replaced?.card.calibration?.logistic;
    expect(logistic).toMatchObject({ trainedOn: 168, testedOn: 72 });
    expect(logistic?.brier).toBeLessThanOrEqual(logistic?.formulaBrier ?? 0);
    expect(replaced?.card.calibration?.note).toMatch(
      /validated: held-out Brier .* the formula stays in use$/,
    );

    // The promotion reaches the audit chain like any other.
    const promoted = (
      await service.recorder.waitFor(
        (m: RecordedMessage) => (m.json as Promoted).data.version === model.champion,
        20_000,
        'the promotion of the fitted version',
      )
    ).json as Promoted;
    expect(promoted.data).toMatchObject({
      modelId: 'credit-risk',
      by: 'u-gwen',
      replaced: formula.champion,
    });

    // A customer 45 days past due at 95% of its limit orders 500: at the full limit the fitted
    // probability holds it (about 0.93, 1 - (1 - sigma(1))^2); the formula would say 1.
    const customerId = 'CUST-FIT-NEW';
    const orderId = 'SO-FIT-1';
    const exposure = sourceEvent(
      EventTypes.CreditCustomerExposureUpdatedV1,
      customerId,
      { customerId, creditLimit: 10_000, exposure: 9_500, daysPastDue: 45, currency: 'USD' },
      new Date(Date.now() - 60_000).toISOString(),
    );
    await service.waitHandled(await service.publishScored([scored(exposure, 0.97)]));
    const order = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, orderId, {
      orderId,
      customerId,
      location: LOCATION,
      requestedShipDate: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
      priority: 'standard',
      currency: 'USD',
      lines: [{ sku: 'SKU-FIT', quantity: 5, unitPrice: 100 }],
    });
    await service.publishScored([scored(order, 0.98)]);
    const hold = (
      await service.recorder.waitFor(
        (m: RecordedMessage) =>
          (m.json as Proposal).data.actionType === 'credit.place-order-hold' &&
          (m.json as Proposal).data.parameters.orderId === orderId,
        20_000,
        'a credit hold',
      )
    ).json as Proposal;
    const expected = creditRisk(10_000, 10_000, 45, fitted?.parameters as CreditRiskParameters);
    expect(expected.calibrated).toBe(true);
    expect(hold.data.model).toEqual({ id: 'credit-risk', version: model.champion });
    expect(hold.data.confidence).toBeCloseTo(expected.risk, 3);
    expect(hold.data.confidence).toBeLessThan(0.99);
    expect(hold.data.features).toMatchObject({ calibrated: true, formulaRisk: 1 });
    expect(hold.data.parameters.reason).toMatch(/^calibrated P\(seriously past due\)/);
    // The version the proposal names has its card, which says the fitted model is in use.
    const card = await get<Version>(`/models/credit-risk/versions/${encodeURIComponent(model.champion)}`);
    expect(card.card.calibration?.inUse).toBe('fitted');

    // Order fulfilment has no recorded outcome: its formula stays.
    const orders = await get<{ champion: string; versions: Version[] }>('/models/order-fulfilment');
    expect(orders.champion).toBe(fulfilment.champion);
    expect(orders.versions[0].card.calibration).toMatchObject({
      inUse: 'formula',
      validated: false,
      logistic: null,
    });
  }, 180_000);

  it("order fulfilment too: fitted on 240 orders late or on time, it takes over (held-out Brier 0.14 against the formula's 0.23), and the next reprioritisation carries its calibrated probability and version", async () => {
    const formula = await get<{ champion: string }>('/models/order-fulfilment');
    const next = random(31);
    const today = new Date().toISOString().slice(0, 10);
    // Six SKUs with 0, 2, ..., 10 on hand: an order of 10 is short by 1, 0.8, ..., 0.
    const levels = [0, 2, 4, 6, 8, 10].map((onHand, k) =>
      sourceEvent(EventTypes.InventoryLevelReportedV1, `SKU-F${k}@${LOCATION}`, {
        sku: `SKU-F${k}`,
        location: LOCATION,
        onHand,
        allocated: 0,
        inTransit: 0,
        unitCost: 10,
        asOf: new Date().toISOString(),
      }),
    );
    await service.waitHandled(await service.publishScored(levels.map((l) => scored(l, 0.99))));
    // Late with P = sigma(-3 + 2 * shortage) (0.05 to 0.27), whatever the urgency; the formula says
    // shortage * urgency (0 to 1).
    const placed = Array.from({ length: 240 }, (_, i) => {
      const k = Math.floor(next() * 6);
      const daysToShip = Math.floor(next() * 7);
      const late = next() < sigmoid(-3 + 2 * (1 - (2 * k) / 10));
      const orderId = `SO-FIT-F-${i}`;
      const order = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, orderId, {
        orderId,
        customerId: 'CUST-F',
        location: LOCATION,
        requestedShipDate: new Date(Date.now() + daysToShip * 86_400_000).toISOString().slice(0, 10),
        priority: 'standard',
        currency: 'USD',
        lines: [{ sku: `SKU-F${k}`, quantity: 10, unitPrice: 10 }],
      });
      const shipment = sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, orderId, {
        orderId,
        shipmentId: `SHP-FIT-F-${i}`,
        status: late ? 'delayed' : 'delivered',
        carrier: 'ACME Freight',
        eta: new Date().toISOString(),
      });
      return { order, shipment };
    });
    await service.waitHandled(await service.publishScored(placed.map((p) => scored(p.order, 0.99))), 60_000);
    await service.waitHandled(
      await service.publishScored(placed.map((p) => scored(p.shipment, 0.99))),
      60_000,
    );

    const promotedVersion = await promoteProposedFit('order-fulfilment', formula.champion, 'low');
    const model = await get<{ champion: string; versions: FulfilmentVersion[] }>('/models/order-fulfilment');
    expect(model.champion).toBe(promotedVersion);
    const fitted = model.versions.find((v) => v.version === model.champion);
    const replaced = model.versions.find((v) => v.version === formula.champion);
    expect(model.champion).not.toBe(formula.champion);
    expect(fitted).toMatchObject({
      status: 'champion',
      validation: { method: 'held-out outcomes', comparedWith: formula.champion },
      promotion: { by: 'u-gwen', replaced: formula.champion },
      card: { riskTier: 'low', calibration: { inUse: 'fitted', outcomes: 240 } },
    });
    const logistic = replaced?.card.calibration?.logistic;
    expect(logistic).toMatchObject({ trainedOn: 168, testedOn: 72 });
    expect(logistic?.brier).toBeLessThanOrEqual(logistic?.formulaBrier ?? 0);

    // 10 of SKU-F0 (none on hand) due today: shortage 1, urgency 1; the formula says 1, the fit
    // about sigma(-1) = 0.27, above the test's threshold of 0.1.
    const orderId = 'SO-FIT-F-NEW';
    const order = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, orderId, {
      orderId,
      customerId: 'CUST-F',
      location: LOCATION,
      requestedShipDate: today,
      priority: 'standard',
      currency: 'USD',
      lines: [{ sku: 'SKU-F0', quantity: 10, unitPrice: 10 }],
    });
    await service.publishScored([scored(order, 0.99)]);
    const reprioritise = (
      await service.recorder.waitFor(
        (m: RecordedMessage) =>
          (m.json as Proposal).data.actionType === 'orders.reprioritize-order' &&
          (m.json as Proposal).data.parameters.orderId === orderId,
        20_000,
        'a reprioritisation',
      )
    ).json as Proposal;
    const expected = fulfilmentRisk(
      [{ sku: 'SKU-F0', quantity: 10 }],
      new Map([['SKU-F0', 0]]),
      0,
      false,
      fitted?.parameters as OrderFulfilmentParameters,
    );
    expect(expected.calibrated).toBe(true);
    expect(reprioritise.data.model).toEqual({ id: 'order-fulfilment', version: model.champion });
    expect(reprioritise.data.confidence).toBeCloseTo(expected.risk, 3);
    expect(reprioritise.data.confidence).toBeLessThan(0.6);
    expect(reprioritise.data.features).toMatchObject({ calibrated: true, formulaRisk: 1 });

    // Restarted with the same configuration, the process runs the fitted versions, not the formulas
    // it is configured with (those were replaced since they were deployed).
    const credit = (await get<{ champion: string }>('/models/credit-risk')).champion;
    const restarted = await service.restart({});
    const quoted = (v: string) => v.replace(/[.+]/g, '\\$&');
    await restarted.waitForOutput(
      new RegExp(
        `models registered: .*order-fulfilment@${quoted(model.champion)}, credit-risk@${quoted(credit)}`,
      ),
      45_000,
    );
  }, 180_000);
});

type FulfilmentVersion = Omit<Version, 'parameters'> & { parameters: OrderFulfilmentParameters };
