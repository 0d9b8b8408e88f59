// Issue 8 scenarios 9 and 10: poison records on every input topic and a property-based fuzzer of
// 10,000 malformed and borderline records, against the whole of Governor as processes. Every
// refused record must be on the dead-letter topic once per consuming service with the parser's
// code, every accepted one processed (scored, or decided for proposals), no service may crash, and
// each partition must keep flowing after its poison.
import { ApprovalModes, ContractErrorCodes, EventTypes, parse, Topics, type CloudEvent } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { uniqueName } from '@governor/testing';
import type { GovernorStack } from '../support/governor-stack';
import { isolatedGroups, startStack } from './support/fault-stack';
import { eventually, FaultHistory, metricValue, REFUSING_STAGES } from './support/fault-history';
import { fuzzRecords } from './support/fuzz-records';
import { poisonRecords, validEventFor } from './support/poison-records';

jest.setTimeout(900_000);

// FAULTS_FUZZ_COUNT only to try a smaller run by hand; the suite runs 10,000.
const FUZZ_COUNT = Number(process.env.FAULTS_FUZZ_COUNT ?? 10_000);
const FUZZ_SEED = 20_260_801;

describe('bad input: poison records and a fuzzer (all services as processes)', () => {
  let stack: GovernorStack;
  let history: FaultHistory;

  beforeAll(async () => {
    stack = await startStack({ env: isolatedGroups().env }, (s) => (stack = s));
    history = await FaultHistory.start(stack);
  });

  afterAll(async () => {
    await history?.stop();
    await stack?.stop();
  });

  it('the poison catalogue gets from the contract parser exactly the codes written beside it', () => {
    for (const topic of Object.keys(REFUSING_STAGES)) {
      for (const poison of poisonRecords(topic)) {
        const result = parse({ value: poison.value, topic });
        expect({ topic, label: poison.label, code: result.ok ? 'accepted' : result.error.code }).toEqual({ topic, label: poison.label, code: poison.errorCode });
      }
    }
  });

  it('dead-letters every poison record on every input topic with its reason, and each partition keeps flowing', async () => {
    const flowing: { topic: string; event: CloudEvent<unknown> }[] = [];
    for (const topic of Object.keys(REFUSING_STAGES)) {
      for (const partition of [0, 1]) {
        await history.publishPoison(topic, partition, poisonRecords(topic));
      }
    }
    // After the poison, a valid record on each partition of each external input topic.
    for (const topic of [Topics.SourceInventoryV1, Topics.SourceOrdersV1, Topics.SourceProcurementV1, Topics.SourceCreditV1]) {
      for (const partition of [0, 1]) {
        const event = validEventFor(topic) as unknown as CloudEvent<unknown>;
        const offsets = await history.publishRaw(topic, partition, [{ key: event.subject, value: JSON.stringify(event) }]);
        expect(offsets).toHaveLength(1);
        history.sourceEvents.add(`${event.source}|${event.id}`);
        flowing.push({ topic, event });
      }
    }
    for (const partition of [0, 1]) {
      const proposal = validEventFor(Topics.AgentsProposalsV1);
      const actionId = uniqueName('act-flow');
      const event = { ...proposal, subject: actionId, data: { ...proposal.data, actionId, agentId: 'unregistered-agent' } };
      await history.publishRaw(Topics.AgentsProposalsV1, partition, [{ key: actionId, value: JSON.stringify(event) }]);
      history.proposals.add(actionId);
      // An approved purchase order after the poison on actions.approved.v1 still executes (signed
      // as policy-enforcement signs: execution runs nothing else).
      const approved = exampleEvent(EventTypes.ActionApprovedV1);
      const approvedId = uniqueName('act-approved');
      const approvedEvent = await stack.signApproved({ ...approved, id: uniqueName('approved'), subject: approvedId, data: { ...approved.data, actionId: approvedId, idempotencyKey: approvedId, approval: { ...approved.data.approval, mode: ApprovalModes.Human } } });
      await history.publishRaw(Topics.ActionsApprovedV1, partition, [{ key: approvedId, value: JSON.stringify(approvedEvent) }]);
      history.mustExecute.add(approvedId);
    }

    await history.settleAndVerify(120_000);
    // 15 poison records x 2 partitions x 7 topics, refused once per consuming service (outcomes: two).
    expect(history.poison).toHaveLength(15 * 2 * 7);
    expect(history.deadLettersOfInputs()).toHaveLength(15 * 2 * 8);
    const byCode = (code: string) => history.deadLettersOfInputs().filter((m) => (m.json as { data: { errorCode: string } }).data.errorCode === code).length;
    expect(byCode(ContractErrorCodes.TooLarge)).toBe(2 * 8);
    expect(byCode(ContractErrorCodes.WrongTopic)).toBe(2 * 8);
    // Every dead letter keeps the original (cut at 64 KiB) and names a reason.
    for (const m of history.deadLettersOfInputs()) {
      const d = (m.json as { data: { error: string; original: string } }).data;
      expect(d.error.length).toBeGreaterThan(0);
      expect(Buffer.byteLength(d.original)).toBeLessThanOrEqual(64 * 1024);
    }
    for (const service of stack.processes.keys()) await stack.waitReady(service, undefined, 5_000);
  });

  it(`fuzzes ${FUZZ_COUNT} malformed and borderline records across every input type: every refusal dead-lettered, every acceptance processed, no crash`, async () => {
    const records = fuzzRecords(FUZZ_COUNT, FUZZ_SEED, uniqueName('run'));
    expect(records).toHaveLength(FUZZ_COUNT);
    // Where construction decides the outcome, the parser agrees.
    for (const r of records) if (r.mustBe) expect(r.errorCode).toBe(r.mustBe);
    const accepted = records.filter((r) => r.accepted);
    const refused = records.filter((r) => !r.accepted);
    // The mix is both: enough of each for the run to mean something.
    expect(accepted.length).toBeGreaterThan(FUZZ_COUNT * 0.1);
    expect(refused.length).toBeGreaterThan(FUZZ_COUNT * 0.3);
    const deadLettersBefore = history.deadLettersOfInputs().length;
    const dqHandledBefore = await metricValue(stack, 'data-quality', 'governor_consumer_records_total', { outcome: 'handled' });

    // Published in batches of 500 per topic and partition, so offsets are known without a wait per record.
    const groups = new Map<string, typeof records>();
    records.forEach((r, i) => {
      const k = `${r.topic}|${i % 2}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    });
    for (const [k, group] of groups) {
      const [topic, partition] = [k.split('|')[0], Number(k.split('|')[1])];
      for (let i = 0; i < group.length; i += 500) {
        const batch = group.slice(i, i + 500);
        const offsets = await history.publishRaw(topic, partition, batch);
        batch.forEach((r, j) => {
          if (r.accepted) {
            if (r.actionId) history.proposals.add(r.actionId);
            else history.sourceEvents.add(r.identity ?? '');
          } else {
            history.poison.push({ topic, partition, offset: offsets[j], stages: REFUSING_STAGES[topic], errorCode: r.errorCode ?? '', label: 'fuzz' });
          }
        });
      }
    }
    await history.settleAndVerify(720_000);
    expect(history.deadLettersOfInputs().length - deadLettersBefore).toBe(refused.length);
    // data-quality handled every accepted source record once (plus the dead letters it counts).
    const acceptedSource = accepted.filter((r) => !r.actionId).length;
    await eventually(
      async () => ((await metricValue(stack, 'data-quality', 'governor_consumer_records_total', { outcome: 'handled' })) - dqHandledBefore >= acceptedSource ? true : undefined),
      30_000,
      'data-quality handled metric',
      stack,
    );
    for (const service of stack.processes.keys()) await stack.waitReady(service, undefined, 5_000);
  });
});
