// JSON Schema (draft-07) for every contract event, derived from the class-validator metadata so
// that the published schema and the runtime validation cannot drift apart.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { MAX, MIN } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { CloudEventEnvelope } from '../envelope/cloud-event';
import { DATA_CLASSES } from '../registry/data-classes';
import { EVENT_TYPE_VALUES, type EventType } from '../registry/event-types';
import { FormatValidatorNames, nullablePropertiesByClass } from '../validation/decorators';
import { MAX_UTF8_BYTES_KEYWORD, SchemaFormats } from '../validation/formats';
import { EVENT_DOCS } from './event-docs';

export type JsonSchema = { [keyword: string]: unknown };

export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';
export const DEFINITIONS_REF_PREFIX = '#/definitions/';

// Each converter states its rule exactly: parse() accepts what the schema accepts without asking
// the class again (validation/compiled-validators.ts).
const CONVERTERS: ISchemaConverters = {
  [FormatValidatorNames.CalendarDate]: { type: 'string', format: SchemaFormats.CalendarDate },
  [FormatValidatorNames.Rfc3339Timestamp]: { type: 'string', format: SchemaFormats.Rfc3339Timestamp },
  [FormatValidatorNames.MaxUtf8Bytes]: (meta) => ({
    type: 'string',
    description: `At most ${String(meta.constraints[0])} bytes as UTF-8.`,
    [MAX_UTF8_BYTES_KEYWORD]: meta.constraints[0] as number,
  }),
  // The defaults add `type: number`, which would override IsInt's `integer` depending on the
  // order the decorators happen to be written in.
  [MIN]: (meta) => ({ minimum: meta.constraints[0] as number }),
  [MAX]: (meta) => ({ maximum: meta.constraints[0] as number }),
};

/** The schema of every class-validator class, keyed by class name, refs starting with `refPrefix`. */
function classSchemas(refPrefix: string): Map<string, JsonSchema> {
  const generated = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: CONVERTERS,
    refPointerPrefix: refPrefix,
  }) as Record<string, JsonSchema>;
  const schemas = new Map(
    Object.entries(generated).map(([name, schema]) => [name, withoutRefSiblings(schema)]),
  );
  for (const [dataClass, names] of nullablePropertiesByClass()) {
    const name = (dataClass as { name: string }).name;
    const schema = schemas.get(name);
    if (schema) schemas.set(name, withNullable(schema, names));
  }
  return schemas;
}

/**
 * Draft-07 ignores keywords beside `$ref`; the `type: object` that IsObject adds there would only
 * suggest otherwise to a reader.
 */
function withoutRefSiblings(schema: JsonSchema): JsonSchema {
  if (typeof schema['$ref'] === 'string') return { $ref: schema['$ref'] };
  const entries = Object.entries(schema).map(([keyword, value]): [string, unknown] => [
    keyword,
    stripRefSiblings(value),
  ]);
  return Object.fromEntries(entries);
}

function stripRefSiblings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripRefSiblings);
  return typeof value === 'object' && value !== null ? withoutRefSiblings(value as JsonSchema) : value;
}

function withNullable(schema: JsonSchema, names: readonly string[]): JsonSchema {
  const properties = { ...(schema['properties'] as Record<string, JsonSchema>) };
  for (const name of names) properties[name] = { anyOf: [properties[name], { type: 'null' }] };
  const required = [...((schema['required'] as string[] | undefined) ?? []), ...names];
  return { ...schema, properties, required };
}

/** A class's schema, or its nearest ancestor's when it only inherits its rules. */
function schemaOfClass(schemas: Map<string, JsonSchema>, dataClass: abstract new () => object): JsonSchema {
  for (let c: unknown = dataClass; typeof c === 'function' && c.name; c = Object.getPrototypeOf(c)) {
    const schema = schemas.get(c.name);
    if (schema) return schema;
  }
  throw new Error(`no schema for ${dataClass.name}: it has no class-validator rules`);
}

function referencedNames(schema: unknown, refPrefix: string, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((item) => referencedNames(item, refPrefix, found));
  else if (typeof schema === 'object' && schema !== null) {
    for (const [keyword, value] of Object.entries(schema)) {
      if (keyword === '$ref' && typeof value === 'string' && value.startsWith(refPrefix)) {
        found.add(value.slice(refPrefix.length));
      } else referencedNames(value, refPrefix, found);
    }
  }
  return found;
}

export interface EventSchemaParts {
  /** The envelope of this type, with `data` referring to the payload definition. */
  readonly envelope: JsonSchema;
  /** The payload class and every class it nests, by class name. */
  readonly definitions: ReadonlyMap<string, JsonSchema>;
}

/** The schema of one event type, with `$ref`s to its definitions starting with `refPrefix`. */
export function eventSchemaParts(
  type: EventType,
  refPrefix: string,
  schemas = classSchemas(refPrefix),
): EventSchemaParts {
  const dataClass = DATA_CLASSES[type];
  const definitions = new Map<string, JsonSchema>([[dataClass.name, schemaOfClass(schemas, dataClass)]]);
  // Breadth-first over $refs, so the definitions hold exactly what this type needs.
  for (const name of definitions.keys()) {
    for (const referenced of referencedNames(definitions.get(name), refPrefix)) {
      const schema = schemas.get(referenced);
      if (!schema) throw new Error(`${type}: no schema for referenced class ${referenced}`);
      if (!definitions.has(referenced)) definitions.set(referenced, schema);
    }
  }
  const base = schemaOfClass(schemas, CloudEventEnvelope);
  const baseProperties = base['properties'] as Record<string, JsonSchema>;
  const docs = EVENT_DOCS[type];
  const envelope: JsonSchema = {
    ...base,
    title: type,
    description: `${docs.title}: ${docs.summary}`,
    properties: {
      ...baseProperties,
      type: { type: 'string', const: type },
      subject: { ...baseProperties['subject'], description: `${docs.subject}; also the Kafka record key.` },
      data: { $ref: `${refPrefix}${dataClass.name}` },
    },
  };
  return { envelope, definitions };
}

/** One self-contained JSON Schema document per event type. */
export function buildJsonSchemas(): ReadonlyMap<EventType, JsonSchema> {
  const schemas = classSchemas(DEFINITIONS_REF_PREFIX);
  return new Map(
    EVENT_TYPE_VALUES.map((type) => {
      const { envelope, definitions } = eventSchemaParts(type, DEFINITIONS_REF_PREFIX, schemas);
      const document: JsonSchema = {
        $schema: JSON_SCHEMA_DIALECT,
        ...envelope,
        definitions: Object.fromEntries(definitions),
      };
      return [type, document];
    }),
  );
}
