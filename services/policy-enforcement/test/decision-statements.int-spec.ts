// What deciding costs in SQL: policy-enforcement as a process on the real broker and Postgres,
// with every statement it sends counted per transaction (SQL_TRANSACTIONS_ENV). A group of
// proposals is decided with a fixed handful of statements, however many proposals it holds; a
// proposal replayed (decided in an earlier group, or twice in one group) is still decided once,
// and each proposal's events continue its own trace, not the group's.
import { randomBytes } from 'node:crypto';
import { Topics } from '@governor/contracts';
import { PolicyEnforcementHarness, type RiskProposalOptions } from './policy-enforcement.harness';
import type { SqlTransaction } from '@governor/testing';

/** BEGIN, inbox claim, modes, decisions, approval tasks, outbox, audit lock, audit head, audit entries, COMMIT. */
const MOST_STATEMENTS_PER_GROUP = 10;

/** Auto-approved, approval-required and rejected (invalid parameters) in turn. */
function mix(count: number): RiskProposalOptions[] {
  const kinds: RiskProposalOptions[] = [
    { parameters: { amount: 1_000 }, confidence: 0.99, dataQuality: 0.99 },
    { parameters: { amount: 40_000 }, confidence: 0.99, dataQuality: 0.99 },
    { parameters: { amount: 'lots' } },
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]);
}

interface GroupCost {
  records: number;
  statements: number;
}

/** The transactions that decided proposals: how many records each claimed, and its statements. */
function decidingGroups(transactions: SqlTransaction[]): GroupCost[] {
  return transactions
    .filter((t) => t.texts.some((text) => /^INSERT INTO "[^"]+"\.decisions/.test(text)))
    .map((t) => {
      const claim = t.texts.findIndex((text) => /^INSERT INTO "[^"]+"\.inbox/.test(text));
      // A lone record is claimed without arrays.
      return { records: Math.max(1, t.rows[claim] ?? 1), statements: t.statements };
    });
}

describe('policy-enforcement decides a group of proposals in a fixed number of statements', () => {
  const pe = new PolicyEnforcementHarness();

  beforeAll(() => pe.prepare(), 60_000);
  afterAll(() => pe.stop(), 60_000);

  it('costs the same handful of statements for 20 proposals as for 200, and decides a replayed one once', async () => {
    // Published before the service starts: it meets them all at once, in large groups.
    const small = await pe.publishRiskProposals(mix(20));
    await pe.startService(PolicyEnforcementHarness.countingStatements);
    for (const event of small) await pe.decision(event.data.actionId);
    const afterSmall = pe.transactions().length;

    const replayed = small[1].data.actionId;
    const twice = `act-twice-${Date.now()}`;
    const traced = `act-traced-${Date.now()}`;
    const traceId = randomBytes(16).toString('hex');
    const large = await pe.publishRiskProposals([
      ...mix(97),
      {
        actionId: traced,
        parameters: { amount: 1_000 },
        confidence: 0.99,
        dataQuality: 0.99,
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      },
      { actionId: replayed, parameters: { amount: 40_000 } },
      { actionId: twice, parameters: { amount: 1_000 }, confidence: 0.99, dataQuality: 0.99 },
      ...mix(100),
      { actionId: twice, parameters: { amount: 40_000 } },
    ]);
    for (const event of large) await pe.decision(event.data.actionId);
    await pe.settle();

    const smallGroups = decidingGroups(pe.transactions().slice(0, afterSmall));
    const largeGroups = decidingGroups(pe.transactions().slice(afterSmall));
    expect(smallGroups.reduce((n, g) => n + g.records, 0)).toBe(20);
    // Two partitions: the 201 records come in groups of up to 100 (maxBatchRecords).
    expect(Math.max(...largeGroups.map((g) => g.records))).toBeGreaterThanOrEqual(50);
    const costly = [...smallGroups, ...largeGroups].filter((g) => g.statements > MOST_STATEMENTS_PER_GROUP);
    expect(costly).toEqual([]);

    // Decided in the first group, proposed again in the second: one decision, the first.
    expect(pe.decisionEvents(replayed)).toHaveLength(1);
    expect(pe.decisionEvents(replayed)[0].data.outcome).toBe('approval-required');
    // Twice in the second burst: decided once, as the first of the two said.
    expect(pe.decisionEvents(twice)).toHaveLength(1);
    expect(pe.decisionEvents(twice)[0].data.outcome).toBe('auto-approved');
    expect(pe.approvedEvents(twice)).toHaveLength(1);
    expect(await pe.traceIdOf(Topics.DecisionsV1, traced)).toBe(traceId);
    expect(await pe.traceIdOf(Topics.ActionsApprovedV1, traced)).toBe(traceId);
    const rows = await pe.sql<{ n: string }>(`SELECT count(*) AS n FROM $schema.decisions`);
    // 20 actions, then 199 new ones, and settle()'s marker.
    expect(Number(rows[0].n)).toBe(220);
  }, 180_000);
});
