// The history a fault scenario leaves behind, and the one check every scenario ends with: every
// accepted source event scored exactly once in effect, every agent proposal decided once, every
// approved action executed at most once (exactly once for those the scenario expects to run), the
// dead-letter topic holding exactly the poison records (by topic, partition, offset and stage, with
// the expected error code), `/audit/verify` ok and every service process still alive.
import { Producer } from 'kafkajs';
import { EventTypes, parse, Topics, type CloudEvent } from '@governor/contracts';
import type { ServiceName } from '@governor/cli';
import { signedProposal, type RecordedMessage, type TopicRecorder } from '@governor/testing';
import type { GovernorStack } from '../../support/governor-stack';

/** A poison record as published: where it landed, who must refuse it, and with which code. */
export interface PoisonRecord {
  topic: string;
  partition: number;
  offset: string;
  stages: string[];
  errorCode: string;
  label: string;
}

interface Envelope {
  id: string;
  source: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

const env = (m: RecordedMessage) => m.json as Envelope;

/** The valid contract events of a recording (topics the scenario poisons hold other things too). */
function envelopes(recorder: TopicRecorder): Envelope[] {
  const out: Envelope[] = [];
  for (const m of recorder.messages) {
    let verdict = validity.get(m);
    if (verdict === undefined) {
      verdict = parse({ value: m.value }).ok;
      validity.set(m, verdict);
    }
    if (verdict) out.push(m.json as Envelope);
  }
  return out;
}
const validity = new WeakMap<RecordedMessage, boolean>();

/** Which services must dead-letter a bad record on each input topic (their `stage`). */
export const REFUSING_STAGES: Record<string, string[]> = {
  [Topics.SourceInventoryV1]: ['data-quality'],
  [Topics.SourceOrdersV1]: ['data-quality'],
  [Topics.SourceProcurementV1]: ['data-quality'],
  [Topics.SourceCreditV1]: ['data-quality'],
  [Topics.AgentsProposalsV1]: ['policy-enforcement'],
  [Topics.ActionsApprovedV1]: ['execution-adapters'],
  [Topics.ActionsOutcomesV1]: ['policy-enforcement', 'resilience-monitor'],
};

export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string, stack?: GovernorStack): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${stack?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A GET that tries again when a kept-alive socket was closed under it ("other side closed"). */
async function getText(url: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (await fetch(url, { headers: { connection: 'close' }, signal: AbortSignal.timeout(5_000) })).text();
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** One value of a Prometheus metric from a service's /metrics (0 when absent). */
export async function metricValue(stack: GovernorStack, service: ServiceName, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await getText(`${stack.url(service)}/metrics`);
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(match[4]);
  }
  return total;
}

/** The longest gap between consecutive records' timestamps from `from` on: how long output stopped. */
export function longestGap(timestamps: number[], from: number): number {
  const sorted = timestamps.filter((t) => t >= from).sort((a, b) => a - b);
  return sorted.slice(1).reduce((gap, t, i) => Math.max(gap, t - sorted[i]), 0);
}

export class FaultHistory {
  /** Accepted source events published by the scenario: `source|id`. */
  readonly sourceEvents = new Set<string>();
  /** Agent proposals published (valid envelopes): actionId. */
  readonly proposals = new Set<string>();
  /** Actions the scenario expects to reach the ERP exactly once (purchase orders). */
  readonly mustExecute = new Set<string>();
  readonly executeIfAutoApproved = new Set<string>();
  readonly poison: PoisonRecord[] = [];
  private producer: Producer | undefined;

  constructor(
    private readonly stack: GovernorStack,
    readonly recorded: {
      scored: TopicRecorder;
      deadLetters: TopicRecorder;
      decisions: TopicRecorder;
      approved: TopicRecorder;
      outcomes: TopicRecorder;
    },
  ) {}

  static async start(stack: GovernorStack): Promise<FaultHistory> {
    const [scored, deadLetters, decisions, approved, outcomes] = await Promise.all([
      stack.record(Topics.QualityScoredV1),
      stack.record(Topics.DeadLetterV1),
      stack.record(Topics.DecisionsV1),
      stack.record(Topics.ActionsApprovedV1),
      stack.record(Topics.ActionsOutcomesV1),
    ]);
    const history = new FaultHistory(stack, { scored, deadLetters, decisions, approved, outcomes });
    history.producer = stack.kafka.producer({ allowAutoTopicCreation: false });
    await history.producer.connect();
    return history;
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }

  /** Publishes valid source events through the typed publisher and remembers them. */
  async publishSource(records: { topic: string; event: CloudEvent<unknown> }[]): Promise<void> {
    await this.stack.publisher.publishAll(records);
    for (const { event } of records) this.sourceEvents.add(`${event.source}|${event.id}`);
  }

  /**
   * Publishes agent proposals. `execute`: the scenario knows they will run; `if-auto-approved`: they
   * must run exactly once when their decision is auto-approved (a mode change may send them to
   * people instead, which is not this check's business). Each is signed with its agent's test key,
   * as agents sign theirs (register the agent with testAgentPublicKey).
   */
  async publishProposals(events: CloudEvent<unknown>[], expectation: 'execute' | 'if-auto-approved' | 'none'): Promise<void> {
    const signed = await Promise.all(events.map((event) => signedProposal(event)));
    await this.stack.publisher.publishAll(signed.map((event) => ({ topic: Topics.AgentsProposalsV1, event })));
    for (const event of events) {
      const actionId = (event.data as { actionId: string }).actionId;
      this.proposals.add(actionId);
      if (expectation === 'execute') this.mustExecute.add(actionId);
      if (expectation === 'if-auto-approved') this.executeIfAutoApproved.add(actionId);
    }
  }

  /** Decision outcome per actionId (the first decision seen). */
  decisionOutcomes(): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of envelopes(this.recorded.decisions)) if (!out.has(e.subject)) out.set(e.subject, e.data.outcome as string);
    return out;
  }

  /**
   * Publishes raw values on one partition of a topic in one batch and returns their offsets (a
   * batch to one partition is contiguous from its base offset).
   */
  async publishRaw(topic: string, partition: number, records: { key: string | null; value: Buffer | string | null }[]): Promise<string[]> {
    if (!this.producer) throw new Error('FaultHistory not started');
    const [meta] = await this.producer.send({
      topic: this.stack.namespace + topic,
      acks: -1,
      messages: records.map((r) => ({ key: r.key, value: r.value, partition })),
    });
    const base = BigInt(meta.baseOffset ?? meta.offset ?? '0');
    return records.map((_, i) => (base + BigInt(i)).toString());
  }

  async publishPoison(topic: string, partition: number, records: { key: string | null; value: Buffer | string | null; errorCode: string; label: string }[]): Promise<void> {
    const offsets = await this.publishRaw(topic, partition, records);
    records.forEach((r, i) =>
      this.poison.push({ topic, partition, offset: offsets[i], stages: REFUSING_STAGES[topic] ?? [], errorCode: r.errorCode, label: r.label }),
    );
  }

  expectedDeadLetters(): number {
    return this.poison.reduce((n, p) => n + p.stages.length, 0);
  }

  /** Dead letters for records this scenario published (not the ones the services made of each other). */
  deadLettersOfInputs(): RecordedMessage[] {
    const inputTopics = new Set(Object.keys(REFUSING_STAGES));
    return this.recorded.deadLetters.messages.filter((m) => inputTopics.has(env(m)?.data?.topic as string));
  }

  /** Distinct scored-event ids per original `source|id`. */
  scoredIds(): Map<string, Set<string>> {
    const byOriginal = new Map<string, Set<string>>();
    for (const e of envelopes(this.recorded.scored)) {
      const original = e.data.event as { source: string; id: string };
      const key = `${original.source}|${original.id}`;
      if (!byOriginal.has(key)) byOriginal.set(key, new Set());
      byOriginal.get(key)?.add(e.id);
    }
    return byOriginal;
  }

  /** Distinct event ids per subject on a recorded topic, for one event type (or any). */
  distinctBySubject(recorder: TopicRecorder, type?: string): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const e of envelopes(recorder)) {
      if (type && e.type !== type) continue;
      if (!out.has(e.subject)) out.set(e.subject, new Set());
      out.get(e.subject)?.add(e.id);
    }
    return out;
  }

  async erpPurchaseOrders(): Promise<{ idempotencyKey: string }[]> {
    const body = JSON.parse(await getText(`${this.stack.url('simulated-erp')}/purchase-orders`)) as { idempotencyKey: string }[] | { items: { idempotencyKey: string }[] };
    return Array.isArray(body) ? body : body.items;
  }

  /** Waits until everything the scenario published has gone through, then checks the whole history. */
  async settleAndVerify(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1_000, deadline - Date.now());
    const all = <T>(keys: Set<string>, have: () => Map<string, T>) => () => {
      const present = have();
      return [...keys].every((k) => present.has(k)) ? true : undefined;
    };
    await eventually(all(this.sourceEvents, () => this.scoredIds()), left(), 'every source event scored', this.stack);
    await eventually(all(this.proposals, () => this.distinctBySubject(this.recorded.decisions)), left(), 'a decision on every proposal', this.stack);
    const outcomes = this.decisionOutcomes();
    for (const actionId of this.executeIfAutoApproved) if (outcomes.get(actionId) === 'auto-approved') this.mustExecute.add(actionId);
    const expected = this.expectedDeadLetters();
    await eventually(() => (this.deadLettersOfInputs().length >= expected ? true : undefined), left(), `${expected} dead letters`, this.stack);
    const executed = () => this.distinctBySubject(this.recorded.outcomes, EventTypes.ActionExecutedV1);
    await eventually(all(this.mustExecute, executed), left(), 'every expected execution').catch(async (error: Error) => {
      // Say what became of each missing one: approved or not, and execution-adapters' record of it.
      const done = executed();
      const approved = new Set(envelopes(this.recorded.approved).map((e) => e.subject));
      const operator = this.stack.api.as('u-fault-operator', ['operator']);
      const missing = [...this.mustExecute].filter((a) => !done.has(a));
      const details = await Promise.all(
        missing.slice(0, 5).map(async (a) => {
          const record = await operator.call('execution-adapters', 'GET', `/executions/${a}`).catch((e: Error) => e.message);
          return `${a}: approved ${approved.has(a)}, execution ${JSON.stringify(record).slice(0, 1_500)}`;
        }),
      );
      throw new Error(`${error.message}: ${missing.length} missing\n${details.join('\n')}\n${this.stack.output()}`);
    });
    // Anything still in flight (a retry, a duplicate) gets a moment to show itself.
    await new Promise((r) => setTimeout(r, 2_000));
    // The check reads whole recordings (an ERP order must have its approval recorded): each
    // recorder reads to its topics' end first, which after a lost broker it may do late.
    for (const recorder of Object.values(this.recorded)) await recorder.caughtUp(left());
    await this.verify();
  }

  async verify(): Promise<void> {
    const problems: string[] = [];
    // Every accepted source event scored exactly once in effect (one deterministic scored id).
    const scored = this.scoredIds();
    for (const key of this.sourceEvents) {
      const ids = scored.get(key);
      if (!ids) problems.push(`source event ${key} never scored`);
      else if (ids.size !== 1) problems.push(`source event ${key} scored as ${ids.size} different events`);
    }
    // Every proposal decided exactly once.
    const decisions = this.distinctBySubject(this.recorded.decisions);
    for (const actionId of this.proposals) {
      const n = decisions.get(actionId)?.size ?? 0;
      if (n !== 1) problems.push(`proposal ${actionId} has ${n} decisions`);
    }
    // No action executed twice: at most one distinct executed/failed outcome per actionId, at
    // most one ERP record per key, and nothing in the ERP that was never approved.
    const outcomes = this.distinctBySubject(this.recorded.outcomes);
    for (const [actionId, ids] of outcomes) {
      if (ids.size > 1) problems.push(`action ${actionId} has ${ids.size} distinct outcomes`);
    }
    const approvedIds = new Set(envelopes(this.recorded.approved).map((e) => e.subject));
    const erp = await this.erpPurchaseOrders();
    // The simulated ERP lists at most 1,000 records: beyond that this check would see only part.
    if (erp.length >= 1_000) problems.push('the ERP list is cut at 1,000 purchase orders: the scenario made too many');
    const perKey = new Map<string, number>();
    for (const po of erp) perKey.set(po.idempotencyKey, (perKey.get(po.idempotencyKey) ?? 0) + 1);
    for (const [key, n] of perKey) {
      if (n !== 1) problems.push(`ERP holds ${n} purchase orders for ${key}`);
      if (!approvedIds.has(key.split(':')[0])) problems.push(`ERP holds a purchase order for ${key}, never approved`);
    }
    for (const actionId of this.mustExecute) {
      if (perKey.get(actionId) !== 1) problems.push(`expected action ${actionId} has ${perKey.get(actionId) ?? 0} ERP orders`);
      if ((outcomes.get(actionId)?.size ?? 0) !== 1) problems.push(`expected action ${actionId} has no single outcome`);
    }
    problems.push(...this.deadLetterProblems());
    const audit = await this.stack.api.as('u-fault-auditor', ['auditor']).call<{ ok: boolean; firstBadEntry?: number }>('policy-enforcement', 'GET', '/audit/verify');
    if (!audit.ok) problems.push(`audit chain broken at ${audit.firstBadEntry}`);
    for (const [name, child] of this.stack.processes) {
      const state = await Promise.race([child.exited.then((e) => `exited ${e.code ?? e.signal}`), new Promise<string>((r) => setTimeout(() => r('alive'), 10))]);
      if (state !== 'alive') problems.push(`${name} ${state}`);
    }
    if (problems.length > 0) throw new Error(`fault history has ${problems.length} problems:\n${problems.slice(0, 40).join('\n')}`);
  }

  /** The dead letters of input topics must be exactly the poison records, once per refusing stage. */
  deadLetterProblems(): string[] {
    const problems: string[] = [];
    const seen = new Map<string, { count: number; codes: Set<string> }>();
    for (const m of this.deadLettersOfInputs()) {
      const d = env(m).data as { topic: string; partition: number; offset: string; stage: string; errorCode: string };
      const key = `${d.topic}|${d.partition}|${d.offset}|${d.stage}`;
      const entry = seen.get(key) ?? { count: 0, codes: new Set<string>() };
      entry.count++;
      entry.codes.add(d.errorCode);
      seen.set(key, entry);
    }
    const expected = new Set<string>();
    for (const p of this.poison) {
      for (const stage of p.stages) {
        const key = `${p.topic}|${p.partition}|${p.offset}|${stage}`;
        expected.add(key);
        const entry = seen.get(key);
        if (!entry) problems.push(`poison ${p.label} on ${key} not dead-lettered`);
        else if (entry.count !== 1) problems.push(`poison ${p.label} on ${key} dead-lettered ${entry.count} times`);
        else if (!entry.codes.has(p.errorCode)) problems.push(`poison ${p.label} on ${key}: code ${[...entry.codes].join(',')}, expected ${p.errorCode}`);
      }
    }
    for (const key of seen.keys()) if (!expected.has(key)) problems.push(`unexpected dead letter ${key}`);
    return problems;
  }
}
