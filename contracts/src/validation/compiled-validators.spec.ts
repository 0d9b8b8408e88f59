// The compiled validators must accept exactly the events the classes accept: parse() takes a
// schema's "yes" without asking the class. Every example event is changed at every field its
// schema declares (present in the example or not), to values on both sides of each rule, then to
// random JSON; each change must get the same verdict from both.
import fc from 'fast-check';
import { CloudEventEnvelope, ENVELOPE_ATTRIBUTES } from '../envelope/cloud-event';
import { dataClassOf } from '../registry/data-classes';
import { EVENT_TYPE_VALUES, type EventType } from '../registry/event-types';
import { DEAD_LETTER_ORIGINAL_MAX_BYTES } from '../registry/limits';
import { exampleEvent } from '../testing/examples';
import { conformsToSchema } from './compiled-validators';
import { readEventSchema } from './schema-files';
import { validateAs, validateInstance } from './validate-class';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];
interface Schema {
  $ref?: string;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: Json[];
  const?: Json;
  definitions?: Record<string, Schema>;
}

/** The class path's verdict, as parse() reaches it: envelope class, then the type's data class. */
function classAccepts(type: EventType, event: Json): boolean {
  const json = event as Record<string, unknown>;
  const envelope = new CloudEventEnvelope();
  for (const attribute of ENVELOPE_ATTRIBUTES) Reflect.set(envelope, attribute, json[attribute]);
  return (
    validateInstance(envelope).length === 0 &&
    json['type'] === type &&
    validateAs(dataClassOf(type), json['data']).ok
  );
}

/**
 * What is wrong when the two disagree. One leniency of the class is allowed: ValidateNested({ each:
 * true }) walks into an array put in the array (`lines: [[line]]`), which the schema, an array of
 * objects, refuses. parse() is safe either way, as a schema's "no" goes to the class path.
 */
function disagreement(type: EventType, event: Json, arrayInArray: boolean): string | undefined {
  const schema = conformsToSchema(type, event);
  const classes = classAccepts(type, event);
  if (schema === classes || (classes && arrayInArray)) return undefined;
  return `schema ${schema ? 'accepts' : 'refuses'}, class ${classes ? 'accepts' : 'refuses'}: ${JSON.stringify(event).slice(0, 300)}`;
}

/** `schema` with its `$ref` and its nullable `anyOf: [schema, {type: null}]` resolved. */
function resolved(schema: Schema, root: Schema): Schema {
  if (schema.$ref) return resolved(root.definitions?.[schema.$ref.split('/').pop() ?? ''] ?? {}, root);
  return schema.anyOf ? resolved(schema.anyOf[0], root) : schema;
}

interface Field {
  readonly path: Path;
  readonly key: string | number;
  /** Whether the field is an element of an array. */
  readonly inArray: boolean;
}

/** Whether setting the field to `value` puts an array directly in an array. */
function putsArrayInArray(field: Field, value: Json | undefined): boolean {
  return Array.isArray(value) && (field.inArray || value.some(Array.isArray));
}

