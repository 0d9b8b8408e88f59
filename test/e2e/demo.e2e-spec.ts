// Smoke test of the main job: `npm run demo -- --size small` on its own stack (fresh database,
// topic namespace, ports and run folder) finishes, exits 0, and prints the scorecard. And beside a
// stack that is already running, it starts a stack of its own whose short windows let the WMS
// outage trip the inventory domain, and stops it and drops its database at the end.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  describe('beside a stack that is already running', () => {
    // Stands in for a running stack: all the demo asks of one is whether it answers /health/ready.
    let running: Server;
    let namespace: string | undefined;

    beforeAll(async () => {
      running = createServer((_, response) => response.end('{"status":"ok"}'));
      await new Promise<void>((resolve) => running.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise((resolve) => running.close(resolve));
      if (!namespace) return;
      const admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'demo-smoke' }).admin();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(namespace as string));
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    });

    it('starts its own stack with the short windows, so the WMS outage trips inventory, and stops it after', async () => {
      const demo = new NodeProcess(
        DEMO,
        {
          PORT_DATA_QUALITY: String((running.address() as AddressInfo).port),
          GOVERNOR_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'governor-demo-')),
          KAFKA_BROKERS: testKafkaBrokers().join(','),
        },
        ['--size', 'small', '--duration', '60', '--seed', '7'],
      );
      const exit = await demo.exited;
      namespace = /topics (demo-[a-z0-9]+\.)\*/.exec(demo.output)?.[1];
      expect({ code: exit.code, output: exit.code === 0 ? '' : demo.output }).toEqual({ code: 0, output: '' });
      expect(demo.output).toContain('A Governor stack is already running');
      expect(demo.output).toMatch(/WMS outage shows within about \d+s/);
      expect(demo.output).toMatch(/^\s+\S+\s+inventory: \S+ -> \S+/m);

      const ownPorts = /ports (\d+(?:,\d+)*)/.exec(demo.output)?.[1].split(',') ?? [];
      expect(ownPorts).toHaveLength(Object.keys(DEFAULT_PORTS).length);
      const answering = await Promise.all(
        ownPorts.map((port) =>
          fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1_000) }).then(
            () => port,
            () => undefined,
          ),
        ),
      );
      expect(answering.filter(Boolean)).toEqual([]);
      const ownDatabase = /database (governor_demo_[a-z0-9_]+)/.exec(demo.output)?.[1];
      const pg = new Client({ connectionString: testDatabaseUrl() });
      await pg.connect();
      const left = await pg.query('SELECT 1 FROM pg_database WHERE datname = $1', [ownDatabase]);
      await pg.end();
      expect({ ownDatabase, left: left.rowCount }).toEqual({ ownDatabase: expect.any(String), left: 0 });
    });
  });
});
