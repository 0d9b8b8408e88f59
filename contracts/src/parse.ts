// parse(): the edge of every consumer. Turns a raw Kafka record (its value, and its headers for the
// CloudEvents binary content mode) into a validated, typed contract event, or says precisely why it
// cannot, without ever throwing or blocking for long.
import { type BinaryHeaders, contentModeOf, headerOfAttribute, isJsonContentType, type RecordHeaders } from './content-mode';
import {
  CloudEventEnvelope,
  DATA_CONTENT_TYPE,
  ENVELOPE_ATTRIBUTES,
  SIGNATURE_ATTRIBUTE,
} from './envelope/cloud-event';
import { ContractErrorCodes, ContractParseError } from './parse-error';
import { type AnyContractEvent, dataClassOf } from './registry/data-classes';
import { type EventType, isEventType } from './registry/event-types';
import { MAX_EVENT_BYTES, MAX_JSON_DEPTH } from './registry/limits';
import { CLOUDEVENTS_HEADER_PREFIX } from './registry/headers';
import { type TopicSpec, topicSpec } from './registry/topics';
import { conformsToSchema } from './validation/compiled-validators';
import { type FieldError, validateAs, validateInstance } from './validation/validate-class';

export interface RawRecord {
  readonly value: Buffer | string | null;
  /** When given, an event of a type the registry does not route to this topic is refused. */
  readonly topic?: string;
  /**
   * The record's headers. With `ce_` headers (and no CloudEvents `content-type`) the record is in
   * binary content mode: the value is `data` and the headers carry the attributes (content-mode.ts).
   * Without them, or without headers at all, the value is the whole event (structured mode).
   */
  readonly headers?: RecordHeaders;
}

export type ParseResult =
  | { readonly ok: true; readonly event: AnyContractEvent }
  | { readonly ok: false; readonly error: ContractParseError };

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const MAX_LISTED_FIELDS = 10;
const MAX_QUOTED_CHARS = 100;

function fail(...args: ConstructorParameters<typeof ContractParseError>): ParseResult {
  return { ok: false, error: new ContractParseError(...args) };
}

function byteLength(value: Buffer | string): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
}

function quote(text: string): string {
  const cut = text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}...` : text;
  return JSON.stringify(cut);
}

function describeFields(errors: readonly FieldError[]): string {
  const listed = errors.slice(0, MAX_LISTED_FIELDS).map((e) => `${e.path} (${e.messages.join('; ')})`);
  const more = errors.length > MAX_LISTED_FIELDS ? `, and ${errors.length - MAX_LISTED_FIELDS} more` : '';
  return listed.join(', ') + more;
}

/** Iterative, so that measuring a hostile document cannot itself overflow the stack. */
function exceedsDepth(root: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= maxDepth) return true;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}

/**
 * The path of the first string (value or key) holding U+0000, which no Governor store accepts
 * (PostgreSQL text and jsonb cannot hold it), or undefined. Iterative like exceedsDepth.
 */
function findNul(root: unknown, prefix: string): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: prefix }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (key.includes('\u0000')) return childPath;
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return undefined;
}

const NUL_REASON = 'holds the NUL character (U+0000), which Governor does not accept';

/**
 * Whether the class path would hand `value` on unchanged: no string or key holds NUL, and no key
 * names a member of Object.prototype (`__proto__`, `constructor`, `toString`...), which
 * class-transformer drops or fails on. Recursive, as decodeJson has bounded the depth already.
 */
function isPlainJson(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('\u0000');
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(isPlainJson);
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (key in Object.prototype || key.includes('\u0000') || !isPlainJson(object[key])) return false;
  }
  return true;
}

type Decoded = { ok: true; json: unknown } | { ok: false; reason: string };

/**
 * `within`: the levels around the value in the event, so that a binary-mode `data` meets the same
 * depth limit as the same `data` inside a structured event.
 */
function decodeJson(value: Buffer | string, within = 0): Decoded {
  let text: string;
  try {
    text = typeof value === 'string' ? value : STRICT_UTF8.decode(value);
  } catch {
    return { ok: false, reason: 'value is not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, reason: 'value is empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      reason: `value is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (exceedsDepth(json, MAX_JSON_DEPTH - within)) {
    const counting = within > 0 ? ', counting the event around it' : '';
    return { ok: false, reason: `value nests deeper than ${MAX_JSON_DEPTH} levels${counting}` };
  }
  return { ok: true, json };
}

