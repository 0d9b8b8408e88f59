// The predictive-risk service as a process from the built output, against the real broker and
// Postgres: retraining tied to volatility. Demand drifts (a weekly season sets in where there was
// none), its PSI passes the threshold and a refit of demand sensing starts on the recent window; it
// appears as a candidate with its backtest, then in shadow with its comparison on live traffic,
// which demand sensing's model health report carries for the scorecard; a person promotes it; the next purchase order names the new version, whose card is reachable.
// A refit that backtested worse than the champion before the drift retires (audited) rather than
// blocking that refit.
import { mintToken } from '@governor/auth';
import { type ContractEvent, EventTypes, Topics } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { type RecordedMessage, RETRAINING_RISK_ENV, scored, seasonalDemand, sourceEvent, testKafkaBrokers } from '@governor/testing';
import { RiskService } from './service-process.fixture';

type Proposal = ContractEvent<typeof EventTypes.RiskActionProposedV1>;
type Promoted = ContractEvent<typeof EventTypes.ModelPromotedV1>;
type Retired = ContractEvent<typeof EventTypes.ModelRetiredV1>;
type ModelHealth = ContractEvent<typeof EventTypes.ModelHealthReportedV1>;

const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'predictive-risk-retraining-test' });
const LOCATION = 'DC-EAST';
const SECRET = 'predictive-risk-test';
const SKUS = ['SKU-T1', 'SKU-T2'];

interface Registered {
  version: string;
  status: string;
  status_history: { status: string; at: string }[];
  validation: {
    comparedWith: string;
    trigger?: { reason: string; psi: number };
    backtest: { wapeDelta: number; candidate: { n: number } };
  } | null;
  shadow: {
    champion: string;
    shadow: { n: number; wape: number };
    championAccuracy: { wape: number };
    wapeDelta: number;
  } | null;
}

