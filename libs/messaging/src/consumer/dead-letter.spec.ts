import type { KafkaMessage } from 'kafkajs';
import { deadLetterEvent, deadLetterRecords } from './dead-letter';

describe('deadLetterEvent', () => {
  it('names where the record came from and why it was refused', () => {
    const event = deadLetterEvent(
      { topic: 'source.inventory.v1', partition: 2, offset: '17', key: Buffer.from('SKU-1@DC1'), value: Buffer.from('{oops') },
      'data-quality',
      'not-json',
      'Unexpected token o',
      new Date('2026-11-26T10:00:00Z'),
    );
    expect(event).toMatchObject({
      type: 'dead-letter.v1',
      subject: 'SKU-1@DC1',
      time: '2026-11-26T10:00:00.000Z',
      data: { topic: 'source.inventory.v1', partition: 2, offset: '17', stage: 'data-quality', errorCode: 'not-json', original: '{oops' },
    });
  });

  it('uses "unknown" as the subject of a record without a key', () => {
    const event = deadLetterEvent({ topic: 't', partition: 0, offset: '0', key: null, value: null }, 's', 'not-json', 'empty');
    expect(event.subject).toBe('unknown');
    expect(event.data.original).toBe('');
  });

  it('cuts the original at 64 KiB on a character boundary', () => {
    const big = 'é'.repeat(40_000); // 80,000 bytes
    const event = deadLetterEvent({ topic: 't', partition: 0, offset: '0', key: null, value: Buffer.from(big) }, 's', 'too-large', 'x');
    expect(Buffer.byteLength(event.data.original)).toBe(65_536);
  });

  it("makes a partition's refused records dead letters for the dead-letter topic, each with its offset and reason", () => {
    const message = (offset: string, value: string) => ({ offset, key: Buffer.from('SKU-1@DC1'), value: Buffer.from(value) }) as KafkaMessage;
    const records = deadLetterRecords(
      'source.inventory.v1',
      3,
      [
        { message: message('5', '{oops'), code: 'not-json', error: 'Unexpected token o' },
        { message: message('9', '{}'), code: 'sku-unknown', error: 'no such SKU' },
      ],
      'data-quality',
    );
    expect(records.map((r) => r.topic)).toEqual(['governance.dead-letter.v1', 'governance.dead-letter.v1']);
    expect(records.map((r) => r.event.data)).toEqual([
      expect.objectContaining({ topic: 'source.inventory.v1', partition: 3, offset: '5', stage: 'data-quality', errorCode: 'not-json', original: '{oops' }),
      expect.objectContaining({ topic: 'source.inventory.v1', partition: 3, offset: '9', stage: 'data-quality', errorCode: 'sku-unknown', original: '{}' }),
    ]);
  });
});
