// A property-based generator (fast-check) of malformed and borderline records for every input type
// (the seven source event types and agent proposals): valid examples with borderline values, fields
// dropped or replaced by arbitrary JSON, extra fields, truncated or random bytes. The contract's
// parser is the oracle of what each record must become (accepted, or refused with a code); the
// cases whose outcome is known by construction (random bytes, truncation, size) are checked against
// it too, so the oracle itself is under test.
import fc from 'fast-check';
import { ContractErrorCodes, EventTypes, parse, topicOfEventType, type EventType } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';

export interface FuzzRecord {
  topic: string;
  key: string | null;
  value: Buffer | string | null;
  /** The parser's verdict: accepted (with source|id, or the actionId for proposals) or refused with a code. */
  accepted: boolean;
  errorCode?: string;
  identity?: string;
  actionId?: string;
  /** A code the record must get whatever the parser says, when construction decides it. */
  mustBe?: string;
}

export const FUZZ_TYPES: EventType[] = [
  EventTypes.InventoryLevelReportedV1,
  EventTypes.InventoryDemandRecordedV1,
  EventTypes.OrdersSalesOrderPlacedV1,
  EventTypes.OrdersShipmentStatusReportedV1,
  EventTypes.ProcurementSupplierDeliveryRecordedV1,
  EventTypes.ProcurementSupplierTermsUpdatedV1,
  EventTypes.CreditCustomerExposureUpdatedV1,
  EventTypes.AgentActionProposedV1,
];

type Json = Record<string, unknown>;

const borderlineNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e-9, 1e6, 1e7, 1e7 + 1, 1e9, 1e12, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e9 }),
);
const borderlineString = fc.oneof(
  fc.constantFrom('', ' ', 'N/A', 'null', '0', 'SKU-1001', 'DC-EAST', '2025-03-03', '2025-02-30', '2025-03-03T08:00:00Z', '2025-03-03T08:00:00+14:00', '2025-03-03 08:00:00', '🦄', '\u0000', 'a'.repeat(600)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const anyJson = fc.jsonValue({ maxDepth: 4 });

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Object.entries(value as Json);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))].filter((p) => p.length > 0);
}

function setAt(root: Json, path: string[], value: unknown, remove = false): Json {
  const copy = structuredClone(root);
  let node: Record<string, unknown> = copy;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) return copy;
    node = next as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

type Mutation =
  | { kind: 'borderline'; path: number; number: number; string: string }
  | { kind: 'drop'; path: number }
  | { kind: 'replace'; path: number; value: unknown }
  | { kind: 'extra'; name: string; value: unknown }
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'clean' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('borderline' as const), path: fc.nat(), number: borderlineNumber, string: borderlineString }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), path: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), path: fc.nat(), value: anyJson }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), name: fc.string({ maxLength: 12 }), value: anyJson }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 64 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clean' as const }) },
);

export const fuzzCase = fc.record({ type: fc.constantFrom(...FUZZ_TYPES), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) });
export type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;

/** Builds the record of one case; `n` makes ids (and action ids) unique across the run. */
export function buildRecord(c: FuzzCase, n: number, runId: string): FuzzRecord {
  const topic = topicOfEventType(c.type);
  let event = exampleEvent(c.type) as unknown as Json;
  event = { ...event, id: `fz-${runId}-${n}`, time: new Date().toISOString() };
  if (c.type === EventTypes.AgentActionProposedV1) {
    const actionId = `fz-act-${runId}-${n}`;
    event = { ...event, subject: actionId, data: { ...(event.data as Json), actionId } };
  }
  let raw: Buffer | string | undefined;
  let mustBe: string | undefined;
  for (const m of c.mutations) {
    const all = paths(event);
    const path = 'path' in m ? all[m.path % all.length] : [];
    if (m.kind === 'borderline') {
      const current = path.reduce<unknown>((node, part) => (node as Json | undefined)?.[part], event);
      if (typeof current === 'number') event = setAt(event, path, m.number);
      else if (typeof current === 'string' && path[0] !== 'id') event = setAt(event, path, m.string);
    } else if (m.kind === 'drop') event = setAt(event, path, undefined, true);
    else if (m.kind === 'replace' && path[0] !== 'id') event = setAt(event, path, m.value);
    else if (m.kind === 'extra') event = setAt(event, ['data', m.name || 'x'], m.value);
    else if (m.kind === 'truncate') {
      const text = JSON.stringify(event);
      raw = text.slice(0, m.at % text.length);
      mustBe = ContractErrorCodes.NotJson;
    } else if (m.kind === 'bytes') {
      raw = Buffer.concat([Buffer.from([0xff]), Buffer.from(m.bytes)]);
      mustBe = ContractErrorCodes.NotJson;
    }
    if (raw !== undefined) break;
  }
  const value = raw ?? JSON.stringify(event);
  const parsed = parse({ value, topic });
  const key = typeof event.subject === 'string' && event.subject !== '' ? event.subject : null;
  if (!parsed.ok) return { topic, key, value, accepted: false, errorCode: parsed.error.code, mustBe };
  const accepted = parsed.event;
  const actionId = accepted.type === EventTypes.AgentActionProposedV1 ? (accepted.data as { actionId: string }).actionId : undefined;
  return { topic, key, value, accepted: true, identity: `${accepted.source}|${accepted.id}`, actionId, mustBe };
}

/** `count` records from a fixed seed; records that would repeat an accepted identity are left out. */
export function fuzzRecords(count: number, seed: number, runId: string): FuzzRecord[] {
  const cases = fc.sample(fuzzCase, { numRuns: count * 2, seed });
  const out: FuzzRecord[] = [];
  const identities = new Set<string>();
  const actionIds = new Set<string>();
  for (let i = 0; i < cases.length && out.length < count; i++) {
    const record = buildRecord(cases[i], i, runId);
    if (record.accepted) {
      if (identities.has(record.identity ?? '') || (record.actionId && actionIds.has(record.actionId))) continue;
      identities.add(record.identity ?? '');
      if (record.actionId) actionIds.add(record.actionId);
    }
    out.push(record);
  }
  return out;
}
