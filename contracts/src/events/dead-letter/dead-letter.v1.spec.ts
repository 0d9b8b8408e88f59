// deadLetterOriginal(): the refused value kept in a dead letter, never over the byte limit.
import { DEAD_LETTER_ORIGINAL_MAX_BYTES } from '../../registry/limits';
import { deadLetterOriginal } from './dead-letter.v1';

describe('deadLetterOriginal', () => {
  it('keeps a small value whole and turns a missing one into an empty string', () => {
    expect(deadLetterOriginal(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(deadLetterOriginal('plain')).toBe('plain');
    expect(deadLetterOriginal(null)).toBe('');
  });

  it('cuts at the limit without splitting a multi-byte character', () => {
    const value = `x${'é'.repeat(DEAD_LETTER_ORIGINAL_MAX_BYTES)}`;
    const cut = deadLetterOriginal(value);
    expect(Buffer.byteLength(cut, 'utf8')).toBe(DEAD_LETTER_ORIGINAL_MAX_BYTES - 1);
    expect(cut.endsWith('é')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
  });

  it('replaces U+0000, which parse() would refuse, so the dead letter itself is accepted', () => {
    expect(deadLetterOriginal(Buffer.from([0x7b, 0x00, 0x7d]))).toBe('{\uFFFD}');
  });

  it('stays within the limit when invalid bytes decode to wider replacement characters', () => {
    const cut = deadLetterOriginal(Buffer.alloc(DEAD_LETTER_ORIGINAL_MAX_BYTES, 0xff));
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(DEAD_LETTER_ORIGINAL_MAX_BYTES);
  });
});
