// What a group of scored events costs in SQL, measured in the service process (from the built
// output, against the real broker and Postgres): the statements of every transaction that handled
// records, counted by a preloaded wrapper of pg's Client.query (SQL_TRANSACTIONS_ENV). A group of 200 stock reports costs
// no more statements than a group of a few.
import { EventTypes, Topics } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import {
  dates,
  scored,
  sourceEvent,
  SQL_TRANSACTIONS_ENV,
  sqlTransactionsIn,
  testKafkaBrokers,
  uniqueName,
} from '@governor/testing';
import { RiskService } from './service-process.fixture';

const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'predictive-risk-statements-test' });
const LOCATIONS = ['DC-EAST', 'DC-WEST'];

/** Supplier terms and 16 days of demand for each SKU at each location. */
function history(skus: readonly string[]) {
  const quantities = [...new Array<number>(13).fill(20), 24, 18, 21];
  return skus.flatMap((sku) => [
    ...['SUP-A', 'SUP-B'].map((supplierId, i) =>
      scored(
        sourceEvent(EventTypes.ProcurementSupplierTermsUpdatedV1, `${supplierId}@${sku}`, {
          supplierId,
          sku,
          unitCost: 12.5 + i / 2,
          minOrderQuantity: 100 - i * 50,
          quotedLeadTimeDays: 3 - i,
        }),
        0.96,
      ),
    ),
    ...LOCATIONS.flatMap((location) =>
      dates('2025-01-01', 16).map((date, i) =>
        scored(
          sourceEvent(EventTypes.InventoryDemandRecordedV1, `${sku}@${location}`, {
            sku,
            location,
            date,
            quantity: quantities[i],
          }),
          0.99,
        ),
      ),
    ),
  ]);
}

/**
 * `count` stock reports running down below the reorder point (about 70), round robin over the SKUs'
 * locations, as the bench sends them: each SKU@location's first one proposes a purchase order.
 */
function runningDown(skus: readonly string[], count: number) {
  const subjects = skus.flatMap((sku) => LOCATIONS.map((location) => ({ sku, location })));
  return Array.from({ length: count }, (_, n) => {
    const { sku, location } = subjects[n % subjects.length];
    return scored(
      sourceEvent(EventTypes.InventoryLevelReportedV1, `${sku}@${location}`, {
        sku,
        location,
        onHand: 60 - Math.floor(n / subjects.length),
        allocated: 0,
        inTransit: 0,
        unitCost: 12,
        asOf: new Date().toISOString(),
      }),
      0.97,
    );
  });
}

/** Statements and records of each transaction that handled records, from `from` in the output. */
function transactions(output: string, from: number): { statements: number; records: number }[] {
  return sqlTransactionsIn(output.slice(from)).filter((t) => t.records > 0);
}

describe('predictive-risk: statements per group', () => {
  let service: RiskService;

  beforeAll(async () => {
    service = await RiskService.start(kafka, [Topics.ActionsProposedV1], {
      ...SQL_TRANSACTIONS_ENV,
      RISK_DEMAND_ALPHA: '0.5',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  it('does not grow with the number of records in a group', async () => {
    const skus = Array.from({ length: 10 }, () => uniqueName('SKU-S'));
    await service.waitHandled(await service.publishScored(history(skus)), 60_000);

    const before = service.process.output.length;
    await service.waitHandled(await service.publishScored(runningDown(skus.slice(0, 5), 20)));
    const few = transactions(service.process.output, before);
    const middle = service.process.output.length;
    await service.waitHandled(await service.publishScored(runningDown(skus.slice(5), 200)), 60_000);
    const many = transactions(service.process.output, middle);
    process.stdout.write(
      `statements per transaction (records): 20 -> ${few.map((t) => `${t.statements} (${t.records})`).join(', ')}; ` +
        `200 -> ${many.map((t) => `${t.statements} (${t.records})`).join(', ')}\n`,
    );

    const largest = Math.max(...many.map((t) => t.records));
    expect(largest).toBeGreaterThanOrEqual(50);
    const most = Math.max(...few.map((t) => t.statements));
    // START TRANSACTION, two inbox claims, five reads, two upserts, observations, outbox, COMMIT.
    expect(most).toBeLessThanOrEqual(13);
    for (const t of many) expect(t.statements).toBeLessThanOrEqual(most);
  });
});
