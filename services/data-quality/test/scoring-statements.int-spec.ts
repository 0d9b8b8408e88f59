// What a group of records costs data-quality in SQL: the service as a process (built output, real
// Kafka and Postgres), with every statement counted per transaction (SQL_TRANSACTIONS_ENV).
// Records published before it starts reach it in one group; a group of 20 and a group of 200 must
// cost the same statements (one per table), and be scored as if one by one: a report sees the
// state the report before it in the group left, and a fact stated twice in the group is a
// duplicate of its first statement.
import { Client } from 'pg';
import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import type { ContractEvent } from '@governor/contracts';
import { createKafka, EventPublisher } from '@governor/messaging';
import {
  compiledService,
  createTopicNamespace,
  freePort,
  NodeProcess,
  SQL_TRANSACTIONS_ENV,
  serviceTestEnv,
  sqlTransactionsIn,
  testDatabaseUrl,
  testKafkaBrokers,
  TopicRecorder,
  uniqueName,
  uniqueSchema,
} from '@governor/testing';
import type { SqlTransaction } from '@governor/testing';


type Level = ContractEvent<typeof EventTypes.InventoryLevelReportedV1>;
type Scored = ContractEvent<typeof EventTypes.QualityEventScoredV1>;

interface Run {
  reports: Level[];
  scored: Map<string, Scored>;
  /** The transactions that handled records. */
  groups: SqlTransaction[];
}

describe('data-quality SQL statements per group (a process on real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'dq-statements-test' });
  const admin = kafka.admin();
  const schemas: string[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.disconnect();
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    for (const schema of schemas) await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  /**
   * `count` reports (a multiple of 2) of count / 2 stock positions, two each: the second 60 times
   * the first (a jump), except position 0's, which states its first's facts again under a new id.
   */
  function reportsOf(count: number): Level[] {
    const base = exampleEvent(EventTypes.InventoryLevelReportedV1);
    const asOf = new Date(Date.now() - 1_000).toISOString();
    const later = new Date().toISOString();
    const report = (position: number, onHand: number, at: string): Level => {
      const sku = uniqueName(`SKU-${position}`);
      return {
        ...base,
        id: uniqueName('lvl'),
        source: 'urn:wms:dc-east',
        subject: `${sku}@DC-EAST`,
        time: later,
        data: { ...base.data, sku, location: 'DC-EAST', onHand, allocated: 0, inTransit: 0, asOf: at },
      };
    };
    const firsts = Array.from({ length: count / 2 }, (_, position) => report(position, 100, asOf));
    const seconds = firsts.map((first, position): Level => {
      const again = position === 0 ? first.data : { ...first.data, onHand: 6_000, asOf: later };
      return { ...first, id: uniqueName('lvl'), data: again };
    });
    return [...firsts, ...seconds];
  }

  async function run(count: number): Promise<Run> {
    const namespace = await createTopicNamespace(admin, 'dqsql', 1);
    const schema = uniqueSchema('dqsql');
    schemas.push(schema);
    const reports = reportsOf(count);
    const publisher = new EventPublisher(kafka, { namespace });
    await publisher.connect();
    await publisher.publishAll(reports.map((event) => ({ topic: Topics.SourceInventoryV1, event })));
    await publisher.disconnect();
    const recorder = await TopicRecorder.start(kafka, [namespace + Topics.QualityScoredV1]);
    const service = new NodeProcess(compiledService('data-quality'), {
      ...serviceTestEnv(namespace, 'dq-statements-secret'),
      ...SQL_TRANSACTIONS_ENV,
      DATA_QUALITY_DB_SCHEMA: schema,
      DATA_QUALITY_GROUP_ID: uniqueName('dqsql'),
      PORT_DATA_QUALITY: String(freePort()),
    });
    try {
      await service.waitForOutput(/ready on http/, 40_000);
      const scored = await recorder.waitForCount(() => true, count, 40_000);
      return {
        reports,
        scored: new Map(scored.map(({ json }) => [((json as Scored).data.event as { id: string }).id, json as Scored])),
        groups: sqlTransactionsIn(service.output).filter((t) => t.records > 0),
      };
    } finally {
      await service.stop();
      await recorder.stop();
    }
  }

  let small: Run;
  let large: Run;

  beforeAll(async () => {
    small = await run(20);
    large = await run(200);
  }, 120_000);

  it('handles each run in one group, every record once', () => {
    expect(small.groups.map((g) => g.records)).toEqual([20]);
    expect(large.groups.map((g) => g.records)).toEqual([200]);
  });

  it('costs a group of 200 the same statements as a group of 20: one per table, not one per record', () => {
    const [{ statements }] = small.groups;
    // START TRANSACTION, inbox claims, states read, business keys claimed, master data read,
    // states written, outbox rows, feed counts, COMMIT.
    expect(statements).toBeLessThanOrEqual(9);
    expect(large.groups[0].statements).toBe(statements);
  });

  it('scores a group as one by one: a later report sees the earlier one, a fact stated again is a duplicate', () => {
    for (const { reports, scored } of [small, large]) {
      const half = reports.length / 2;
      const issuesOf = (i: number) => (scored.get(reports[i].id) as Scored).data.issues.map((issue) => issue.split(':')[0]);
      for (let i = 0; i < half; i++) expect(issuesOf(i)).toEqual([]);
      expect((scored.get(reports[half].id) as Scored).data.dimensions.uniqueness.issues).toEqual([
        `duplicate-business-key: ${reports[0].subject}|${reports[0].data.asOf} already recorded by urn:wms:dc-east ${reports[0].id}`,
      ]);
      for (let i = half + 1; i < reports.length; i++) expect(issuesOf(i)).toEqual(['on-hand-jump']);
    }
  });
});