/** Every field the schema declares in `value`: properties, present or not, and array elements. */
function fieldsOf(value: Json, schema: Schema, root: Schema, path: Path = []): Field[] {
  const { properties, items } = resolved(schema, root);
  if (Array.isArray(value) && items) {
    return value.flatMap((child, i) => [
      { path, key: i, inArray: true },
      ...fieldsOf(child, items, root, [...path, i]),
    ]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !properties) return [];
  return Object.entries(properties).flatMap(([key, child]) => [
    { path, key, inArray: false },
    ...(key in value ? fieldsOf(value[key], child, root, [...path, key]) : []),
  ]);
}

/**
 * Sets the field to `value`, or removes it for undefined (an array element is spliced out: JSON
 * has no holes), and returns how to undo that.
 */
function change(event: Json, { path, key }: Field, value: Json | undefined): () => void {
  const parent = path.reduce<unknown>(
    (node, step) => (node as Record<string | number, unknown>)[step],
    event,
  );
  if (Array.isArray(parent) && typeof key === 'number') {
    const [before] = value === undefined ? parent.splice(key, 1) : parent.splice(key, 1, value);
    return () => void parent.splice(key, value === undefined ? 0 : 1, before);
  }
  const object = parent as Record<string | number, unknown>;
  const had = Object.hasOwn(object, key);
  const before = object[key];
  if (value === undefined) delete object[key];
  else object[key] = value;
  return () => {
    if (had) object[key] = before;
    else delete object[key];
  };
}

/** Every value an `enum` or `const` of the schema names, so that each also lands in other fields. */
function namedValues(schema: unknown, found = new Set<Json>()): Set<Json> {
  if (typeof schema !== 'object' || schema === null) return found;
  const { enum: members, const: constant } = schema as Schema;
  members?.forEach((member) => found.add(member));
  if (constant !== undefined) found.add(constant);
  Object.values(schema).forEach((child) => namedValues(child, found));
  return found;
}

const hex64 = 'ab'.repeat(32);
const line = { sku: 'SKU-1', quantity: 1, unitPrice: 2 };
const halfOfOriginal = DEAD_LETTER_ORIGINAL_MAX_BYTES / 2;
// Values on both sides of every rule the contract classes use.
const PROBES: (Json | undefined)[] = [
  undefined,
  null,
  true,
  false,
  // JSON.parse reads 1e400 as Infinity.
  ...[0, -0, 1, 2, 0.5, -0.5, -1, 1.5, 1e21, 2 ** 53, -1e-9, 1 + 1e-9, Infinity, -Infinity],
  ...['', ' ', 'x', 'a b', 'a\tb', '\u00a0', 'é', '1', '-1', '1.0', '007', 'USD', 'usd', 'US', 'EURO'],
  ...['2025-03-03', '2024-02-29', '2025-02-29', '2025-13-01', '2025-3-3'],
  ...[
    '2025-03-03T08:00:00Z',
    '2025-03-03t08:00:00z',
    '2025-03-03T08:00:00.123+01:00',
    '2016-12-31T23:59:60Z',
  ],
  ...['2025-03-03T24:00:00Z', '2025-03-03T08:00:00', '2025-03-03T08:00:00+24:00', '2025-03-03 08:00:00Z'],
  ...['breaker', 'operator:ops-1', 'operator:', 'operator: x', hex64, hex64.toUpperCase(), `${hex64}0`],
  ...['1.0 ', 'application/json; charset=utf-8', 'urn:x', 'urn: x'],
  'x'.repeat(DEAD_LETTER_ORIGINAL_MAX_BYTES),
  'x'.repeat(DEAD_LETTER_ORIGINAL_MAX_BYTES + 1),
  'é'.repeat(halfOfOriginal),
  'é'.repeat(halfOfOriginal + 1),
  [],
  [''],
  ['x'],
  ['x', ''],
  [1],
  [null],
  [{}],
  [[]],
  [line],
  [line, { ...line, quantity: -1 }],
  Array.from({ length: 500 }, () => line),
  Array.from({ length: 501 }, () => line),
  {},
  { a: 1 },
  { id: 'm', version: '1' },
  { id: 'm', version: '1', confidence: 0.5 },
  { score: 1, issues: [] },
  { source: 's', id: 'i', type: 't' },
];

function schemaOf(type: EventType): Schema {
  return readEventSchema(type) as Schema;
}

describe('compiled validators', () => {
  it.each(EVENT_TYPE_VALUES)('agree with the classes on %s changed field by field', (type) => {
    const schema = schemaOf(type);
    const event = exampleEvent(type) as unknown as Json;
    const probes = [...PROBES, ...namedValues(schema)];
    const found: string[] = [];
    const verdicts = new Set<boolean>();
    for (const field of fieldsOf(structuredClone(event), schema, schema)) {
      for (const probe of probes) {
        const undo = change(event, field, probe);
        const problem = disagreement(type, event, putsArrayInArray(field, probe));
        if (problem) found.push(`${[...field.path, field.key].join('.')}: ${problem}`);
        verdicts.add(conformsToSchema(type, event));
        undo();
      }
    }
    expect(found.slice(0, 10)).toEqual([]);
    // The probes reached the rules: some changes were accepted and others refused.
    expect([...verdicts].sort()).toEqual([false, true]);
  });

  it('agree with the classes on random JSON in any field', () => {
    const fields = EVENT_TYPE_VALUES.flatMap((type) =>
      fieldsOf(exampleEvent(type) as unknown as Json, schemaOf(type), schemaOf(type)).map((field) => ({
        type,
        field,
      })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), ({ type, field }, value) => {
        const event = exampleEvent(type) as unknown as Json;
        change(event, field, value as Json);
        expect(disagreement(type, event, putsArrayInArray(field, value as Json))).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
