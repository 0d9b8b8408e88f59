// Trusted sources and master data, through the data-quality process (built output, real Kafka and
// Postgres, a fresh topic namespace and schema): the feeds declared in DQ_EXPECTED_FEEDS are in
// the source registry; an operator registers a source through the API (audited on
// internal.audit-entries.v1; bad input and the wrong role refused with codes); a record from an
// unregistered source is scored untrusted and its feed reported untrusted; once SKU master data
// exists, an unknown SKU and a unit cost far from the master cost each get their issue code; once
// a source is registered for master data, a record from any other is not kept.
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import type { ContractEvent } from '@governor/contracts';
import { createKafka, EventPublisher } from '@governor/messaging';
import {
  callServiceApi,
  compiledService,
  createTopicNamespace,
  deleteTopicNamespace,
  dropSchemas,
  freePort,
  serviceTestEnv,
  sleep,
  startServiceProcess,
  testDatabaseUrl,
  testKafkaBrokers,
  TopicRecorder,
  uniqueName,
  uniqueSchema,
} from '@governor/testing';
import type { NodeProcess, RecordedMessage } from '@governor/testing';

const SECRET = 'dq-sources-secret';
const PORT = freePort();
const WMS = 'urn:wms:dc-east';
const ROGUE = 'urn:wms:rogue';
const ERP = 'urn:erp:plant-1000';

type Scored = ContractEvent<typeof EventTypes.QualityEventScoredV1>;
type FeedHealth = ContractEvent<typeof EventTypes.FeedHealthReportedV1>;
type AuditEntry = ContractEvent<typeof EventTypes.AuditEntryRequestedV1>;
type Level = ContractEvent<typeof EventTypes.InventoryLevelReportedV1>;

interface SourceView {
  source: string;
  owner: string;
  eventTypes: string[];
  topics: string[];
  registeredBy: string;
}

