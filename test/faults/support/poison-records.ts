// The catalogue of poison records of issue 8 scenario 9, for any input topic: not JSON, not UTF-8,
// empty, a tombstone, not an envelope, an unknown type, a type of another topic, an invalid payload,
// 300 KiB, deeply nested JSON, and wrong types in every envelope and payload field. Each carries the
// error code the contract's parser must give it (contracts/src/parse-error.ts), fixed by hand.
import { ContractErrorCodes, EventTypes, TOPIC_REGISTRY, type EventType } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { uniqueName } from '@governor/testing';

export interface Poison {
  label: string;
  key: string | null;
  value: Buffer | string | null;
  errorCode: string;
}

/** A valid event of the topic's first type with a fresh id, to mutate. */
export function validEventFor(topic: string): Record<string, unknown> & { data: Record<string, unknown> } {
  const spec = TOPIC_REGISTRY.find((t) => t.name === topic);
  if (!spec) throw new Error(`no topic ${topic}`);
  const event = exampleEvent(spec.eventTypes[0]) as unknown as Record<string, unknown> & { data: Record<string, unknown> };
  return { ...event, id: uniqueName('poison'), time: new Date().toISOString() };
}

/** A type that exists but belongs on another topic. */
function foreignType(topic: string): EventType {
  const spec = TOPIC_REGISTRY.find((t) => t.name === topic);
  return spec?.eventTypes.includes(EventTypes.DeadLetterV1) ? EventTypes.InventoryLevelReportedV1 : EventTypes.DeadLetterV1;
}

function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Replaces every value of an object with one of the wrong JSON type. */
function wrongTypes(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).map(([k, v]) => [k, typeof v === 'string' ? 42 : typeof v === 'number' ? 'forty-two' : Array.isArray(v) ? 'list' : typeof v === 'object' ? [v] : 'x']),
  );
}

export function poisonRecords(topic: string): Poison[] {
  const C = ContractErrorCodes;
  const base = validEventFor(topic);
  const key = String(base.subject);
  const json = (value: unknown) => JSON.stringify(value);
  const big = { ...base, data: { ...base.data, padding: 'x'.repeat(300 * 1024) } };
  return [
    { label: 'not-json', key, value: '{"specversion":"1.0","id": oops', errorCode: C.NotJson },
    { label: 'not-utf8', key, value: Buffer.from([0xff, 0xfe, 0xfd, 0x7b, 0x7d]), errorCode: C.NotJson },
    { label: 'empty', key, value: '', errorCode: C.NotJson },
    { label: 'tombstone', key, value: null, errorCode: C.NotJson },
    { label: 'json-array', key, value: '[1,2,3]', errorCode: C.NotAnEnvelope },
    { label: 'json-string', key: null, value: '"hello"', errorCode: C.NotAnEnvelope },
    { label: 'no-envelope', key, value: json({ sku: 'SKU-1', onHand: 3 }), errorCode: C.NotAnEnvelope },
    { label: 'envelope-wrong-types', key, value: json({ ...wrongTypes(base), data: base.data }), errorCode: C.NotAnEnvelope },
    { label: 'unknown-type', key, value: json({ ...base, type: 'inventory.level-reported.v9' }), errorCode: C.UnknownType },
    { label: 'wrong-topic', key, value: json({ ...base, type: foreignType(topic) }), errorCode: C.WrongTopic },
    { label: 'payload-missing-fields', key, value: json({ ...base, data: {} }), errorCode: C.InvalidPayload },
    { label: 'payload-wrong-types', key, value: json({ ...base, data: wrongTypes(base.data) }), errorCode: C.InvalidPayload },
    { label: '300-kib', key, value: json(big), errorCode: C.TooLarge },
    { label: 'nested-10000', key, value: nested(10_000), errorCode: C.NotJson },
    { label: 'nested-in-data', key, value: json({ ...base, data: { ...base.data, extra: JSON.parse(nested(100)) } }), errorCode: C.NotJson },
  ];
}