// The envelope class has nothing to transform, so the attributes are copied by name rather than
// with plainToInstance, which would deep-copy `data` only for it to be copied again below. Copying
// by name also means an own `__proto__` key from JSON.parse cannot reach a prototype.
function toEnvelope(json: Record<string, unknown>): CloudEventEnvelope {
  const envelope = new CloudEventEnvelope();
  for (const attribute of ENVELOPE_ATTRIBUTES) Reflect.set(envelope, attribute, json[attribute]);
  return envelope;
}

/** The accepted event: the contract's attributes, `data`, and the one extension kept. */
function eventOf(json: Record<string, unknown>, data: unknown): AnyContractEvent {
  const event: Record<string, unknown> = {};
  for (const attribute of ENVELOPE_ATTRIBUTES) event[attribute] = json[attribute];
  event['data'] = data;
  // The signature (version 1.1), checked by whoever needs it.
  const signature = json[SIGNATURE_ATTRIBUTE];
  if (typeof signature === 'string' && signature !== '') event['signature'] = signature;
  return event as unknown as AnyContractEvent;
}

/** The registered topic `topic` names when it does not carry `type`; undefined when it may. */
function refusingTopic(type: EventType, topic: string | undefined): TopicSpec | undefined {
  const spec = topic === undefined ? undefined : topicSpec(topic);
  return spec && !spec.eventTypes.includes(type) ? spec : undefined;
}

/**
 * Parses and validates one record, in either content mode. Never throws. Checks run cheapest
 * first: content mode, size, JSON, envelope, type, topic, payload. On success `event.data` has the
 * fields of the type's data class (see DATA_CLASSES), validated; it is plain JSON, so handlers read
 * its fields and never its prototype. Unknown extra payload properties are kept, envelope extension
 * attributes are dropped but for `signature`. Both modes give the same event, and a structured
 * record is refused with the same code and reason whatever its headers.
 */
export function parse(record: RawRecord): ParseResult {
  const mode = contentModeOf(record.headers);
  if (mode.mode === 'refused') return fail(mode.code, mode.reason, mode.fields);
  if (mode.mode === 'binary') return parseBinary(record, mode.headers);
  return parseStructured(record);
}

