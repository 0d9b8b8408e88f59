// The predictive-risk service as a process from the built output, against the real broker and
// Postgres: the model registry (GET /models, GET /models/{id}, each version's card) and what a
// deployment of a new version does to it. Recorded weekly-seasonal demand lets a new demand-sensing
// version be backtested against the champion: a better one is promoted, a worse one is refused (the
// process stops naming the setting) unless a reason is given, which is recorded; a version replaced
// since it was deployed does not come back.
import { mintToken } from '@governor/auth';
import { EventTypes } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { dates, scored, sourceEvent, testKafkaBrokers } from '@governor/testing';
import { RiskService } from './service-process.fixture';

const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'predictive-risk-registry-test' });
const LOCATION = 'DC-EAST';
const TOKEN = mintToken('predictive-risk-test', 'u-reader', ['auditor']);

interface VersionView {
  version: string;
  status: string;
  cardPath: string;
  validation: {
    method: string;
    comparedWith: string | null;
    note: string;
    backtest?: {
      wapeDelta: number;
      candidate: { wape: number; n: number };
      champion: { wape: number; n: number };
    };
  } | null;
  promotion: {
    by: string;
    replaced: string | null;
    worseThanChampion: boolean;
    reason: string | null;
  } | null;
  card: {
    purpose: string;
    owner: string;
    trainingWindow: string;
    limitations: string[];
    liveAccuracy?: { n: number; wape: number };
  };
}
interface ModelView {
  modelId: string;
  champion: string | null;
  versions: VersionView[];
}

