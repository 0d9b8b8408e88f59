import { binOf, binProportions, populationStabilityIndex, quantileEdges } from './psi';

describe('quantileEdges', () => {
  it('cuts 1..8 into quartiles at the values of rank 2, 4 and 6', () => {
    // n = 8, 4 bins: ranks ceil(8k/4) = 2, 4, 6 -> values 2, 4, 6.
    expect(quantileEdges([8, 1, 7, 2, 6, 3, 5, 4], 4)).toEqual([2, 4, 6]);
  });

  it('merges repeated quantiles so ties make fewer bins', () => {
    // 1, 5, 5, 5: ranks 1, 2, 3 -> 1, 5, 5 -> edges 1 and 5; the bin above 5 is empty for now.
    expect(quantileEdges([5, 1, 5, 5], 4)).toEqual([1, 5]);
    expect(quantileEdges([], 4)).toEqual([]);
  });
});

describe('binProportions', () => {
  it('puts each value in the first bin whose edge it does not exceed', () => {
    expect(binOf(2, [2, 4, 6])).toBe(0);
    expect(binOf(2.5, [2, 4, 6])).toBe(1);
    expect(binOf(99, [2, 4, 6])).toBe(3);
    // 0, 1 | 3 | 5, 6 | 7, 9, 9, 9, 10  -> 2/10, 1/10, 2/10, 5/10
    expect(binProportions([0, 1, 3, 5, 6, 7, 9, 9, 9, 10], [2, 4, 6])).toEqual([0.2, 0.1, 0.2, 0.5]);
  });
});

describe('populationStabilityIndex', () => {
  it('is 0 for identical histograms', () => {
    expect(populationStabilityIndex([0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], 1e-4)).toBe(0);
  });

  it('matches a hand computation on known histograms', () => {
    // expected 0.25 each, actual 0.1, 0.2, 0.3, 0.4:
    // (-0.15) ln 0.4 + (-0.05) ln 0.8 + 0.05 ln 1.2 + 0.15 ln 1.6
    // = 0.137444 + 0.011157 + 0.009116 + 0.070501 = 0.228217
    expect(populationStabilityIndex([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4], 1e-4)).toBeCloseTo(
      0.228217,
      5,
    );
  });

  it('floors an empty bin at epsilon instead of dividing by zero', () => {
    // 2 x (0.25 - 0.5) ln 0.5 = 0.346574; (0.5 - 0.0001) ln(0.5 / 0.0001) = 0.4999 x 8.517193 = 4.257745
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.25, 0.25, 0.5], 1e-4)).toBeCloseTo(4.604318, 5);
  });

  it('refuses histograms with different bins', () => {
    expect(() => populationStabilityIndex([0.5, 0.5], [1], 1e-4)).toThrow(RangeError);
  });
});
