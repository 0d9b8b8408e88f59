// parse() in the CloudEvents Kafka binary content mode: the value is `data`, the `ce_` headers and
// `content-type` the attributes. The same event parses to the same typed event as in structured
// mode; every missing or bad header is refused with its code and a reason that names the headers.
import type { CloudEvent } from './envelope/cloud-event';
import { ContractErrorCodes, ContractParseError } from './parse-error';
import { parse, type ParseResult } from './parse';
import { EVENT_TYPE_VALUES, EventTypes } from './registry/event-types';
import { MAX_EVENT_BYTES } from './registry/limits';
import { Topics, topicOfEventType } from './registry/topics';
import { exampleEvent } from './testing/examples';

type Headers = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

function refused(result: ParseResult): ContractParseError {
  if (result.ok) throw new Error(`expected a refusal, got a ${result.event.type}`);
  return result.error;
}

/** An event as a binary-mode record, as a Kafka consumer hands it over (header values as Buffers). */
function binary(event: CloudEvent<unknown>, change: Headers = {}): { value: Buffer; headers: Headers } {
  const headers: Headers = {
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_subject: event.subject,
    ce_time: event.time,
    'content-type': event.datacontenttype,
    ...change,
  };
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === 'string') headers[key] = Buffer.from(value);
  }
  return { value: Buffer.from(JSON.stringify(event.data)), headers };
}

const levelReported = () => exampleEvent(EventTypes.InventoryLevelReportedV1);

describe('parse, binary content mode', () => {
  it.each(EVENT_TYPE_VALUES)('accepts a valid %s as the same event as its structured form', (type) => {
    const event = exampleEvent(type);
    const result = parse({ ...binary(event), topic: topicOfEventType(type) });
    if (!result.ok) throw result.error;
    const structured = parse({ value: JSON.stringify(event), topic: topicOfEventType(type) });
    expect(result).toEqual(structured);
  });

  it('accepts string header values, header names in any case and a utf-8 charset', () => {
    const event = levelReported();
    const { value } = binary(event);
    const headers = {
      CE_SpecVersion: '1.0',
      ce_id: event.id,
      Ce_Source: event.source,
      ce_type: event.type,
      ce_subject: event.subject,
      ce_time: event.time,
      'Content-Type': 'Application/JSON; charset="UTF-8"',
    };
    const result = parse({ value, headers });
    if (!result.ok) throw result.error;
    expect(result.event.datacontenttype).toBe('application/json');
    expect(result.event.source).toBe(event.source);
  });

  it.each(['specversion', 'id', 'source', 'type', 'subject', 'time'])(
    'refuses a record without ce_%s as not-an-envelope, naming the header',
    (attribute) => {
      const error = refused(parse(binary(levelReported(), { [`ce_${attribute}`]: undefined })));
      expect(error.code).toBe(ContractErrorCodes.NotAnEnvelope);
      expect(error.fields).toEqual([attribute]);
      expect(error.message).toContain('binary content mode');
      expect(error.message).toContain(`ce_${attribute} missing`);
    },
  );

  it('says in the reason what the headers carried, since the dead letter keeps only the value', () => {
    const event = levelReported();
    const error = refused(parse(binary(event, { ce_type: undefined, ce_signature: 'h..s' })));
    expect(error.message).toContain(`ce_id=${JSON.stringify(event.id)}`);
    expect(error.message).toContain(`ce_source=${JSON.stringify(event.source)}`);
    expect(error.message).toContain('content-type="application/json"');
    expect(error.message).toContain('also ce_signature');
  });

  it.each([
    ['a wrong specversion', { ce_specversion: '0.3' }, 'specversion'],
    ['a time without offset', { ce_time: '2025-03-03T08:15:00' }, 'time'],
    ['an empty subject', { ce_subject: '' }, 'subject'],
    ['a source with a space', { ce_source: 'urn:erp plant' }, 'source'],
    ['the NUL character in the subject', { ce_subject: 'SKU\u0000@DC-1' }, 'subject'],
  ])('refuses %s as not-an-envelope', (_name, change, field) => {
    const error = refused(parse(binary(levelReported(), change)));
    expect(error.code).toBe(ContractErrorCodes.NotAnEnvelope);
    expect(error.fields).toEqual([field]);
  });

  it.each([
    ['missing', undefined, 'content-type header is missing'],
    ['XML', 'application/xml', 'is not JSON'],
    ['plain text', 'text/plain', 'is not JSON'],
    ['JSON in another charset', 'application/json; charset=latin1', 'is not JSON'],
    ['a JSON suffix type', 'application/vnd.erp+json', 'is not JSON'],
  ])('refuses a content-type that is %s as not-an-envelope before reading the value', (_name, contentType, reason) => {
    const error = refused(parse({ ...binary(levelReported(), { 'content-type': contentType }), value: Buffer.from('<xml/>') }));
    expect(error.code).toBe(ContractErrorCodes.NotAnEnvelope);
    expect(error.fields).toEqual(['datacontenttype']);
    expect(error.message).toContain(reason);
  });

  it('refuses a value that is not JSON, null or not an object with the codes structured mode uses', () => {
    const record = binary(levelReported());
    expect(refused(parse({ ...record, value: Buffer.from('{not json') })).code).toBe(ContractErrorCodes.NotJson);
    expect(refused(parse({ ...record, value: null })).code).toBe(ContractErrorCodes.NotJson);
    expect(refused(parse({ ...record, value: Buffer.from([0x7b, 0xff, 0x7d]) })).code).toBe(ContractErrorCodes.NotJson);
    const array = refused(parse({ ...record, value: '[1]' }));
    expect({ code: array.code, fields: array.fields }).toEqual({ code: ContractErrorCodes.NotAnEnvelope, fields: ['data'] });
  });

  it('refuses an unknown type, a type on the wrong topic and an invalid payload like structured mode', () => {
    const unknown = refused(parse(binary(levelReported(), { ce_type: 'inventory.level-guessed.v1' })));
    expect({ code: unknown.code, eventType: unknown.eventType }).toEqual({
      code: ContractErrorCodes.UnknownType,
      eventType: 'inventory.level-guessed.v1',
    });
    expect(refused(parse({ ...binary(levelReported()), topic: Topics.SourceOrdersV1 })).code).toBe(ContractErrorCodes.WrongTopic);
    const event = levelReported();
    (event.data as unknown as Record<string, unknown>)['onHand'] = -1;
    const payload = refused(parse(binary(event)));
    expect({ code: payload.code, fields: payload.fields }).toEqual({ code: ContractErrorCodes.InvalidPayload, fields: ['onHand'] });
    expect(payload.message).toContain('binary content mode');
  });

  it('keeps ce_signature as the signature extension and drops other extensions and ce_datacontenttype', () => {
    const signature = 'eyJhbGciOiJFZERTQSJ9..c2ln';
    const result = parse(binary(levelReported(), { ce_signature: signature, ce_traceparent: 'x', ce_datacontenttype: 'text/xml' }));
    if (!result.ok) throw result.error;
    expect(result.event.signature).toBe(signature);
    expect(result.event).not.toHaveProperty('traceparent');
    expect(result.event.datacontenttype).toBe('application/json');
  });

  it('counts the value and the CloudEvents headers against the size limit, but not other headers', () => {
    const event = levelReported();
    const record = binary(event);
    const room = MAX_EVENT_BYTES - record.value.length;
    const padded = refused(parse(binary(event, { ce_padding: 'x'.repeat(room) })));
    expect(padded.code).toBe(ContractErrorCodes.TooLarge);
    expect(padded.message).toContain('CloudEvents headers');
    expect(parse({ ...record, headers: { ...record.headers, 'x-trace-blob': 'x'.repeat(room) } }).ok).toBe(true);
    expect(refused(parse({ ...record, value: Buffer.alloc(MAX_EVENT_BYTES, 0x20) })).code).toBe(ContractErrorCodes.TooLarge);
  });

  it('applies the depth limit to data as it would inside the structured event', () => {
    const event = exampleEvent(EventTypes.AgentActionProposedV1);
    const depthOf = (levels: number) => {
      const record = binary(event);
      // parameters sits at depth 2 inside the event (event, data); each `{"a":` nests one more.
      const nested = '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
      const value = record.value.toString().replace(/"parameters":\{[^}]*\}/, `"parameters":${nested}`);
      const structured = JSON.stringify(event).replace(/"parameters":\{[^}]*\}/, `"parameters":${nested}`);
      return { binary: parse({ ...record, value }), structured: parse({ value: structured }) };
    };
    // The deepest object then sits at depth 1 + levels; the limit refuses one at depth 64.
    const within = depthOf(62);
    expect([within.binary.ok, within.structured.ok]).toEqual([true, true]);
    const over = depthOf(63);
    expect(refused(over.structured).code).toBe(ContractErrorCodes.NotJson);
    const binaryOver = refused(over.binary);
    expect(binaryOver.code).toBe(ContractErrorCodes.NotJson);
    expect(binaryOver.message).toContain('deeper than 64 levels, counting the event around it');
  });

  it('refuses a header given twice or not in UTF-8 as not-an-envelope', () => {
    const event = levelReported();
    const twice = refused(parse(binary(event, { ce_id: [Buffer.from('a'), Buffer.from('b')] })));
    expect({ code: twice.code, fields: twice.fields }).toEqual({ code: ContractErrorCodes.NotAnEnvelope, fields: ['id'] });
    expect(twice.message).toContain('ce_id appears 2 times');
    const record = binary(event);
    const cased = refused(parse({ ...record, headers: { ...record.headers, CE_ID: 'other' } }));
    expect(cased.message).toContain('appears 2 times');
    const latin = refused(parse(binary(event, { ce_subject: Buffer.from([0x53, 0xff]) })));
    expect(latin.message).toContain('ce_subject is not valid UTF-8');
  });
});

