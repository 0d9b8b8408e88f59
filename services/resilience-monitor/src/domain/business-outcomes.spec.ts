// Fill rate, order cycle time and forecast accuracy, on cases computed by hand.
import { cycleTimes, fillRate, forecastAccuracy, forecastOfProposal, pairForecasts, type DemandActual, type DemandForecast } from './business-outcomes';

const T = Date.parse('2026-12-04T08:00:00Z');
const MIN = 60_000;

describe('fill rate and order cycle time', () => {
  const orders = [
    { placedAt: T, filledAt: T + 1 * MIN, shippedAt: T + 10 * MIN }, // shipped after 600 s
    { placedAt: T, filledAt: T + 2 * MIN, shippedAt: null }, // picked, not yet shipped
    { placedAt: T, filledAt: T + 90 * MIN, shippedAt: T + 90 * MIN }, // both after the window's end
    { placedAt: T + 5 * MIN, filledAt: T + 6 * MIN, shippedAt: T + 25 * MIN }, // 1,200 s
    { placedAt: T + 5 * MIN, filledAt: null, shippedAt: null },
  ];
  const to = T + 60 * MIN;

  it('fill rate: orders a shipment of theirs reported picked, dispatched or delivered by the end, of those placed', () => {
    expect(fillRate(orders, to)).toEqual({ orders: 5, filled: 3, rate: 0.6 });
    expect(fillRate([], to)).toEqual({ orders: 0, filled: 0, rate: null });
  });

  it('cycle time: placed to first shipped, of the orders that shipped by the end', () => {
    expect(cycleTimes(orders, to)).toEqual([600, 1_200]);
  });
});

describe('forecast accuracy', () => {
  const forecast = (modelVersion: string, subject: string, madeAt: number, dailyDemand: number): DemandForecast => ({
    modelId: 'stockout-risk',
    modelVersion,
    subject,
    madeAt,
    dailyDemand,
  });
  const actual = (subject: string, date: string, recordedAt: number, quantity: number): DemandActual => ({ subject, date, recordedAt, quantity });

  it('pairs each actual with the latest forecast made before it was recorded and no later than its day', () => {
    const early = forecast('1', 'A@X', T - 2 * 86_400_000, 10);
    const later = forecast('1', 'A@X', T - 1 * 86_400_000, 12);
    const afterRecording = forecast('1', 'A@X', T + 2 * MIN, 99);
    const sameDay = actual('A@X', '2026-12-03', T + MIN, 14); // the 3rd: `later` was made on it, before it was recorded
    const dayBefore = actual('A@X', '2026-12-02', T + MIN, 8); // the 2nd: `later` came after that day, `early` is the one
    const unforecast = actual('B@X', '2026-12-03', T + MIN, 5);
    expect(pairForecasts([early, later, afterRecording], [sameDay, dayBefore, unforecast])).toEqual([
      { forecast: later, actual: sameDay },
      { forecast: early, actual: dayBefore },
    ]);
  });

  it('WAPE, bias and relative bias per model version', () => {
    const forecasts = [forecast('1', 'A@X', T - 86_400_000, 10), forecast('1', 'B@X', T - 86_400_000, 4), forecast('2', 'C@X', T - 86_400_000, 6)];
    const actuals = [
      actual('A@X', '2026-12-04', T + MIN, 12), // error -2
      actual('A@X', '2026-12-04', T + 2 * MIN, 6), // error +4 (the same forecast again)
      actual('B@X', '2026-12-04', T + MIN, 2), // error +2
      actual('C@X', '2026-12-04', T + MIN, 0), // nothing sold: no WAPE for version 2
    ];
    expect(forecastAccuracy(forecasts, actuals)).toEqual([
      // |−2| + 4 + 2 = 8 over 12 + 6 + 2 = 20; net +4: mean 4 / 3, relative 4 / 20.
      { modelId: 'stockout-risk', modelVersion: '1', pairs: 3, wape: 0.4, bias: 1.3333, relativeBias: 0.2 },
      { modelId: 'stockout-risk', modelVersion: '2', pairs: 1, wape: null, bias: 6, relativeBias: null },
    ]);
    expect(forecastAccuracy(forecasts, [])).toEqual([]);
  });

  it('the forecast a proposal carries: its average daily demand for the SKU where it acts', () => {
    const features = { averageDailyDemand: 7.5, leadTimeDays: 3 };
    expect(forecastOfProposal({ parameters: { sku: 'S1', location: 'DC-1' }, features })).toEqual({ subject: 'S1@DC-1', dailyDemand: 7.5 });
    expect(forecastOfProposal({ parameters: { sku: 'S1', fromLocation: 'DC-2', toLocation: 'DC-1' }, features })).toEqual({
      subject: 'S1@DC-1',
      dailyDemand: 7.5,
    });
    expect(forecastOfProposal({ parameters: { message: 'low cover' }, features })).toBeNull();
    expect(forecastOfProposal({ parameters: { sku: 'S1', location: 'DC-1' }, features: { daysOfCover: 2 } })).toBeNull();
  });
});
