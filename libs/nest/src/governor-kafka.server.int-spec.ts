// The Nest transport in a real process: @EventPattern handlers get typed events, and a consumer
// SIGKILLed after its handler's database commit but before the offset commit does not handle the
// record twice when it starts again (the inbox recognises the redelivery).
import path from 'node:path';
import { Client } from 'pg';
import { EventTypes } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka, EventPublisher } from '@governor/messaging';
import { createTestTopic, NodeProcess, testDatabaseUrl, testKafkaBrokers, uniqueName, uniqueSchema } from '@governor/testing';

const FIXTURE = path.resolve(__dirname, '../../../dist/libs/nest/test/fixtures/inbox-consumer.app.js');

describe('GovernorKafkaServer in a process (real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'nest-transport-test' });
  const admin = kafka.admin();
  const publisher = new EventPublisher(kafka);
  const pg = new Client({ connectionString: testDatabaseUrl() });
  const processes: NodeProcess[] = [];
  const schema = uniqueSchema('inbox');

  beforeAll(async () => {
    await Promise.all([admin.connect(), publisher.connect(), pg.connect()]);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([admin.disconnect(), publisher.disconnect(), pg.end()]);
  });

  it('does not handle a record twice after a SIGKILL between the database commit and the offset commit', async () => {
    const topic = await createTestTopic(admin, 'inbox-kill');
    const env = { FIXTURE_SCHEMA: schema, FIXTURE_TOPIC: topic, FIXTURE_GROUP: uniqueName('inbox-kill') };
    const event = { ...exampleEvent(EventTypes.InventoryLevelReportedV1), id: uniqueName('evt') };

    const first = new NodeProcess(FIXTURE, { ...env, GOVERNOR_TEST_CRASH_POINT: 'after-handler-commit' });
    processes.push(first);
    await first.waitForOutput(/listening/);
    await publisher.publish(topic, event);
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(first.output).toContain(`handled ${event.id}`);

    const second = new NodeProcess(FIXTURE, env);
    processes.push(second);
    await second.waitForOutput(/duplicate event skipped/);
    expect(second.output).not.toContain(`handled ${event.id}`);

    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".handled WHERE event_id = $1`, [event.id]);
    expect(rows[0].n).toBe(1);

    // And it goes on handling new events normally.
    const next = { ...event, id: uniqueName('evt') };
    await publisher.publish(topic, next);
    await second.waitForOutput(new RegExp(`handled ${next.id}`));
  });
});
