// The per-record check of parse(): Ajv validators compiled from the generated JSON Schemas
// (contracts/schemas/), several times cheaper than class-transformer and class-validator. The classes
// stay the one source: the schemas are generated from them, generated-docs.spec.ts keeps the files
// fresh and compiled-validators.spec.ts checks that both accept and refuse the same events.
import { Ajv, type ValidateFunction } from 'ajv';
import type { EventType } from '../registry/event-types';
import {
  fitsUtf8Bytes,
  isCalendarDate,
  isRfc3339Timestamp,
  MAX_UTF8_BYTES_KEYWORD,
  SchemaFormats,
} from './formats';
import { readEventSchema } from './schema-files';

function createAjv(): Ajv {
  const ajv = new Ajv({
    // A keyword or type this setup does not understand fails the compile rather than being ignored.
    strict: true,
    // Only "valid or not" is read: a refused record is described by class-validator (parse.ts).
    messages: false,
    // A pattern means what the class's RegExp means, and those have no `u` flag.
    unicodeRegExp: false,
  });
  // The formats are the classes' own predicates, not Ajv's readings of RFC 3339.
  ajv.addFormat(SchemaFormats.CalendarDate, isCalendarDate);
  ajv.addFormat(SchemaFormats.Rfc3339Timestamp, isRfc3339Timestamp);
  ajv.addKeyword({
    keyword: MAX_UTF8_BYTES_KEYWORD,
    type: 'string',
    schemaType: 'number',
    errors: false,
    validate: (maxBytes: number, value: string) => fitsUtf8Bytes(value, maxBytes),
  });
  return ajv;
}

// Compiled on first use, so a process pays only for the types it reads.
let ajv: Ajv | undefined;
const validators = new Map<EventType, ValidateFunction>();

function validatorOf(type: EventType): ValidateFunction {
  let validate = validators.get(type);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(readEventSchema(type));
    validators.set(type, validate);
  }
  return validate;
}

/** Whether a whole event, envelope and data, conforms to the generated schema of `type`. */
export function conformsToSchema(type: EventType, event: unknown): boolean {
  return validatorOf(type)(event);
}
