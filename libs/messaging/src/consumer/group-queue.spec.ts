import { GroupQueue, type QueuedGroup } from './group-queue';

describe('GroupQueue', () => {
  it('runs one at a time and takes the groups that waited together, oldest first, up to maxRecords', async () => {
    const runs: number[][][] = [];
    let release!: () => void;
    const firstHeld = new Promise<void>((resolve) => (release = resolve));
    let active = 0;
    let mostActive = 0;
    const queue = new GroupQueue<number, string>(5, async (groups: QueuedGroup<number, string>[]) => {
      active++;
      mostActive = Math.max(mostActive, active);
      runs.push(groups.map((g) => g.records));
      if (runs.length === 1) await firstHeld;
      active--;
      for (const g of groups) g.resolve(`run ${runs.length}`);
    });

    const results = [
      queue.submit([1]),
      queue.submit([2, 3]),
      queue.submit([4, 5]),
      queue.submit([6, 7, 8]),
      queue.submit([9]),
    ];
    release();
    expect(await Promise.all(results)).toEqual(['run 1', 'run 2', 'run 2', 'run 3', 'run 3']);
    // [2,3] + [4,5] is 4 records, and [6,7,8] would make 7: it starts the next run with [9].
    expect(runs).toEqual([
      [[1]],
      [
        [2, 3],
        [4, 5],
      ],
      [[6, 7, 8], [9]],
    ]);
    expect(mostActive).toBe(1);
  });

  it('takes a group larger than maxRecords on its own, and fails the groups of a run that throws', async () => {
    const runs: number[][][] = [];
    const queue = new GroupQueue<number, void>(2, async (groups) => {
      runs.push(groups.map((g) => g.records));
      throw new Error('database away');
    });
    const big = queue.submit([1, 2, 3]);
    const small = queue.submit([4]);
    await expect(big).rejects.toThrow('database away');
    await expect(small).rejects.toThrow('database away');
    expect(runs).toEqual([[[1, 2, 3]], [[4]]]);
  });
});
