import { GroupQueue, type QueuedGroup } from './group-queue';

describe('GroupQueue', () => {
  it('takes the groups handed over in one turn together, runs one at a time, and takes the groups that waited together, oldest first, up to maxRecords', async () => {
    const runs: number[][][] = [];
    let release!: () => void;
    const firstHeld = new Promise<void>((resolve) => (release = resolve));
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    let active = 0;
    let mostActive = 0;
    const queue = new GroupQueue<number, string>(5, async (groups: QueuedGroup<number, string>[]) => {
      active++;
      mostActive = Math.max(mostActive, active);
      runs.push(groups.map((g) => g.records));
      if (runs.length === 1) {
        firstStarted();
        await firstHeld;
      }
      active--;
      for (const g of groups) g.resolve(`run ${runs.length}`);
    });

    // One turn: what a fetch hands over from three partitions.
    const results = [queue.submit([1]), queue.submit([2, 3])];
    await started;
    // While the first run holds its transaction.
    results.push(queue.submit([4, 5]), queue.submit([6, 7, 8]), queue.submit([9]));
    release();
    expect(await Promise.all(results)).toEqual(['run 1', 'run 1', 'run 2', 'run 2', 'run 3']);
    // [4,5] + [6,7,8] is 5 records, and [9] would make 6: it waits for the next run.
    expect(runs).toEqual([
      [[1], [2, 3]],
      [
        [4, 5],
        [6, 7, 8],
      ],
      [[9]],
    ]);
    expect(mostActive).toBe(1);
  });

  it('takes a group larger than maxRecords on its own, and fails the groups of a run that throws', async () => {
    const runs: number[][][] = [];
    const queue = new GroupQueue<number, void>(2, async (groups) => {
      runs.push(groups.map((g) => g.records));
      throw new Error('database away');
    });
    // Handed over in one turn, but [1,2,3] is already more than maxRecords.
    const big = queue.submit([1, 2, 3]);
    const small = queue.submit([4]);
    await expect(big).rejects.toThrow('database away');
    await expect(small).rejects.toThrow('database away');
    expect(runs).toEqual([[[1, 2, 3]], [[4]]]);
  });

  it('starts a run at most every minIntervalMs, and at once after a quiet spell longer than that', async () => {
    const starts: number[] = [];
    const queue = new GroupQueue<number, void>(10, async (groups) => {
      starts.push(performance.now());
      groups.forEach((g) => g.resolve());
    }, 1_000);
    const t0 = performance.now();
    await queue.submit([1]);
    // Right after the first run: this one waits out the interval.
    await queue.submit([2]);
    expect(starts[0] - t0).toBeLessThan(500);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(995);
    // After a quiet spell longer than the interval: no wait (well under the second it would be).
    await new Promise((r) => setTimeout(r, 1_050));
    const t2 = performance.now();
    await queue.submit([3]);
    expect(starts[2] - t2).toBeLessThan(500);
  });
});
