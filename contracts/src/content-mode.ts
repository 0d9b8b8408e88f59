// The CloudEvents Kafka protocol binding 1.0, section 3: a record is in structured content mode (the
// value is the whole event) or in binary content mode (the value is `data`; the attributes travel in
// `ce_<attribute>` headers and `datacontenttype` in `content-type`). This module reads the headers
// only: which mode a record is in and, for binary mode, the attributes. parse() does the rest, on
// one path for both modes.
import { ContractErrorCodes, type ContractErrorCode } from './parse-error';
import { CLOUDEVENTS_HEADER_PREFIX, CLOUDEVENTS_JSON_MEDIA_TYPE, CLOUDEVENTS_MEDIA_TYPE, HeaderKeys } from './registry/headers';

/** Kafka record headers as kafkajs hands them over (its IHeaders), or as a test writes them. */
export type RecordHeaders = Readonly<Record<string, Buffer | string | readonly (Buffer | string)[] | undefined>>;

/** The CloudEvents headers of a binary-mode record, decoded. */
export interface BinaryHeaders {
  /** Attribute name (the header name without `ce_`) to value, in header order. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly contentType: string | undefined;
  /** UTF-8 bytes of these headers' names and values: they count against the event size limit. */
  readonly bytes: number;
}

export type ContentMode =
  | { readonly mode: 'structured' }
  | { readonly mode: 'binary'; readonly headers: BinaryHeaders }
  | { readonly mode: 'refused'; readonly code: ContractErrorCode; readonly reason: string; readonly fields: readonly string[] };

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The media type without parameters, lower case: `Application/JSON; charset=utf-8` -> `application/json`. */
export function mediaTypeEssence(contentType: string): string {
  return contentType.split(';', 1)[0].trim().toLowerCase();
}

/** The `charset` parameter of a content type, lower case, or undefined. */
function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, value = ''] = parameter.split('=', 2).map((part) => part.trim());
    if (name.toLowerCase() === 'charset') return value.replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return undefined;
}

/** Whether a binary-mode `content-type` says the value is JSON text Governor can read. */
export function isJsonContentType(contentType: string): boolean {
  const charset = charsetOf(contentType);
  return mediaTypeEssence(contentType) === 'application/json' && (charset === undefined || charset === 'utf-8');
}

type HeaderValue = { ok: true; raw: Buffer | string | undefined } | { ok: false; reason: string };

function single(name: string, value: RecordHeaders[string]): HeaderValue {
  if (!Array.isArray(value)) return { ok: true, raw: value as Buffer | string | undefined };
  if (value.length <= 1) return { ok: true, raw: value[0] };
  return { ok: false, reason: `header ${name} appears ${value.length} times` };
}

function decode(raw: Buffer | string): string | undefined {
  if (typeof raw === 'string') return raw;
  try {
    return STRICT_UTF8.decode(raw);
  } catch {
    return undefined;
  }
}

function refused(reason: string, fields: readonly string[] = []): ContentMode {
  return { mode: 'refused', code: ContractErrorCodes.NotAnEnvelope, reason: `${reason} (binary content mode)`, fields };
}

/**
 * The content mode of a record, by the binding's rule (section 3): a `content-type` starting with
 * `application/cloudevents` is structured mode; otherwise `ce_` headers make it binary mode. A record
 * with neither is read as structured, as every record was before binary mode was accepted (the
 * binding would call it binary, but with no attributes in its headers it could only be refused).
 * Header names are matched without regard to case. Never throws.
 */
export function contentModeOf(headers: RecordHeaders | undefined): ContentMode {
  if (!headers) return { mode: 'structured' };
  const attributes = new Map<string, string>();
  let contentType: string | undefined;
  let bytes = 0;
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(headers)) {
    const name = key.toLowerCase();
    const isAttribute = name.startsWith(CLOUDEVENTS_HEADER_PREFIX) && name.length > CLOUDEVENTS_HEADER_PREFIX.length;
    if (!isAttribute && name !== HeaderKeys.ContentType) continue;
    const one = single(name, value);
    if (!one.ok) return refused(one.reason, [attributeOfHeader(name)]);
    if (one.raw === undefined) continue;
    if (seen.has(name)) return refused(`header ${name} appears 2 times`, [attributeOfHeader(name)]);
    seen.add(name);
    const text = decode(one.raw);
    if (text === undefined) return refused(`header ${name} is not valid UTF-8`, [attributeOfHeader(name)]);
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(text, 'utf8');
    if (isAttribute) attributes.set(name.slice(CLOUDEVENTS_HEADER_PREFIX.length), text);
    else contentType = text;
  }
  if (contentType !== undefined && mediaTypeEssence(contentType).startsWith(CLOUDEVENTS_MEDIA_TYPE)) {
    if (mediaTypeEssence(contentType) === CLOUDEVENTS_JSON_MEDIA_TYPE) return { mode: 'structured' };
    return {
      mode: 'refused',
      code: ContractErrorCodes.NotAnEnvelope,
      reason: `content-type ${JSON.stringify(contentType.slice(0, 100))} is an event format Governor does not read: structured mode takes ${CLOUDEVENTS_JSON_MEDIA_TYPE}, one event per record`,
      fields: ['datacontenttype'],
    };
  }
  if (attributes.size === 0) return { mode: 'structured' };
  return { mode: 'binary', headers: { attributes, contentType, bytes } };
}

/** The header a binary-mode attribute travels in: `type` -> `ce_type`, `datacontenttype` -> `content-type`. */
export function headerOfAttribute(attribute: string): string {
  return attribute === 'datacontenttype' ? HeaderKeys.ContentType : CLOUDEVENTS_HEADER_PREFIX + attribute;
}

function attributeOfHeader(header: string): string {
  return header === HeaderKeys.ContentType ? 'datacontenttype' : header.slice(CLOUDEVENTS_HEADER_PREFIX.length);
}
