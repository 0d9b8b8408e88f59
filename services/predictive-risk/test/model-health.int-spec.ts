// The predictive-risk service as a process from the built output, against the real broker and
// Postgres, on a fresh topic namespace and schema: demand whose distribution shifts in, model
// health (PSI against the reference window, forecast bias) out.
import { type ContractEvent, EventTypes, Topics } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { dates, type RecordedMessage, scored, sourceEvent, testKafkaBrokers } from '@governor/testing';
import { RiskService } from './service-process.fixture';

type ModelHealth = ContractEvent<typeof EventTypes.ModelHealthReportedV1>;

const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'predictive-risk-health-test' });
const LOCATION = 'DC-EAST';
const healthOf = (m: RecordedMessage) => m.json as ModelHealth;

describe('predictive-risk: model health', () => {
  let service: RiskService;
  const sku = 'SKU-DRIFT';

  beforeAll(async () => {
    service = await RiskService.start(kafka, [Topics.ModelHealthV1], {
      RISK_DEMAND_ALPHA: '0.5',
      RISK_MODEL_HEALTH_INTERVAL_SECONDS: '0.5',
      RISK_PSI_REFERENCE_SIZE: '20',
      RISK_PSI_RECENT_SIZE: '20',
      RISK_PSI_MIN_RECENT_SIZE: '20',
      RISK_PSI_BINS: '4',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  const demand = (first: string, values: number[]) =>
    dates(first, values.length).map((date, i) =>
      scored(
        sourceEvent(EventTypes.InventoryDemandRecordedV1, `${sku}@${LOCATION}`, {
          sku,
          location: LOCATION,
          date,
          quantity: values[i],
        }),
        0.98,
      ),
    );
  const cycle = (pattern: number[], count: number) =>
    Array.from({ length: count }, (_, i) => pattern[i % pattern.length]);
  const isDemandSensing = (m: RecordedMessage) => healthOf(m).data.modelId === 'demand-sensing';

  it('answers /health/ready and exposes /metrics', async () => {
    expect(await service.waitReady()).toMatchObject({ status: 'ready' });
    expect((await fetch(service.url('/metrics'))).status).toBe(200);
  });

  it('reports a shifted demand distribution with a PSI above 0.25, after a stable one near 0', async () => {
    // Days 1-41: 16, 18, 20, 22, 24 repeated; day 41's record closes day 40. The first 20 closed
    // days are the reference: quantile edges (4 bins) 18, 20, 22 with shares 0.4, 0.2, 0.2, 0.2.
    // Days 21-40 repeat the same values: PSI 0.
    await service.waitHandled(
      await service.publishScored(demand('2025-01-01', cycle([16, 18, 20, 22, 24], 41))),
    );
    const stable = healthOf(
      await service.recorder.waitFor(
        (m) => isDemandSensing(m) && healthOf(m).data.currentSize === 20,
        20_000,
        'a full stable window',
      ),
    );
    expect(stable.data).toMatchObject({ referenceSize: 20, psi: 0, psiByInput: { dailyDemand: 0 } });

    // Days 42-62: 36..44, all above the top edge: once the recent window is all shifted days,
    // shares 0, 0, 0, 1 against 0.4, 0.2, 0.2, 0.2 (empty bins floored at 1e-4):
    // 0.3999 ln(4000) + 2 x 0.1999 ln(2000) + 0.8 ln(5) = 3.3168 + 3.0388 + 1.2876 = 7.6432
    const seen = service.recorder.messages.length;
    await service.waitHandled(
      await service.publishScored(demand('2025-02-11', cycle([36, 38, 40, 42, 44], 21))),
    );
    const shifted = healthOf(
      await service.recorder.waitFor(
        (m) =>
          isDemandSensing(m) &&
          service.recorder.messages.indexOf(m) >= seen &&
          (healthOf(m).data.psi ?? 0) > 7.6,
        20_000,
        'a report of the shifted window',
      ),
    );
    expect(shifted.data.psi).toBeCloseTo(7.6432, 3);
    expect(shifted.data.psi).toBeGreaterThan(0.25);
    expect(shifted.data.modelVersion).toMatch(/^2\.0\.0\+/);
    // Forecasts trail a jump up: forecast minus actual is negative on average.
    expect(shifted.data.forecastBias).toBeLessThan(0);
    expect(shifted.data.biasSampleSize).toBeGreaterThan(40);
    const [registry] = await service.query<{
      reference_window: { inputs: Record<string, { size: number; edges: number[] }> };
    }>("SELECT reference_window FROM $schema.model_registry WHERE model_id = 'demand-sensing'");
    expect(registry.reference_window.inputs.dailyDemand).toMatchObject({ size: 20, edges: [18, 20, 22] });
  });
});
