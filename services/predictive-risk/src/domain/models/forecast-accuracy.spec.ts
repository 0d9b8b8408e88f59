import { forecastAccuracy } from './forecast-accuracy';

describe('forecast accuracy: WAPE and bias, pooled and per series', () => {
  it('computes WAPE and biases by hand on two series whose biases cancel when pooled', () => {
    // A: forecasts 12, 12 for actuals 10, 10 -> errors +2, +2; B: 8, 8 for 10, 10 -> -2, -2.
    const accuracy = forecastAccuracy([
      { key: 'A', forecast: 12, actual: 10 },
      { key: 'A', forecast: 12, actual: 10 },
      { key: 'B', forecast: 8, actual: 10 },
      { key: 'B', forecast: 8, actual: 10 },
    ]);
    // WAPE = 8 / 40 = 0.2; pooled bias 0 / 4 = 0, relative 0 / 40 = 0; per series +0.2 and -0.2.
    expect(accuracy).toMatchObject({ n: 4, series: 2, wape: 0.2, bias: 0, relativeBias: 0 });
    // quantiles of [-0.2, 0.2], interpolated: p10 = -0.2 + 0.1 * 0.4 = -0.16, p90 = 0.16.
    expect(accuracy.relativeBiasBySeries).toEqual({
      p10: expect.closeTo(-0.16, 12),
      p50: expect.closeTo(0, 12),
      p90: expect.closeTo(0.16, 12),
      beyond10Percent: 1,
    });
  });

  it('has no WAPE when the actuals add up to zero, and nothing at all without points', () => {
    expect(forecastAccuracy([{ key: 'A', forecast: 1, actual: 0 }])).toMatchObject({
      wape: null,
      bias: 1,
      relativeBias: null,
      relativeBiasBySeries: null,
    });
    expect(forecastAccuracy([])).toMatchObject({ n: 0, wape: null, bias: null });
  });
});
