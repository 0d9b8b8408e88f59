// The evidence pack checker (what `governor audit verify-pack` runs): a pack as the service
// exports it holds; a changed byte, a removed entry, a checkpoint that another key signed or that
// the entries no longer match, and a record an entry names but the pack lacks are each caught,
// naming the first entry that does not hold.
import { GENESIS_HASH, nextEntry, type AuditContent, type AuditEntry } from './audit-chain';
import { signDetached } from './detached-jws';
import { checkEvidencePack, EVIDENCE_PACK_FORMAT, EVIDENCE_PACK_VERSION, type EvidencePack, type PackCheck } from './evidence-pack';
import { generateSigningKey, publicJwks, type SigningKeyPair } from './signing-keys';

const T = (s: number) => `2026-12-04T08:00:${String(s).padStart(2, '0')}.000Z`;

/** The log from seq 1: an activation, a decision that needs people, their approval, an automatic decision. */
function log(): AuditEntry[] {
  const contents: Omit<AuditContent, 'seq' | 'prevHash' | 'occurredAt'>[] = [
    { kind: 'policy.activated', actor: 'system', subject: 'policy-version:1', payload: { version: 1, previousVersion: null } },
    { kind: 'decision.made', actor: 'system', subject: 'act-1', payload: { decisionId: 'd-1', outcome: 'approval-required', policyVersion: '1', taskId: 't-1' } },
    { kind: 'approval.requested', actor: 'system', subject: 'act-1', payload: { taskId: 't-1' } },
    { kind: 'approval.approved', actor: 'ann', subject: 'act-1', payload: { taskId: 't-1', comment: 'fine' } },
    { kind: 'decision.made', actor: 'system', subject: 'act-2', payload: { decisionId: 'd-2', outcome: 'auto-approved', policyVersion: '1', taskId: null } },
  ];
  const entries: AuditEntry[] = [];
  contents.forEach((c, i) => entries.push(nextEntry(entries[i - 1], { ...c, occurredAt: T(i) })));
  return entries;
}

/** A pack of entries 2 to 5 (the activation before the range), with a checkpoint of entry 4. */
async function pack(key: SigningKeyPair): Promise<EvidencePack> {
  const entries = log().slice(1);
  const covered = entries[2];
  const signed = { seq: covered.seq, hash: covered.hash, at: T(30) };
  return {
    format: EVIDENCE_PACK_FORMAT,
    version: EVIDENCE_PACK_VERSION,
    range: { from: T(1), to: T(10) },
    exportedAt: T(40),
    chain: { firstSeq: 2, lastSeq: 5, prevHash: entries[0].prevHash },
    entries: entries.map((e) => ({ seq: e.seq, kind: e.kind, subject: e.subject, actor: e.actor, at: e.occurredAt, payload: e.payload, hash: e.hash, prevHash: e.prevHash })),
    checkpoints: [{ ...signed, kid: key.kid, signature: await signDetached(signed, key) }],
    keys: publicJwks([key]),
    policyVersions: [{ version: '1', description: 'default', policies: 'permit (principal, action, resource);', createdBy: 'system', createdAt: T(0) }],
    decisions: [
      { decisionId: 'd-1', actionId: 'act-1', outcome: 'approval-required', policyVersion: '1' },
      { decisionId: 'd-2', actionId: 'act-2', outcome: 'auto-approved', policyVersion: '1' },
    ],
    approvals: [{ taskId: 't-1', actionId: 'act-1', approvals: [{ approver: 'ann', comment: 'fine', approvedAt: T(3) }] }],
    executions: [{ actionId: 'act-2', type: 'action.executed.v1', adapter: 'erp' }],
  };
}

const rejected = (check: PackCheck) => (check.ok ? undefined : { seq: check.seq, problem: check.problem });