describe('parse, choosing the content mode', () => {
  it('reads a record with a CloudEvents JSON content-type as structured, whatever ce_ headers it has', () => {
    const event = levelReported();
    const headers = { 'content-type': 'application/cloudevents+json; charset=utf-8', ce_type: 'ignored' };
    const result = parse({ value: JSON.stringify(event), headers });
    if (!result.ok) throw result.error;
    expect(result.event.type).toBe(event.type);
  });

  it('reads a record without ce_ headers as structured, with the reasons structured mode gives', () => {
    const value = JSON.stringify(levelReported());
    expect(parse({ value, headers: {} }).ok).toBe(true);
    expect(parse({ value, headers: { 'content-type': 'application/json', traceparent: 'x' } }).ok).toBe(true);
    const headerless = refused(parse({ value: '{not json' }));
    const withHeaders = refused(parse({ value: '{not json', headers: { traceparent: Buffer.from('00-x') } }));
    expect(withHeaders).toEqual(headerless);
    expect(withHeaders.message).not.toContain('binary');
  });

  it.each(['application/cloudevents-batch+json', 'application/cloudevents+avro'])(
    'refuses the CloudEvents format %s as not-an-envelope',
    (contentType) => {
      const error = refused(parse({ value: JSON.stringify(levelReported()), headers: { 'content-type': contentType } }));
      expect(error.code).toBe(ContractErrorCodes.NotAnEnvelope);
      expect(error.message).toContain('application/cloudevents+json');
    },
  );
});
