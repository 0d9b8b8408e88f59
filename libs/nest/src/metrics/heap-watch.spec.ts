import { HeapWatch, readHeap } from './heap-watch';

const MIB = 1024 * 1024;

function watchOver(usedMiB: number[]) {
  const lines: { level: string; message: string }[] = [];
  const log = (level: string) => (message: string) => lines.push({ level, message });
  let at = 0;
  const watch = new HeapWatch({
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    read: () => ({ usedBytes: usedMiB[at++] * MIB, limitBytes: 100 * MIB }),
  });
  for (let i = 0; i < usedMiB.length; i++) watch.check();
  return lines;
}

describe('HeapWatch', () => {
  it('warns once when the heap stays near its cap for three samples', () => {
    const lines = watchOver([50, 86, 90, 95, 97, 96]);
    expect(lines).toEqual([
      { level: 'warn', message: expect.stringContaining('95 MiB of its 100 MiB cap for 3 samples') },
    ]);
    expect(lines[0].message).toContain('--max-old-space-size');
  });

  it('says nothing of a heap that touches the cap and falls back (garbage collected)', () => {
    expect(watchOver([90, 91, 60, 92, 93, 50, 88])).toEqual([]);
  });

  it('says when the heap is back down, and warns again if it climbs back', () => {
    const lines = watchOver([90, 90, 90, 80, 70, 90, 90, 90]);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info', 'warn']);
    expect(lines[1].message).toContain('back down to 70 MiB');
  });

  it('reads the real heap and its cap', () => {
    const heap = readHeap();
    expect(heap.usedBytes).toBeGreaterThan(0);
    expect(heap.limitBytes).toBeGreaterThan(heap.usedBytes);
  });
});