describe('checkEvidencePack', () => {
  let key: SigningKeyPair;
  let good: EvidencePack;
  /** A deep copy to spoil. */
  const copy = (): EvidencePack => JSON.parse(JSON.stringify(good)) as EvidencePack;

  beforeAll(async () => {
    key = await generateSigningKey();
    good = await pack(key);
  });

  it('accepts a pack as exported, linked to the entry before it, with its checkpoint signed by the keys in it', async () => {
    expect(await checkEvidencePack(good)).toEqual({ ok: true, entries: 4, firstSeq: 2, lastSeq: 5, checkpoints: 1, signedThrough: 4, keysFrom: 'pack' });
    expect(good.chain.prevHash).not.toBe(GENESIS_HASH);
    expect(await checkEvidencePack(good, { trustedKeys: publicJwks([key]) })).toMatchObject({ ok: true, keysFrom: 'trusted' });
  });

  it('accepts a pack of a range with no entries', async () => {
    const empty = { ...copy(), chain: { firstSeq: null, lastSeq: null, prevHash: null }, entries: [], checkpoints: [], decisions: [], approvals: [], executions: [] };
    expect(await checkEvidencePack(empty)).toMatchObject({ ok: true, entries: 0 });
  });

  it("names the entry whose payload lost or gained a byte", async () => {
    const changed = copy();
    changed.entries[2].payload.comment = 'finE';
    expect(rejected(await checkEvidencePack(changed))).toEqual({ seq: 4, problem: 'entry 4 does not match its hash: its content was changed' });
    const actor = copy();
    actor.entries[0].actor = 'mallory';
    expect(rejected(await checkEvidencePack(actor))).toMatchObject({ seq: 2 });
  });

  it('names a removed entry, at the start, in the middle or at the end', async () => {
    const middle = copy();
    middle.entries.splice(1, 1);
    expect(rejected(await checkEvidencePack(middle))).toEqual({ seq: 3, problem: 'entry 3 is missing (next is 4)' });
    const first = copy();
    first.entries.shift();
    expect(rejected(await checkEvidencePack(first))).toMatchObject({ seq: 2 });
    const last = copy();
    last.entries.pop();
    expect(rejected(await checkEvidencePack(last))).toEqual({ seq: 5, problem: "entry 5 is missing; the pack's chain runs to entry 5" });
  });

  it('catches entries rewritten and rehashed up to a signed checkpoint: the checkpoint no longer matches', async () => {
    const rewritten = copy();
    let previous = { seq: 2, hash: rewritten.entries[0].hash };
    for (const i of [1, 2, 3]) {
      const view = rewritten.entries[i];
      const forged = nextEntry(previous, { occurredAt: view.at, kind: view.kind, actor: i === 1 ? 'mallory' : view.actor, subject: view.subject, payload: view.payload });
      rewritten.entries[i] = { ...view, actor: forged.actor, prevHash: forged.prevHash, hash: forged.hash };
      previous = forged;
    }
    expect(rejected(await checkEvidencePack(rewritten))).toEqual({ seq: 4, problem: `entry 4 differs from the signed checkpoint of ${T(30)}` });
  });

  it('says how far a signed checkpoint vouches: entries after it hold by the chain alone', async () => {
    expect(await checkEvidencePack(good)).toMatchObject({ ok: true, signedThrough: 4 });
    const rehashed = copy();
    const view = rehashed.entries[3];
    const forged = nextEntry({ seq: 4, hash: view.prevHash }, { occurredAt: view.at, kind: view.kind, actor: view.actor, subject: view.subject, payload: { ...view.payload, outcome: 'rejected' } });
    rehashed.entries[3] = { ...view, payload: forged.payload, hash: forged.hash };
    rehashed.decisions[1].outcome = 'rejected';
    expect(await checkEvidencePack(rehashed)).toMatchObject({ ok: true, lastSeq: 5, signedThrough: 4 });
    expect(await checkEvidencePack({ ...good, checkpoints: [] })).toMatchObject({ ok: true, signedThrough: null });
  });

  it('rejects a checkpoint signed by another key than the keys given', async () => {
    const other = await generateSigningKey();
    expect(rejected(await checkEvidencePack(good, { trustedKeys: publicJwks([other]) }))).toMatchObject({
      seq: 4,
      problem: expect.stringMatching(/^the checkpoint of entry 4 is not signed by the keys given \(unknown-key/),
    });
    const resigned = copy();
    resigned.checkpoints[0].at = T(31);
    expect(rejected(await checkEvidencePack(resigned))).toMatchObject({ seq: 4, problem: expect.stringContaining('signature-mismatch') });
  });

  it('names the entry whose decision, approval task or policy version the pack lacks or contradicts', async () => {
    const noDecision = copy();
    noDecision.decisions.shift();
    expect(rejected(await checkEvidencePack(noDecision))).toEqual({ seq: 2, problem: 'entry 2 records decision d-1, which is not in the pack' });
    const otherOutcome = copy();
    otherOutcome.decisions[1].outcome = 'rejected';
    expect(rejected(await checkEvidencePack(otherOutcome))).toMatchObject({ seq: 5, problem: expect.stringContaining('disagree') });
    const noApproval = copy();
    noApproval.approvals[0].approvals = [];
    expect(rejected(await checkEvidencePack(noApproval))).toEqual({ seq: 4, problem: 'entry 4 records an approval by ann that task t-1 in the pack does not hold' });
    const noTask = copy();
    noTask.approvals = [];
    expect(rejected(await checkEvidencePack(noTask))).toMatchObject({ seq: 3 });
    const noPolicy = copy();
    noPolicy.policyVersions = [];
    expect(rejected(await checkEvidencePack(noPolicy))).toEqual({ seq: undefined, problem: 'decision d-1 was made under policy version 1, which is not in the pack' });
    const strayExecution = copy();
    strayExecution.executions.push({ actionId: 'act-9', type: 'action.executed.v1' });
    expect(rejected(await checkEvidencePack(strayExecution))).toMatchObject({ problem: expect.stringContaining('act-9') });
  });

  it('says what is wrong with a file that is not a pack, and never throws', async () => {
    expect(rejected(await checkEvidencePack([]))).toMatchObject({ problem: 'not an evidence pack: not a JSON object' });
    expect(rejected(await checkEvidencePack({ ...good, version: 2 }))).toMatchObject({ problem: expect.stringContaining('version 2') });
    expect(rejected(await checkEvidencePack({ ...good, entries: [null] }))).toMatchObject({ problem: expect.stringContaining('malformed evidence pack') });
  });
});
