// The transactional outbox across crashes, with real processes, Kafka and Postgres:
// - killed after the outbox commit but before the relay publishes: published after restart;
// - killed after the publish but before the row is marked sent: published twice, and a consumer
//   with an inbox handles it once;
// - a pass that got to a transaction's rows between its commit and publishCommitted: published once.
import path from 'node:path';
import { Client } from 'pg';
import { NodeProcess, testDatabaseUrl, uniqueName } from '@governor/testing';
import { levelReported, MessagingTestKit } from '../../test/messaging-test-kit';
import { Inbox } from '..';

const FIXTURE = path.resolve(__dirname, '../../../../dist/libs/messaging/test/fixtures/outbox-producer.js');

describe('Outbox and relay across crashes and races (real Kafka and Postgres)', () => {
  const kit = new MessagingTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.close());

  async function fixture(mode: 'enqueue' | 'relay', env: Record<string, string>): Promise<NodeProcess> {
    const child = new NodeProcess(FIXTURE, env, [mode]);
    kit.onClose(() => child.stop());
    await child.exited;
    return child;
  }

  it('publishes after a restart when killed between the outbox commit and the relay', async () => {
    const topic = await kit.topic();
    const recorder = await kit.recorder(topic);
    const eventId = uniqueName('evt');
    const env = { FIXTURE_SCHEMA: uniqueName('ob').replace(/-/g, '_'), FIXTURE_TOPIC: topic, FIXTURE_EVENT_ID: eventId };

    const crashed = await fixture('enqueue', { ...env, GOVERNOR_TEST_CRASH_POINT: 'after-outbox-commit' });
    expect(crashed.output).toContain(`enqueued ${eventId}`);
    expect(crashed.output).not.toContain('relayed');
    await new Promise((r) => setTimeout(r, 500));
    expect(recorder.messages).toHaveLength(0);

    const restarted = await fixture('relay', env);
    expect(restarted.output).toContain('relayed 1');
    const published = await recorder.waitFor((m) => (m.json as { id: string }).id === eventId);
    // The record key is the event's subject, so one entity's events stay on one partition.
    expect(published.key).toBe((published.json as { subject: string }).subject);
    expect(recorder.messages.filter((m) => (m.json as { id: string }).id === eventId)).toHaveLength(1);
    await dropSchema(env.FIXTURE_SCHEMA);
  });

  it('publishes twice when killed after the publish and before marking sent; the consumer handles it once', async () => {
    const topic = await kit.topic();
    const recorder = await kit.recorder(topic);
    const eventId = uniqueName('evt');
    const env = { FIXTURE_SCHEMA: uniqueName('ob').replace(/-/g, '_'), FIXTURE_TOPIC: topic, FIXTURE_EVENT_ID: eventId };

    const crashed = await fixture('enqueue', { ...env, GOVERNOR_TEST_CRASH_POINT: 'after-relay-publish' });
    expect(crashed.output).toContain(`enqueued ${eventId}`);
    expect(crashed.output).not.toContain('relayed');
    const restarted = await fixture('relay', env);
    expect(restarted.output).toContain('relayed 1');
    await recorder.waitForCount((m) => (m.json as { id: string }).id === eventId, 2);

    const { dataSource, schema } = await kit.database();
    const handled: string[] = [];
    const runner = await kit.run(topic, async (event) => void handled.push(event.id), {
      groupId: uniqueName('downstream'),
      stage: 'downstream',
      database: { dataSource, inbox: new Inbox(schema, 'downstream') },
    });
    const deadline = Date.now() + 20_000;
    while (runner.stats.handled + runner.stats.duplicates < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(handled).toEqual([eventId]);
    expect(runner.stats).toMatchObject({ handled: 1, duplicates: 1 });
    await dropSchema(env.FIXTURE_SCHEMA);
  });

  it('publishes rows once when a pass got to them between their commit and publishCommitted', async () => {
    const topic = await kit.topic();
    const recorder = await kit.recorder(topic);
    const { dataSource, outbox, relay } = await kit.relay();
    const events = [levelReported(), levelReported()];
    const inserted = await dataSource.transaction(async (manager) => {
      await outbox.enqueue(manager, events.map((event) => ({ topic, event })));
      return outbox.takeInserted(manager);
    });
    expect(inserted).toHaveLength(2);
    // A pass (the poll, or one woken by another writer) runs first and publishes them ...
    expect(await relay.relayOnce()).toBe(2);
    // ... then the committer hands them over: they are not published again.
    relay.publishCommitted(inserted);
    await relay.relayOnce();
    await recorder.waitForCount(() => true, 2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(recorder.messages.map((m) => (m.json as { id: string }).id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(relay.publishedCount).toBe(2);
  });

  async function dropSchema(schema: string): Promise<void> {
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  }
});
