import { EventTypes } from '../registry/event-types';
import { parse } from '../parse';
import { exampleEvent } from '../testing/examples';
import { envelope, nameBasedId } from './envelope';

describe('envelope', () => {
  it('wraps a payload in the contract envelope, which parse() accepts', () => {
    const event = envelope(EventTypes.FeedHealthReportedV1, {
      source: 'urn:governor:data-quality',
      subject: 'urn:erp:plant-1000@source.inventory.v1',
      time: new Date('2026-12-04T10:00:00Z'),
      data: exampleEvent(EventTypes.FeedHealthReportedV1).data,
    });
    expect(event).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json', time: '2026-12-04T10:00:00.000Z' });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(envelope(EventTypes.FeedHealthReportedV1, { ...event, id: 'given' }).id).toBe('given');
    const parsed = parse({ value: JSON.stringify(event) });
    expect(parsed.ok ? parsed.event.type : parsed.error.message).toBe(EventTypes.FeedHealthReportedV1);
  });
});

describe('nameBasedId', () => {
  it('is RFC 4122 version 5: the DNS namespace example', () => {
    expect(nameBasedId('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('gives the same id for the same names and another for others', () => {
    const ns = '3b8f5e0c-5d0a-4c43-9c1e-8f7d2a6b91e4';
    expect(nameBasedId(ns, 'a')).toBe(nameBasedId(ns, 'a'));
    expect(nameBasedId(ns, 'a')).not.toBe(nameBasedId(ns, 'b'));
  });
});