describe('data-quality trusted sources and master data (a process on real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'dq-sources-test' });
  const admin = kafka.admin();
  const schema = uniqueSchema('dqsrc');
  let namespace: string;
  let publisher: EventPublisher;
  let recorder: TopicRecorder;
  let service: NodeProcess;

  const operator = { id: 'olivia', roles: ['operator'], jwtSecret: SECRET };
  const auditor = { id: 'ari', roles: ['auditor'], jwtSecret: SECRET };

  beforeAll(async () => {
    await admin.connect();
    namespace = await createTopicNamespace(admin, 'dqsrc', 1);
    publisher = new EventPublisher(kafka, { namespace });
    await publisher.connect();
    recorder = await TopicRecorder.start(
      kafka,
      [Topics.QualityScoredV1, Topics.FeedHealthV1, Topics.AuditEntriesV1].map((t) => namespace + t),
    );
    service = await startServiceProcess(
      compiledService('data-quality'),
      {
        ...serviceTestEnv(namespace, SECRET),
        DATA_QUALITY_DB_SCHEMA: schema,
        DATA_QUALITY_GROUP_ID: uniqueName('dqsrc'),
        PORT_DATA_QUALITY: String(PORT),
        DQ_HEALTH_INTERVAL_SECONDS: '1',
        DQ_EXPECTED_FEEDS: `${WMS}|${Topics.SourceInventoryV1}`,
      },
      PORT,
    );
  }, 90_000);

  afterAll(async () => {
    await service?.stop();
    await recorder?.stop();
    await publisher?.disconnect();
    await deleteTopicNamespace(admin, namespace);
    await admin.disconnect();
    await dropSchemas(schema);
  });

  const level = (source: string, data: Partial<Level['data']> = {}): Level => {
    const now = new Date().toISOString();
    const base = exampleEvent(EventTypes.InventoryLevelReportedV1);
    const sku = data.sku ?? 'SKU-1001';
    return { ...base, id: uniqueName('lvl'), source, subject: `${sku}@DC-EAST`, time: now, data: { ...base.data, asOf: now, ...data, sku, location: 'DC-EAST' } };
  };
  const scoredOf = (id: string) => async (): Promise<Scored['data']> => {
    const record = await recorder.waitFor(
      (m: RecordedMessage) => m.topic === namespace + Topics.QualityScoredV1 && (m.json as Scored).data.event.id === id,
      20_000,
      `the scored event of ${id}`,
    );
    return (record.json as Scored).data;
  };
  const score = async (event: Level): Promise<Scored['data']> => {
    await publisher.publish(Topics.SourceInventoryV1, event);
    return scoredOf(event.id)();
  };
  const codes = (issues: string[]) => issues.map((i) => i.split(':')[0]);

  it('holds the feeds declared in DQ_EXPECTED_FEEDS as registered sources, for every type of their topic', async () => {
    const { status, body } = await callServiceApi<SourceView[]>(PORT, 'GET', '/sources', auditor);
    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({
        source: WMS,
        owner: 'configuration',
        eventTypes: [EventTypes.InventoryDemandRecordedV1, EventTypes.InventoryLevelReportedV1],
        topics: [Topics.SourceInventoryV1],
      }),
    ]);
  });

  it('lets an operator register a source, audited, and refuses bad input and other roles with codes', async () => {
    const body = { owner: 'team:inventory', eventTypes: [EventTypes.InventoryLevelReportedV1], description: 'the east WMS' };
    expect((await callServiceApi(PORT, 'PUT', `/sources/${encodeURIComponent(WMS)}`, auditor, body)).status).toBe(403);
    const unknownType = await callServiceApi<{ error: { code: string } }>(PORT, 'PUT', `/sources/${encodeURIComponent(WMS)}`, operator, {
      ...body,
      eventTypes: ['inventory.level-guessed.v1'],
    });
    expect(unknownType).toMatchObject({ status: 400, body: { error: { code: 'invalid-event-type' } } });
    const noOwner = await callServiceApi<{ error: { code: string } }>(PORT, 'PUT', `/sources/${encodeURIComponent(WMS)}`, operator, { ...body, owner: '' });
    expect(noOwner).toMatchObject({ status: 400, body: { error: { code: 'invalid-request' } } });

    const registered = await callServiceApi<SourceView>(PORT, 'PUT', `/sources/${encodeURIComponent(WMS)}`, operator, body);
    expect(registered).toMatchObject({ status: 200, body: { source: WMS, owner: 'team:inventory', registeredBy: 'olivia' } });

    const audit = await recorder.waitFor((m) => m.topic === namespace + Topics.AuditEntriesV1, 20_000, 'the audit entry');
    expect((audit.json as AuditEntry).data).toMatchObject({
      service: 'data-quality',
      kind: 'source.registered',
      actor: 'olivia',
      subject: `source:${WMS}`,
      payload: { owner: 'team:inventory', eventTypes: [EventTypes.InventoryLevelReportedV1], previous: { owner: 'configuration' } },
    });
  });

  it('scores a record from an unregistered source as untrusted and reports its feed untrusted', async () => {
    const trusted = await score(level(WMS));
    expect(trusted).toMatchObject({ score: 1, issues: [], dimensions: { trust: { score: 1 } } });

    const rogue = await score(level(ROGUE));
    expect(codes(rogue.issues)).toEqual(['untrusted-source']);
    expect(rogue.dimensions.trust).toEqual({ score: 0.5, issues: [expect.stringContaining(`${ROGUE} is not a registered source`)] });
    expect(rogue.score).toBe(0.5);

    const health = (feedSource: string) =>
      recorder.waitFor(
        (m) => m.topic === namespace + Topics.FeedHealthV1 && (m.json as FeedHealth).data.feedSource === feedSource && (m.json as FeedHealth).data.eventCount > 0,
        20_000,
        `feed health of ${feedSource}`,
      );
    expect((await health(ROGUE)).json).toMatchObject({ data: { trusted: false, meanScore: 0.5 } });
    expect((await health(WMS)).json).toMatchObject({ data: { trusted: true } });
  });

  it('checks SKUs against master data once it exists: an unknown SKU and a cost far from the master cost get their codes', async () => {
    // No SKU master data yet: an unknown SKU is not penalised.
    expect(codes((await score(level(WMS, { sku: 'SKU-NEVER-MASTERED' }))).issues)).toEqual([]);

    const master = exampleEvent(EventTypes.MasterDataSkuUpsertedV1);
    await publisher.publish(Topics.SourceMasterDataV1, {
      ...master,
      id: uniqueName('md'),
      source: ERP,
      subject: 'SKU-MASTER',
      time: new Date().toISOString(),
      data: { ...master.data, sku: 'SKU-MASTER', standardCost: 10 },
    });
    await waitForMasterRow('sku', 'SKU-MASTER');

    const unknown = await score(level(WMS, { sku: 'SKU-NOT-IN-MASTER', unitCost: 10 }));
    expect(codes(unknown.issues)).toEqual(['unknown-sku']);
    expect(unknown.dimensions.masterData?.score).toBe(0.5);
    expect(unknown.score).toBe(0.5);

    const offCost = await score(level(WMS, { sku: 'SKU-MASTER', unitCost: 40 }));
    expect(codes(offCost.issues)).toEqual(['unit-cost-off-master']);
    expect(offCost.score).toBeLessThan(1);

    const clean = await score(level(WMS, { sku: 'SKU-MASTER', unitCost: 11 }));
    expect(clean).toMatchObject({ score: 1, issues: [] });
  });

  it('keeps master data only from a source registered for it, once the master data topic has one', async () => {
    const master = exampleEvent(EventTypes.MasterDataSkuUpsertedV1);
    const registered = await callServiceApi(PORT, 'PUT', `/sources/${encodeURIComponent(ERP)}`, operator, {
      owner: 'team:procurement',
      eventTypes: [EventTypes.MasterDataSkuUpsertedV1],
    });
    expect(registered.status).toBe(200);
    const sku = (source: string, id: string, unitCost: number) => ({
      ...master,
      id: uniqueName(id),
      source,
      subject: 'SKU-MASTER',
      time: new Date().toISOString(),
      data: { ...master.data, sku: 'SKU-MASTER', standardCost: unitCost },
    });
    await publisher.publish(Topics.SourceMasterDataV1, sku('urn:erp:rogue', 'rogue', 1_000));
    await publisher.publish(Topics.SourceMasterDataV1, sku(ERP, 'erp', 20));
    await waitUntilMasterCost('SKU-MASTER', 20);
    const metrics = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
    expect(metrics).toMatch(/governor_data_quality_master_data_untrusted_total\{[^}]*type="masterdata\.sku-upserted\.v1"[^}]*\} 1/);
  });

  it('pages the registry by source, the next page in a Link header (RFC 8288)', async () => {
    const token = mintToken(SECRET, auditor.id, auditor.roles);
    const read = async (pathname: string) => {
      const response = await fetch(`http://127.0.0.1:${PORT}${pathname}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, link: response.headers.get('link'), body: (await response.json()) as SourceView[] };
    };
    const whole = await read('/sources');
    expect(whole.body.map((s) => s.source)).toEqual([ERP, WMS]);
    expect(whole.link).toBeNull();

    const first = await read('/sources?limit=1');
    expect(first.body.map((s) => s.source)).toEqual([ERP]);
    const next = /^<([^>]+)>; rel="next"$/.exec(first.link ?? '')?.[1];
    expect(next).toMatch(/^\/sources\?limit=1&after=/);
    const second = await read(next ?? '');
    expect(second.body.map((s) => s.source)).toEqual([WMS]);
    expect(second.link).toBeNull();

    expect((await read('/sources?limit=0')).status).toBe(400);
    expect((await read('/sources?after=bm90LWEtY3Vyc29y')).status).toBe(400);
  });

  async function waitUntilMasterCost(entityId: string, unitCost: number): Promise<void> {
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await pg.query<{ unit_cost: number; source: string }>(
          `SELECT unit_cost, source FROM "${schema}".master_data WHERE entity_type = 'sku' AND entity_id = $1`,
          [entityId],
        );
        if (rows[0]?.unit_cost === unitCost) {
          expect(rows[0].source).toBe(ERP);
          return;
        }
        if (Date.now() > deadline) throw new Error(`master cost of ${entityId} not ${unitCost} in time: ${JSON.stringify(rows)}`);
        await sleep(200);
      }
    } finally {
      await pg.end();
    }
  }

  async function waitForMasterRow(entityType: string, entityId: string): Promise<void> {
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rowCount } = await pg.query(`SELECT 1 FROM "${schema}".master_data WHERE entity_type = $1 AND entity_id = $2`, [entityType, entityId]);
        if (rowCount) return;
        if (Date.now() > deadline) throw new Error(`master data ${entityType} ${entityId} not kept in time`);
        await sleep(200);
      }
    } finally {
      await pg.end();
    }
  }
});