describe('predictive-risk: the model registry', () => {
  let service: RiskService;

  beforeAll(async () => {
    // The first demand-sensing version has no trend and keeps its first week's (flat) season.
    service = await RiskService.start(kafka, [], {
      RISK_DEMAND_ALPHA: '0.3',
      RISK_DEMAND_BETA: '0',
      RISK_DEMAND_GAMMA: '0',
      RISK_MODEL_HEALTH_INTERVAL_SECONDS: '1',
      RISK_OUTCOME_MIN_SAMPLES: '5',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  async function get<T>(
    path: string,
    token: string | null = TOKEN,
  ): Promise<{ status: number; body: T; next?: string }> {
    const response = await fetch(service.url(path), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
    return { status: response.status, body: (await response.json()) as T, next };
  }

  async function restarted(env: Record<string, string>): Promise<void> {
    const child = await service.restart(env);
    await child.waitForOutput(/ready on http/, 45_000);
  }

  it('lists every model with its champion, to any role, a page at a time', async () => {
    expect((await get('/models', null)).status).toBe(401);
    const pages: ModelView[][] = [];
    for (let next: string | undefined = '/models?limit=2'; next;) {
      const page: { status: number; body: ModelView[]; next?: string } = await get<ModelView[]>(next);
      expect(page.status).toBe(200);
      pages.push(page.body);
      next = page.next;
    }
    expect(pages.map((p) => p.map((m) => m.modelId))).toEqual([
      ['credit-risk', 'demand-sensing'],
      ['order-fulfilment', 'stockout-risk'],
      ['supplier-lead-time'],
    ]);
    for (const model of pages.flat()) {
      expect(model.versions).toHaveLength(1);
      expect(model.versions[0]).toMatchObject({ version: model.champion, status: 'champion' });
    }

    const credit = await get<ModelView>('/models/credit-risk');
    const [version] = credit.body.versions;
    expect(version.validation).toMatchObject({
      method: 'none',
      comparedWith: null,
      note: 'the first version of this model',
    });
    expect(version.card).toMatchObject({
      owner: 'planning-analytics',
      trainingWindow: expect.stringMatching(/^none/),
    });
    expect(version.card.limitations.join(' ')).toMatch(/Until then the formula runs/);
    // The card of the version a proposal names is at /models/{id}/versions/{version}.
    expect(version.cardPath).toBe(`/models/credit-risk/versions/${encodeURIComponent(version.version)}`);
    const card = await get<VersionView>(version.cardPath);
    expect(card.status).toBe(200);
    expect(card.body.card.purpose).toBe(version.card.purpose);

    expect((await get<{ error: { code: string } }>('/models/weather')).body.error.code).toBe('unknown-model');
    const unknown = await get<{ error: { code: string } }>('/models/credit-risk/versions/9.9.9');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'unknown-model-version']);
  });

  it('promotes a seasonal version that backtests better, refuses a worse one without a reason, records the reason given', async () => {
    // Three SKUs, 8 weeks from Sunday 5 January 2025: a flat first week of 20, then a weekly
    // season 10, 30, 30, 30, 30, 50, 10 (Sunday first); the 57th day's record closes day 56.
    const season = [10, 30, 30, 30, 30, 50, 10];
    const events = ['SKU-R1', 'SKU-R2', 'SKU-R3'].flatMap((sku) =>
      dates('2025-01-05', 57).map((date, i) =>
        scored(
          sourceEvent(EventTypes.InventoryDemandRecordedV1, `${sku}@${LOCATION}`, {
            sku,
            location: LOCATION,
            date,
            quantity: i < 7 ? 20 : season[i % 7],
          }),
          0.98,
        ),
      ),
    );
    await service.waitHandled(await service.publishScored(events), 60_000);
    const flat = (await get<ModelView>('/models/demand-sensing')).body.champion ?? '';
    const flatView = (await get<VersionView>(`/models/demand-sensing/versions/${encodeURIComponent(flat)}`))
      .body;
    // 3 SKUs x 55 forecasts (days 2 to 56), scored against the actuals.
    expect(flatView.card.liveAccuracy).toMatchObject({ n: 165 });

    // The season learnt (gamma 0.2): backtested on the recorded history, better, promoted.
    await restarted({ RISK_DEMAND_GAMMA: '0.2' });
    const promoted = (await get<ModelView>('/models/demand-sensing')).body;
    expect(promoted.champion).not.toBe(flat);
    const [seasonal, retired] = promoted.versions;
    expect(seasonal).toMatchObject({
      version: promoted.champion,
      status: 'champion',
      validation: { method: 'rolling-origin backtest', comparedWith: flat },
      promotion: { by: 'deployment', replaced: flat, worseThanChampion: false, reason: null },
    });
    expect(retired).toMatchObject({ version: flat, status: 'retired' });
    const backtest = seasonal.validation?.backtest;
    // Recorded: days 2 to 56 of each series (day 1 had no forecast), 55 days; scored from the
    // 16th on: 3 x 40. The flat season misses every weekday swing.
    expect(backtest?.candidate.n).toBe(3 * 40);
    expect(backtest?.champion.n).toBe(3 * 40);
    expect(backtest?.wapeDelta).toBeLessThan(-0.1);

    // A new version without the season (alpha 0.31): worse than the champion, refused, the process
    // stops naming the setting, and the version waits as a candidate.
    const worse = { RISK_DEMAND_ALPHA: '0.31', RISK_DEMAND_GAMMA: '0' };
    const refused = await service.restart(worse);
    const exit = await refused.exited;
    expect(exit.code).not.toBe(0);
    expect(refused.output).toMatch(/backtests worse than champion .*RISK_MODEL_ACCEPT_WORSE_REASON/);
    const candidates = await service.query<{ version: string; status: string }>(
      "SELECT version, status FROM $schema.model_registry WHERE model_id = 'demand-sensing' AND status = 'candidate'",
    );
    expect(candidates).toHaveLength(1);

    // With a reason it runs, and the reason is recorded with its promotion.
    await restarted({ ...worse, RISK_MODEL_ACCEPT_WORSE_REASON: 'rollback while the season is reviewed' });
    const rolledBack = (await get<ModelView>('/models/demand-sensing')).body;
    expect(rolledBack.champion).toBe(candidates[0].version);
    expect(rolledBack.versions.find((v) => v.version === candidates[0].version)?.promotion).toMatchObject({
      replaced: seasonal.version,
      worseThanChampion: true,
      reason: 'rollback while the season is reviewed',
    });

    // A version replaced since it was deployed does not come back: the process runs the champion.
    await restarted({ RISK_DEMAND_GAMMA: '0.2' });
    expect((await get<ModelView>('/models/demand-sensing')).body.champion).toBe(candidates[0].version);
  }, 180_000);

  it("holds order-fulfilment risk against recorded outcomes on the model's card: Brier 0.125 by hand", async () => {
    // 5 on hand of SKU-O at DC-EAST; four orders due today (urgency 1): two of 10 units (shortage
    // 0.5, risk 0.5), two of 4 (risk 0). One of the first is delayed, the rest delivered:
    // Brier ((0.5 - 1)^2 + (0.5 - 0)^2 + 0 + 0) / 4 = 0.125; fewer than 5 outcomes: no fit.
    const sku = 'SKU-O';
    const today = new Date().toISOString().slice(0, 10);
    const level = sourceEvent(EventTypes.InventoryLevelReportedV1, `${sku}@${LOCATION}`, {
      sku,
      location: LOCATION,
      onHand: 5,
      allocated: 0,
      inTransit: 0,
      unitCost: 10,
      asOf: new Date().toISOString(),
    });
    await service.waitHandled(await service.publishScored([scored(level, 0.99)]));
    const orders = [10, 10, 4, 4].map((quantity, i) =>
      sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, `SO-CAL-${i}`, {
        orderId: `SO-CAL-${i}`,
        customerId: 'CUST-CAL',
        location: LOCATION,
        requestedShipDate: today,
        priority: 'standard',
        currency: 'USD',
        lines: [{ sku, quantity, unitPrice: 1 }],
      }),
    );
    await service.waitHandled(await service.publishScored(orders.map((o) => scored(o, 0.99))));
    const shipments = ['delayed', 'delivered', 'delivered', 'delivered'].map((status, i) =>
      sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, `SO-CAL-${i}`, {
        orderId: `SO-CAL-${i}`,
        shipmentId: `SHP-CAL-${i}`,
        status: status as 'delayed' | 'delivered',
        carrier: 'ACME Freight',
        eta: new Date().toISOString(),
      }),
    );
    await service.waitHandled(await service.publishScored(shipments.map((e) => scored(e, 0.99))));

    type Calibrated = VersionView & {
      card: {
        calibration?: {
          outcomes: number;
          formula: { brier: number };
          logistic: unknown;
          note: string;
          inUse: string;
          validated: boolean;
        };
      };
    };
    const deadline = Date.now() + 20_000;
    let card: Calibrated['card']['calibration'];
    while (Date.now() < deadline) {
      const model = (await get<{ versions: Calibrated[] }>('/models/order-fulfilment')).body;
      card = model.versions[0].card.calibration;
      if (card?.outcomes === 4) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(card).toMatchObject({ outcomes: 4, logistic: null });
    expect(card?.formula.brier).toBeCloseTo(0.125, 12);
    expect(card?.note).toMatch(/fewer than 5 .* the formula stays in use/);
    expect(card).toMatchObject({ inUse: 'formula', validated: false });
  });
});
