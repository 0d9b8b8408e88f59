// `governor models` and `governor models show ID` through runCommand, against a local HTTP server
// standing in for predictive-risk: the paths called, and the tables printed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCommand } from './governor-commands';

const SUMMARY = {
  modelId: 'demand-sensing',
  domain: 'inventory',
  champion: '2.0.0+bbbbbbbb',
  purpose: 'One-day-ahead daily demand',
  versions: [
    { version: '2.0.0+bbbbbbbb', status: 'champion', statusChangedAt: '2026-12-04T09:00:00.000Z' },
    { version: '1.0.0+aaaaaaaa', status: 'retired', statusChangedAt: '2026-12-04T09:00:00.000Z' },
  ],
};
const accuracy = (wape: number, relativeBias: number) => ({ n: 120, wape, relativeBias });
const DETAIL = {
  ...SUMMARY,
  versions: [
    {
      version: '2.0.0+bbbbbbbb',
      status: 'champion',
      statusChangedAt: '2026-12-04T09:00:00.000Z',
      validation: {
        method: 'rolling-origin backtest',
        comparedWith: '1.0.0+aaaaaaaa',
        note: '',
        backtest: { candidate: accuracy(0.056, 0), champion: accuracy(0.248, -0.01), wapeDelta: -0.192 },
      },
      promotion: {
        by: 'deployment',
        at: '2026-12-04T09:00:00.000Z',
        replaced: '1.0.0+aaaaaaaa',
        worseThanChampion: false,
        reason: null,
      },
      shadow: { champion: '1.0.0+aaaaaaaa', shadow: accuracy(0.06, 0), championAccuracy: accuracy(0.25, 0) },
      cardPath: '/models/demand-sensing/versions/2.0.0%2Bbbbbbbbb',
      card: {
        purpose: 'One-day-ahead daily demand',
        inputs: ['demand records'],
        assumptions: ['additive Holt-Winters'],
        limitations: ['a week to start'],
        owner: 'planning-analytics',
        trainingWindow: 'online',
        liveAccuracy: accuracy(0.071, -0.023),
      },
    },
  ],
};

describe('governor models', () => {
  let server: Server;
  let port: number;
  const asked: string[] = [];
  const bodies: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        if (text) bodies.push(JSON.parse(text));
        res.setHeader('content-type', 'application/json');
        const answer =
          req.method === 'POST' ? DETAIL.versions[0] : req.url?.startsWith('/models/') ? DETAIL : [SUMMARY];
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const run = async (args: string[]) => {
    const printed: string[] = [];
    const env = { PORT_PREDICTIVE_RISK: String(port), GOVERNOR_TOKEN: 'eyJ.t.s' };
    await runCommand(args, { env, notice: () => undefined, print: (text) => printed.push(text) });
    return printed.join('\n');
  };

  it('lists each model with its champion and versions', async () => {
    const printed = await run(['models']);
    expect(asked.pop()).toBe('GET /models');
    expect(printed).toMatch(
      /│ demand-sensing │ inventory │ 2\.0\.0\+bbbbbbbb │ 2\.0\.0\+bbbbbbbb champion, 1\.0\.0\+aaaaaaaa retired │/,
    );
    await run(['models', '--limit', '5']);
    expect(asked.pop()).toBe('GET /models?limit=5');
  });

  it("shows one model's versions with validation, shadow run, live accuracy and promotion, and the champion's card", async () => {
    const printed = await run(['models', 'show', 'demand-sensing']);
    expect(asked.pop()).toBe('GET /models/demand-sensing');
    expect(printed.split('\n')[0]).toBe('demand-sensing (inventory): One-day-ahead daily demand');
    expect(printed).toMatch(
      /│ 2\.0\.0\+bbbbbbbb │ champion │ 2026-12-04 09:00:00Z │ WAPE 5\.6% vs 24\.8% \(1\.0\.0\+aaaaaaaa\) │ WAPE 6\.0% vs 25\.0% \(120 days\) │ 7\.1% +│ -2\.3% +│ deployment │/,
    );
    expect(printed).toMatch(/│ card +│ \/models\/demand-sensing\/versions\/2\.0\.0%2Bbbbbbbbb │/);
    expect(printed).toMatch(/│ owner +│ planning-analytics +│/);
  });

  it('promotes a version with its reason, and needs both the model and the version', async () => {
    const printed = await run([
      'models',
      'promote',
      'demand-sensing',
      '2.0.0+bbbbbbbb',
      '--reason',
      'beat the champion',
    ]);
    expect(asked.pop()).toBe('POST /models/demand-sensing/versions/2.0.0%2Bbbbbbbbb/promote');
    expect(bodies.pop()).toEqual({ reason: 'beat the champion' });
    expect(printed).toMatch(/│ by +│ deployment +│/);
    await expect(run(['models', 'promote', 'demand-sensing'])).rejects.toThrow(
      /missing required argument 'version'/,
    );
  });

  it("shows order fulfilment's calibration on recorded outcomes in its card", async () => {
    const calibration = {
      outcomes: 4,
      formula: { brier: 0.125 },
      logistic: null,
      note: 'fewer than 200: the formula stays champion',
    };
    DETAIL.versions[0].card = {
      ...DETAIL.versions[0].card,
      calibration,
    } as (typeof DETAIL.versions)[0]['card'];
    try {
      const printed = await run(['models', 'show', 'order-fulfilment']);
      expect(printed).toMatch(
        /│ calibration +│ 4 outcomes, formula Brier 0\.1250 \(fewer than 200: the formula stays champion\) │/,
      );
    } finally {
      delete (DETAIL.versions[0].card as { calibration?: unknown }).calibration;
    }
  });

  it('says so when the version runs a model fitted on recorded outcomes', async () => {
    DETAIL.versions[0].card = {
      ...DETAIL.versions[0].card,
      calibration: {
        outcomes: 240,
        inUse: 'fitted',
        running: { brier: 0.1412 },
        formula: { brier: 0.2263 },
        logistic: null,
        note: 'a logistic regression fitted on recorded outcomes is in use',
      },
    } as (typeof DETAIL.versions)[0]['card'];
    try {
      const printed = await run(['models', 'show', 'order-fulfilment']);
      expect(printed).toMatch(
        /│ calibration +│ 240 outcomes, fitted model in use, Brier 0\.1412; formula Brier 0\.2263 /,
      );
    } finally {
      delete (DETAIL.versions[0].card as { calibration?: unknown }).calibration;
    }
  });
});