describe('predictive-risk: retraining on drift', () => {
  let service: RiskService;

  beforeAll(async () => {
    // The champion keeps the season of its first week (none) and never learns one (gamma 0).
    service = await RiskService.start(kafka, [Topics.ActionsProposedV1, Topics.ModelLifecycleV1, Topics.ModelHealthV1], RETRAINING_RISK_ENV);
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  /** Each SKU's demand for `count` days from day `offset` of the series (day 0 is Sunday 5 January 2025). */
  const demand = (offset: number, count: number) => seasonalDemand(SKUS, LOCATION, offset, count);

  async function demandVersions(): Promise<Registered[]> {
    return service.query<Registered>(
      `SELECT version, status, status_history, validation, shadow FROM $schema.model_registry
        WHERE model_id = 'demand-sensing' ORDER BY created_at`,
    );
  }

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 30_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(`no ${what} after ${timeoutMs} ms: ${JSON.stringify(await demandVersions())}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * A refit of the champion that backtested worse than it, as the registry holds one: a candidate
   * whose validation (against the champion, with its trigger) has a positive WAPE delta.
   */
  async function registerWorseRefit(champion: { version: string; parameters: object }): Promise<string> {
    const version = '2.0.0+0badf17e';
    const accuracy = (wape: number) => ({ n: 20, series: 2, wape, bias: 0, relativeBias: 0, relativeBiasBySeries: null });
    const validation = {
      method: 'rolling-origin backtest',
      comparedWith: champion.version,
      note: 'refit on the last 28 days of recorded demand (drift)',
      backtest: { candidate: accuracy(0.3), champion: accuracy(0.2), wapeDelta: 0.1, firstOrigin: 14 },
      history: { series: 2, from: '2024-12-01', to: '2024-12-28' },
      trigger: { reason: 'drift', psi: 0.4, liveWape: null },
    };
    await service.query(
      `INSERT INTO $schema.model_registry (model_id, version, domain, parameters, status, status_history, validation)
       VALUES ('demand-sensing', $1, 'inventory', $2, 'candidate', jsonb_build_array(jsonb_build_object('status', 'candidate', 'at', now())), $3)`,
      [version, JSON.stringify({ ...champion.parameters, alpha: 0.5 }), JSON.stringify(validation)],
    );
    return version;
  }

  it('refits on drift, runs the refit in shadow, and after a person promotes it the next proposal names it', async () => {
    // Before any drift: a refit that backtested worse waits as a candidate. It does not block
    // the next refit: it is retired, and audited with why.
    const [registered] = await service.query<{ version: string; parameters: object }>(
      `SELECT version, parameters FROM $schema.model_registry WHERE model_id = 'demand-sensing' AND status = 'champion'`,
    );
    const worse = await registerWorseRefit(registered);
    const retired = await service.recorder.waitFor(
      (m) => (m.json as Retired).type === EventTypes.ModelRetiredV1 && (m.json as Retired).data.version === worse,
      20_000,
      'the worse refit retired',
    );
    expect((retired.json as Retired).data).toMatchObject({
      modelId: 'demand-sensing',
      reason: 'worse-than-champion',
      champion: registered.version,
      backtestWapeDelta: 0.1,
    });
    expect((await demandVersions()).find((v) => v.version === worse)?.status).toBe('retired');

    // 5 calm weeks from Sunday 5 January 2025, then 3 weeks in which the season sets in; the 57th
    // day's record closes day 56. PSI of daily demand against the first 20 days: far above 0.25.
    await service.waitHandled(await service.publishScored(demand(0, 57)), 60_000);
    const [flat] = await demandVersions();
    expect(flat.status).toBe('champion');
    expect(flat.version).toBe(registered.version);

    // 1. A refit starts, 2. appears as a candidate with its backtest on the last 28 days (a calm
    // week, then the season), then in shadow.
    const refit = await waitFor('refit in shadow', async () =>
      (await demandVersions()).find((v) => v.status === 'shadow'),
    );
    expect(refit.status_history.map((h) => h.status)).toEqual(['candidate', 'shadow']);
    expect(refit.validation).toMatchObject({ comparedWith: flat.version, trigger: { reason: 'drift' } });
    expect(refit.validation?.trigger?.psi).toBeGreaterThan(0.25);
    expect(refit.validation?.backtest.wapeDelta).toBeLessThan(0);

    // Live traffic: another week of the season. The shadow scores it beside the champion's own
    // forecasts, and proposes nothing.
    await service.waitHandled(await service.publishScored(demand(56, 7)), 60_000);
    const compared = await waitFor('a shadow comparison on live days', async () => {
      const shadow = (await demandVersions()).find((v) => v.version === refit.version)?.shadow;
      return shadow && shadow.shadow.n >= 2 * 6 ? shadow : undefined;
    });
    expect(compared.champion).toBe(flat.version);
    expect(compared.wapeDelta).toBeLessThan(0);

    // The model health report of a tick carries the comparison scored in that tick. No more
    // traffic arrives, so every later tick scores the same figures as the registry holds.
    const isShadowReport = (m: RecordedMessage) => {
      const h = m.json as ModelHealth;
      return (
        h.type === EventTypes.ModelHealthReportedV1 &&
        h.data.modelId === 'demand-sensing' &&
        (h.data.shadows ?? []).some((r) => r.version === refit.version && r.forecasts === compared.shadow.n)
      );
    };
    const report = (await service.recorder.waitFor(isShadowReport, 20_000, 'a model health report with the shadow'))
      .json as ModelHealth;
    expect(report.data.shadows).toEqual([
      {
        version: refit.version,
        champion: flat.version,
        since: expect.any(String),
        forecasts: compared.shadow.n,
        wape: expect.closeTo(compared.shadow.wape, 6),
        championWape: expect.closeTo(compared.championAccuracy.wape, 6),
        wapeDelta: expect.closeTo(compared.wapeDelta, 6),
      },
    ]);
    expect(Date.parse(report.data.shadows?.[0].since ?? '')).toBe(
      Date.parse(refit.status_history.find((h) => h.status === 'shadow')?.at ?? ''),
    );
    const others = service.recorder.messages.map((m) => m.json as ModelHealth).filter(
      (h) => h.type === EventTypes.ModelHealthReportedV1 && h.data.modelId !== 'demand-sensing',
    );
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((h) => h.data.shadows?.length === 0)).toBe(true);

    // 3. Promoted by a person: not without the governance role, then with it.
    const promote = (roles: string[]) =>
      fetch(service.url(`/models/demand-sensing/versions/${encodeURIComponent(refit.version)}/promote`), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${mintToken(SECRET, 'u-gwen', roles)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({}),
      });
    expect((await promote(['auditor'])).status).toBe(403);
    const promoted = await promote(['governance']);
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({
      version: refit.version,
      status: 'champion',
      promotion: { by: 'u-gwen', replaced: flat.version, worseThanChampion: false, reason: null },
    });
    const after = await demandVersions();
    expect(after.find((v) => v.version === flat.version)?.status).toBe('retired');
    // For the audit chain: risk.model-promoted.v1, with the shadow run's evidence.
    const event = await service.recorder.waitFor(
      (m) => (m.json as Promoted).type === EventTypes.ModelPromotedV1 && (m.json as Promoted).data.version === refit.version,
      20_000,
      'the promotion event',
    );
    expect((event.json as Promoted).data).toMatchObject({
      modelId: 'demand-sensing',
      replaced: flat.version,
      by: 'u-gwen',
      worseThanChampion: false,
      backtestWapeDelta: refit.validation?.backtest.wapeDelta,
      shadowWapeDelta: expect.any(Number),
    });
    expect((event.json as Promoted).data.shadowWapeDelta).toBeLessThan(0);

    // 4. The next proposal: terms for one SKU, and its stock at nothing.
    const sku = SKUS[0];
    const terms = sourceEvent(EventTypes.ProcurementSupplierTermsUpdatedV1, `SUP-A@${sku}`, {
      supplierId: 'SUP-A',
      sku,
      unitCost: 10,
      minOrderQuantity: 1,
      quotedLeadTimeDays: 3,
    });
    const level = sourceEvent(EventTypes.InventoryLevelReportedV1, `${sku}@${LOCATION}`, {
      sku,
      location: LOCATION,
      onHand: 0,
      allocated: 0,
      inTransit: 0,
      unitCost: 10,
      asOf: new Date().toISOString(),
    });
    // Terms first: a level without terms would only tell a planner.
    await service.waitHandled(await service.publishScored([scored(terms, 0.97)]));
    await service.publishScored([scored(level, 0.97)]);
    const isPo = (m: RecordedMessage) => {
      const p = m.json as Proposal;
      if (p.type !== EventTypes.RiskActionProposedV1) return false;
      return p.data.actionType === 'procurement.create-purchase-order' && p.data.parameters.sku === sku;
    };
    const proposal = (await service.recorder.waitFor(isPo, 20_000, `a purchase order for ${sku}`))
      .json as Proposal;
    expect(proposal.data.features).toMatchObject({ demandModelVersion: refit.version });

    // Its card, from the version the proposal names.
    const card = await fetch(
      service.url(
        `/models/demand-sensing/versions/${encodeURIComponent(String(proposal.data.features?.demandModelVersion))}`,
      ),
      { headers: { authorization: `Bearer ${mintToken(SECRET, 'u-reader', ['auditor'])}` } },
    );
    expect(card.status).toBe(200);
    expect(await card.json()).toMatchObject({
      status: 'champion',
      card: { purpose: expect.stringMatching(/daily demand/), validation: { trigger: { reason: 'drift' } } },
    });
  }, 180_000);
});
