import { deadLetterEvent } from './dead-letter';

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
});