function parseStructured(record: RawRecord): ParseResult {
  const { value, topic } = record;
  if (value === null || value === undefined) return fail(ContractErrorCodes.NotJson, 'value is null');
  const size = byteLength(value);
  if (size > MAX_EVENT_BYTES) {
    return fail(ContractErrorCodes.TooLarge, `value is ${size} bytes, over the limit of ${MAX_EVENT_BYTES}`);
  }
  const decoded = decodeJson(value);
  if (!decoded.ok) return fail(ContractErrorCodes.NotJson, decoded.reason);
  const { json } = decoded;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const kind = Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`;
    return fail(ContractErrorCodes.NotAnEnvelope, `value is ${kind}, not a CloudEvents object`);
  }
  return parseEnvelope(json as Record<string, unknown>, topic);
}

/** The attributes every contract event has in its headers in binary mode (`data` is the value). */
const HEADER_ATTRIBUTES: readonly string[] = ENVELOPE_ATTRIBUTES.filter((a) => a !== 'data' && a !== 'datacontenttype');

/**
 * Binary content mode: the value is `data`, JSON by its `content-type`; the `ce_` headers are the
 * other attributes. They are put together into the object a structured record would hold and
 * checked on the same path. A refusal also says what the headers carried, since a dead letter
 * keeps only the value.
 */
function parseBinary(record: RawRecord, headers: BinaryHeaders): ParseResult {
  const result = parseBinaryRecord(record, headers);
  if (result.ok) return result;
  const { code, message, fields, eventType } = result.error;
  return fail(code, `${message} (binary content mode; ${describeHeaders(headers)})`, fields, eventType);
}

function parseBinaryRecord({ value, topic }: RawRecord, headers: BinaryHeaders): ParseResult {
  if (value === null || value === undefined) return fail(ContractErrorCodes.NotJson, 'value is null');
  const size = byteLength(value) + headers.bytes;
  if (size > MAX_EVENT_BYTES) {
    return fail(
      ContractErrorCodes.TooLarge,
      `value and CloudEvents headers are ${size} bytes, over the limit of ${MAX_EVENT_BYTES}`,
    );
  }
  const { contentType } = headers;
  if (contentType === undefined || !isJsonContentType(contentType)) {
    const found = contentType === undefined ? 'the content-type header is missing' : `content-type ${quote(contentType)} is not JSON`;
    return fail(
      ContractErrorCodes.NotAnEnvelope,
      `invalid CloudEvents envelope: datacontenttype (${found}; binary mode takes ${DATA_CONTENT_TYPE} data)`,
      ['datacontenttype'],
    );
  }
  // `data` sits one level inside the event, as in a structured record.
  const decoded = decodeJson(value, 1);
  if (!decoded.ok) return fail(ContractErrorCodes.NotJson, decoded.reason);
  // fromEntries defines own properties, so a `ce___proto__` header cannot reach a prototype.
  const json: Record<string, unknown> = Object.fromEntries(headers.attributes);
  json['datacontenttype'] = DATA_CONTENT_TYPE;
  json['data'] = decoded.json;
  return parseEnvelope(json, topic);
}

function describeHeaders({ attributes, contentType }: BinaryHeaders): string {
  const shown = (name: string, text: string | undefined) => (text === undefined ? `${name} missing` : `${name}=${quote(text)}`);
  const required = HEADER_ATTRIBUTES.map((a) => shown(headerOfAttribute(a), attributes.get(a)));
  required.push(shown(headerOfAttribute('datacontenttype'), contentType));
  const others = [...attributes.keys()].filter((a) => !HEADER_ATTRIBUTES.includes(a)).map((a) => CLOUDEVENTS_HEADER_PREFIX + a);
  const listed = others.length === 0 ? '' : `; also ${others.slice(0, MAX_LISTED_FIELDS).join(', ')}`;
  const more = others.length > MAX_LISTED_FIELDS ? ` and ${others.length - MAX_LISTED_FIELDS} more` : '';
  return `headers ${required.join(', ')}${listed}${more}`;
}

function parseEnvelope(json: Record<string, unknown>, topic: string | undefined): ParseResult {
  return acceptedBySchema(json, topic) ?? parseWithClasses(json, topic);
}

/**
 * The per-record path: an event its type's compiled schema accepts, on a topic that carries the
 * type and with nothing the class path would change (isPlainJson), is accepted as it is, `data`
 * uncopied. Anything else is left to the class path (undefined), which refuses a bad record with
 * the code and reason it always has, and decides alone should a schema ever be stricter than its
 * class.
 */
function acceptedBySchema(json: Record<string, unknown>, topic: string | undefined): ParseResult | undefined {
  const { type } = json;
  if (!isEventType(type) || refusingTopic(type, topic) || !conformsToSchema(type, json)) return undefined;
  if (!ENVELOPE_ATTRIBUTES.every((attribute) => isPlainJson(json[attribute]))) return undefined;
  return { ok: true, event: eventOf(json, json['data']) };
}

/** Validation with the contract's classes, which says precisely why a record is refused. */
function parseWithClasses(json: Record<string, unknown>, topic: string | undefined): ParseResult {
  const envelope = toEnvelope(json);
  const envelopeErrors = validateInstance(envelope);
  if (envelopeErrors.length > 0) {
    const fields = envelopeErrors.map((e) => e.path);
    return fail(
      ContractErrorCodes.NotAnEnvelope,
      `invalid CloudEvents envelope: ${describeFields(envelopeErrors)}`,
      fields,
    );
  }
  const envelopeNul = findNul({ ...envelope, data: undefined }, '');
  if (envelopeNul !== undefined) {
    return fail(ContractErrorCodes.NotAnEnvelope, `invalid CloudEvents envelope: ${envelopeNul} ${NUL_REASON}`, [envelopeNul]);
  }
  const { type } = envelope;
  if (!isEventType(type)) {
    return fail(ContractErrorCodes.UnknownType, `unknown event type ${quote(type)}`, ['type'], type);
  }
  const spec = refusingTopic(type, topic);
  if (spec) {
    return fail(
      ContractErrorCodes.WrongTopic,
      `${type} does not belong on topic ${spec.name}`,
      ['type'],
      type,
    );
  }
  let payload;
  try {
    payload = validateAs(dataClassOf(type), envelope.data);
  } catch (error) {
    // MAX_JSON_DEPTH should make this unreachable; it is here so a validator bug cannot crash a consumer.
    const reason = error instanceof Error ? error.message : String(error);
    return fail(
      ContractErrorCodes.InvalidPayload,
      `${type} data could not be validated: ${reason}`,
      ['data'],
      type,
    );
  }
  if (!payload.ok) {
    const fields = payload.errors.map((e) => e.path);
    return fail(
      ContractErrorCodes.InvalidPayload,
      `invalid ${type} data: ${describeFields(payload.errors)}`,
      fields,
      type,
    );
  }
  const dataNul = findNul(envelope.data, '');
  if (dataNul !== undefined) {
    return fail(ContractErrorCodes.InvalidPayload, `invalid ${type} data: ${dataNul || 'data'} ${NUL_REASON}`, [dataNul], type);
  }
  return { ok: true, event: eventOf(json, payload.value) };
}
