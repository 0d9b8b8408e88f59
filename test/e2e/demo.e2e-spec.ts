// Smoke test of the main job: `npm run demo -- --size small` on its own stack (fresh database,
// topic namespace, ports and run folder) finishes, exits 0, and prints the scorecard.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DEFAULT_PORTS } from '@governor/cli';
import { createKafka } from '@governor/messaging';
import { createTopicNamespace, freePortBlock, NodeProcess, testDatabaseUrl, testKafkaBrokers, uniqueName } from '@governor/testing';

jest.setTimeout(300_000);

const DEMO = path.resolve(__dirname, '../../dist/libs/cli/src/demo/demo.js');

describe('npm run demo -- --size small', () => {
  const database = uniqueName('governor_demo_test').replace(/-/g, '_');

  afterAll(async () => {
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    await pg.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await pg.end();
  });

  it('plays a small day, prints the scorecard and the mode changes, and exits 0', async () => {
    const admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'demo-smoke' }).admin();
    await admin.connect();
    const namespace = await createTopicNamespace(admin, 'demo');
    await admin.disconnect();
    const server = new URL(testDatabaseUrl());
    const pg = new Client({ connectionString: server.toString() });
    await pg.connect();
    await pg.query(`CREATE DATABASE "${database}"`);
    await pg.end();
    server.pathname = `/${database}`;
    const base = freePortBlock(Object.keys(DEFAULT_PORTS).length);
    const ports = Object.fromEntries(
      Object.keys(DEFAULT_PORTS).map((s, i) => [`PORT_${s.toUpperCase().replace(/-/g, '_')}`, String(base + i)]),
    );
    const demo = new NodeProcess(
      DEMO,
      {
        ...ports,
        GOVERNOR_TOPIC_NAMESPACE: namespace,
        GOVERNOR_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'governor-demo-')),
        DATABASE_URL: server.toString(),
        KAFKA_BROKERS: testKafkaBrokers().join(','),
      },
      ['--size', 'small', '--duration', '60', '--seed', '7'],
    );
    const exit = await demo.exited;
    expect({ code: exit.code, output: exit.code === 0 ? '' : demo.output }).toEqual({ code: 0, output: '' });
    expect(demo.output).toMatch(/== Governance scorecard \(GET \/scorecard\?window=\d+m\)/);
    expect(demo.output).toMatch(/\n\s+overall\s+\d+/);
    expect(demo.output).toContain('== Mode changes');
    expect(demo.output).toMatch(/actions waiting for people now: \d+/);
    expect(demo.output).toMatch(/audit chain: .*ok=true/);
    // Its output is a pipe, not a terminal: progress comes as plain lines, nothing rewritten in place.
    expect(demo.output).toMatch(/^\[[a-z-]+\] published \d+\/\d+ \| decisions: /m);
    expect(demo.output).not.toContain('\r');
    expect(demo.output).not.toContain('\x1b');
  });
});
