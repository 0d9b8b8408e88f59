// `governor sources` through runCommand: list (with --topic) and register call data-quality's
// routes with the operator's token and the body the service takes; register without --owner or
// --types fails with the usage and calls nothing. A local HTTP server stands in for data-quality.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCommand, UsageError } from './governor-commands';

const SOURCE = {
  source: 'urn:wms:dc-east',
  owner: 'team:inventory',
  eventTypes: ['inventory.level-reported.v1'],
  topics: ['source.inventory.v1'],
  description: '',
  registeredBy: 'olivia',
  registeredAt: '2026-12-04T09:00:00.000Z',
};

describe('governor sources', () => {
  let server: Server;
  let port: number;
  const asked: { call: string; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        asked.push({ call: `${req.method} ${req.url}`, body: text ? (JSON.parse(text) as unknown) : undefined });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(req.method === 'GET' ? [SOURCE] : SOURCE));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (asked.length = 0));

  const run = async (args: string[]) => {
    const printed: string[] = [];
    const answer = await runCommand(args, {
      env: { PORT_DATA_QUALITY: String(port), GOVERNOR_TOKEN: 'eyJ.t.s' },
      notice: () => undefined,
      print: (text) => printed.push(text),
    });
    return { answer, printed: printed.join('\n') };
  };

  it('lists the registry as a table, all of it or one topic', async () => {
    const { printed } = await run(['sources']);
    expect(printed).toMatch(/│ urn:wms:dc-east │ team:inventory │ inventory\.level-reported\.v1 │ olivia +│/);
    await run(['sources', 'list', '--topic', 'source.inventory.v1']);
    expect(asked.map((a) => a.call)).toEqual(['GET /sources', 'GET /sources?topic=source.inventory.v1']);
  });

  it('registers a source with its owner and types', async () => {
    const { answer } = await run(['sources', 'register', 'urn:wms:dc-east', '--owner', 'team:inventory', '--types', 'inventory.level-reported.v1, inventory.demand-recorded.v1']);
    expect(answer).toEqual(SOURCE);
    expect(asked).toEqual([
      {
        call: 'PUT /sources/urn%3Awms%3Adc-east',
        body: { owner: 'team:inventory', eventTypes: ['inventory.level-reported.v1', 'inventory.demand-recorded.v1'] },
      },
    ]);
  });

  it('refuses a registration without an owner or types, calling nothing', async () => {
    await expect(run(['sources', 'register', 'urn:wms:dc-east', '--types', 'inventory.level-reported.v1'])).rejects.toThrow(UsageError);
    await expect(run(['sources', 'register', 'urn:wms:dc-east', '--owner', 'x'])).rejects.toThrow(/--types/);
    expect(asked).toEqual([]);
  });
});
