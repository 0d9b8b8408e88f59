import { chunkByBytes } from './event-publisher';

describe('chunkByBytes', () => {
  it('keeps every request under the limit, in order, and never splits a message', () => {
    const messages = [300, 300, 300, 900, 10].map((n, i) => ({ key: `k${i}`, value: 'x'.repeat(n) }));
    const chunks = chunkByBytes(messages, 1_000);
    expect(chunks.map((c) => c.map((m) => m.key))).toEqual([['k0', 'k1', 'k2'], ['k3', 'k4']]);
    expect(chunks.flat()).toEqual(messages);
  });

  it('sends a message larger than the limit on its own', () => {
    const chunks = chunkByBytes([{ value: 'a' }, { value: 'b'.repeat(50) }, { value: 'c' }], 10);
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
    expect(chunkByBytes([], 10)).toEqual([]);
  });
});
