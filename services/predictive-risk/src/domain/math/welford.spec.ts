import { addObservation, EMPTY_STATS, type RunningStats, sampleVariance } from './welford';

const feed = (values: number[]): RunningStats => values.reduce(addObservation, EMPTY_STATS);

describe("Welford's running mean and variance", () => {
  it('gives the textbook series its known mean and variance', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32;
    // sample variance 32 / 7 = 4.5714286 (population variance 32 / 8 = 4).
    const stats = feed([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(stats.count).toBe(8);
    expect(stats.mean).toBeCloseTo(5, 12);
    expect(stats.m2).toBeCloseTo(32, 10);
    expect(sampleVariance(stats)).toBeCloseTo(4.5714286, 6);
  });

  it('steps as computed by hand: after 3 then -1', () => {
    // x1 = 3: mean 3, M2 0. x2 = -1: delta -4, mean 3 - 4/2 = 1, M2 0 + (-4)(-1 - 1) = 8; variance 8/1.
    const one = addObservation(EMPTY_STATS, 3);
    expect(one).toEqual({ count: 1, mean: 3, m2: 0 });
    expect(sampleVariance(one)).toBeUndefined();
    const two = addObservation(one, -1);
    expect(two).toEqual({ count: 2, mean: 1, m2: 8 });
    expect(sampleVariance(two)).toBe(8);
  });

  it('stays exact where the naive sum of squares loses digits', () => {
    // 4, 7, 13, 16 shifted by 1e9: mean 10 (+1e9), deviations -6, -3, 3, 6, M2 = 36 + 9 + 9 + 36 = 90,
    // sample variance 90 / 3 = 30, whatever the shift.
    const stats = feed([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(sampleVariance(stats)).toBeCloseTo(30, 6);
  });
});
