// Issue 20 item 6 against the real stack: the audit log's newest entries deleted in SQL by someone
// with the owner's rights (append-only triggers disabled) leave a chain that still links, but not
// one that reaches policy-enforcement's latest signed checkpoint: GET /audit/verify reports the
// truncation. The checkpoint is also on internal.audit-checkpoints.v1, signed with a key of the JWKS.
import { createRemoteJWKSet } from 'jose';
import { Client } from 'pg';
import { ActionTypes, Topics, type ContractEvent } from '@governor/contracts';
import { verifyDetached } from '@governor/signing';
import { testAgentPublicKey } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';

jest.setTimeout(180_000);

const SCHEMA = 'policy_enforcement';

interface Verification {
  ok: boolean;
  entries: number;
  firstBadEntry?: number;
  problem?: string;
}

describe('audit truncation (policy-enforcement as a process, real Postgres)', () => {
  let stack: GovernorStack;
  const pg = () => new Client({ connectionString: stack.databaseUrl });
  const governance = () => stack.api.as('u-governance', ['governance']);
  const auditor = () => stack.api.as('u-auditor', ['auditor']);

  beforeAll(async () => {
    stack = await GovernorStack.start({ services: ['policy-enforcement'], env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1' } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    const client = pg();
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stack.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('reports the deletion of the newest entries as a truncation', async () => {
    const checkpoints = await stack.record(Topics.AuditCheckpointsV1);
    // Audited changes: agents registered (one entry each).
    for (let i = 0; i < 6; i++) {
      await governance().call('policy-enforcement', 'PUT', `/agents/truncation-agent-${i}`, {
        owner: 'u-alice',
        scope: [ActionTypes.CreatePurchaseOrder],
        description: `agent ${i}`,
        publicKey: await testAgentPublicKey(`truncation-agent-${i}`),
      });
    }
    const [{ head }] = await sql<{ head: string }>(`SELECT max(seq)::text AS head FROM ${SCHEMA}.audit_log`);
    const top = Number(head);
    await until(async () => checkpoints.messages.some((m) => (m.json as ContractEvent<'audit.checkpoint-signed.v1'>).data.seq === top), 20_000, `a checkpoint of entry ${top}`);
    const published = checkpoints.messages.map((m) => m.json as ContractEvent<'audit.checkpoint-signed.v1'>).find((c) => c.data.seq === top);
    const keys = createRemoteJWKSet(new URL(`${stack.url('policy-enforcement')}/.well-known/jwks.json`));
    expect(await verifyDetached(published?.signature, published?.data, (_alg, header) => keys(header))).toMatchObject({ ok: true, kid: stack.signingKey.kid });
    expect(await auditor().call<Verification>('policy-enforcement', 'GET', '/audit/verify')).toEqual({ ok: true, entries: top });

    // The owner of the table switches its guard off and cuts the four newest entries.
    await sql(`ALTER TABLE ${SCHEMA}.audit_log DISABLE TRIGGER audit_log_no_update_or_delete`);
    const cut = await sql(`DELETE FROM ${SCHEMA}.audit_log WHERE seq > $1 RETURNING seq`, [top - 4]);
    expect(cut).toHaveLength(4);
    await sql(`ALTER TABLE ${SCHEMA}.audit_log ENABLE TRIGGER audit_log_no_update_or_delete`);

    const verdict = await auditor().call<Verification>('policy-enforcement', 'GET', '/audit/verify');
    expect(verdict).toEqual({
      ok: false,
      entries: top - 4,
      firstBadEntry: top - 3,
      problem: expect.stringContaining(`truncation: entries ${top - 3} to ${top} are missing`),
    });

    // New entries written over the cut (the log grows past the checkpoint again) do not hide it:
    // the entry at the checkpoint's seq is another one now, and no checkpoint vouches for the new chain.
    for (let i = 6; i < 12; i++) {
      await governance().call('policy-enforcement', 'PUT', `/agents/truncation-agent-${i}`, {
        owner: 'u-alice',
        scope: [ActionTypes.CreatePurchaseOrder],
        description: `agent ${i}`,
        publicKey: await testAgentPublicKey(`truncation-agent-${i}`),
      });
    }
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await sql(`SELECT seq FROM ${SCHEMA}.audit_checkpoints WHERE seq > $1`, [top])).toEqual([]);
    expect(await auditor().call<Verification>('policy-enforcement', 'GET', '/audit/verify')).toEqual({
      ok: false,
      entries: top,
      firstBadEntry: top,
      problem: expect.stringContaining(`truncation: entry ${top} differs from the signed checkpoint`),
    });
    expect(stack.output()).toContain(`no longer holds entry ${top}`);
  });
});
