import { buildReference, forecastBias, inputPsi, modelPsi } from './model-drift';

describe('model drift', () => {
  // Reference 1..8 in 4 bins: edges 2, 4, 6, a quarter in each bin.
  const reference = buildReference([1, 2, 3, 4, 5, 6, 7, 8], 4);

  it('freezes the reference into quantile bins with its own shares', () => {
    expect(reference).toEqual({ size: 8, edges: [2, 4, 6], proportions: [0.25, 0.25, 0.25, 0.25] });
  });

  it('finds no drift in a sample from the same bins', () => {
    expect(inputPsi(reference, [2, 3, 5, 8], 1e-4)).toBe(0);
  });

  it('measures a shift above every reference value as a large PSI, by hand', () => {
    // Recent 9, 10, 11, 12 all fall in the last bin: actual 0, 0, 0, 1 (zeros floored at 1e-4):
    // 3 x (0.0001 - 0.25) ln(0.0001 / 0.25) + (1 - 0.25) ln(1 / 0.25)
    // = 3 x 1.955229 + 1.039721 = 6.905408
    expect(inputPsi(reference, [9, 10, 11, 12], 1e-4)).toBeCloseTo(6.905408, 5);
  });

  it('reports the worst input for the model, or null when none was measured', () => {
    expect(modelPsi({ shortageRatio: 0.05, daysToShip: 0.31 })).toBe(0.31);
    expect(modelPsi({})).toBeNull();
  });

  it('averages forecast minus actual: (2 - 4 + 0) / 3', () => {
    expect(
      forecastBias([
        { forecast: 12, actual: 10 },
        { forecast: 10, actual: 14 },
        { forecast: 11, actual: 11 },
      ]),
    ).toBeCloseTo(-2 / 3, 12);
    expect(forecastBias([])).toBeNull();
  });
});
