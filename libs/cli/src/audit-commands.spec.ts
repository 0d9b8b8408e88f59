// `governor audit ...` through runCommand: verify-pack works offline (no service, no token, even
// where a real key is configured and no GOVERNOR_TOKEN is set) and rejects a changed pack naming
// the entry; list and export send the filters as the query string, and export without its range
// fails with its usage. A local HTTP server stands in
// for policy-enforcement and shows what was asked.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVIDENCE_PACK_FORMAT, EVIDENCE_PACK_VERSION, GENESIS_HASH, nextEntry, type AuditEntry, type EvidencePack } from '@governor/signing';
import { PackRejectedError } from './audit-commands';
import { runCommand } from './governor-commands';

function packOf(entries: AuditEntry[]): EvidencePack {
  return {
    format: EVIDENCE_PACK_FORMAT,
    version: EVIDENCE_PACK_VERSION,
    range: { from: '2026-12-04T08:00:00.000Z', to: '2026-12-04T09:00:00.000Z' },
    exportedAt: '2026-12-04T09:00:01.000Z',
    chain: entries.length ? { firstSeq: 1, lastSeq: entries.length, prevHash: GENESIS_HASH } : { firstSeq: null, lastSeq: null, prevHash: null },
    entries: entries.map((e) => ({ seq: e.seq, kind: e.kind, subject: e.subject, actor: e.actor, at: e.occurredAt, payload: e.payload, hash: e.hash, prevHash: e.prevHash })),
    checkpoints: [],
    keys: { keys: [] },
    policyVersions: [],
    decisions: [],
    approvals: [],
    executions: [],
  };
}

describe('governor audit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'governor-audit-'));
  let server: Server;
  let port: number;
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(req.url?.startsWith('/audit/export') ? JSON.stringify(packOf([])) : '[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (asked.length = 0));

  const run = (args: string[], env: Record<string, string> = {}) =>
    runCommand(args, { env: { PORT_POLICY_ENFORCEMENT: String(port), GOVERNOR_TOKEN: 'eyJ.t.s', ...env }, notice: () => undefined });

  it('verify-pack checks a file offline and says what holds; a changed byte is rejected naming its entry', async () => {
    const entries: AuditEntry[] = [];
    for (const [i, agent] of ['agent-a', 'agent-b', 'agent-c'].entries()) {
      entries.push(nextEntry(entries[i - 1], { occurredAt: `2026-12-04T08:0${i}:00.000Z`, kind: 'agent.registered', actor: 'gwen', subject: agent, payload: { owner: 'olga' } }));
    }
    const file = path.join(dir, 'pack.json');
    writeFileSync(file, JSON.stringify(packOf(entries), null, 2));
    const offline = { GOVERNOR_TOKEN: '', GOVERNOR_JWT_SECRET: 'a-real-secret', PORT_POLICY_ENFORCEMENT: '1' };
    expect(await run(['audit', 'verify-pack', file], offline)).toMatch(/evidence pack ok: entries 1 to 3 \(3\) hash-chained\n {2}no signed checkpoint falls in it/);

    const text = readFileSync(file, 'utf8');
    const at = text.lastIndexOf('"olga"');
    writeFileSync(file, `${text.slice(0, at + 1)}O${text.slice(at + 2)}`);
    const attempt = run(['audit', 'verify-pack', file], offline);
    await expect(attempt).rejects.toThrow(PackRejectedError);
    await expect(attempt).rejects.toThrow('evidence pack rejected at entry 3: entry 3 does not match its hash: its content was changed');
    await expect(run(['audit', 'verify-pack', path.join(dir, 'none.json')], offline)).rejects.toThrow(/cannot read the evidence pack/);
    expect(asked).toEqual([]);
  });

  it('list and export send their filters; export writes the pack to --out; audit alone still verifies the chain', async () => {
    expect(await run(['audit', 'list', '--subject', 'act-1', '--kind', 'decision.made', '--limit', '5'])).toEqual([]);
    const out = path.join(dir, 'exported.json');
    expect(await run(['audit', 'export', '--from', '2026-12-04T08:00:00Z', '--to', '2026-12-04T09:00:00Z', '--out', out])).toMatch(/^wrote the evidence pack .* \(no entries, 0 signed checkpoints\) to /);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ format: EVIDENCE_PACK_FORMAT });
    await run(['audit']);
    expect(asked).toEqual([
      '/audit?subject=act-1&kind=decision.made&limit=5',
      '/audit/export?from=2026-12-04T08%3A00%3A00Z&to=2026-12-04T09%3A00%3A00Z',
      '/audit/verify',
    ]);
    await expect(run(['audit', 'export', '--from', '2026-12-04T08:00:00Z'])).rejects.toThrow(/required option '--to <time>' not specified\n\nUsage: governor audit export/);
  });
});
