import { type DemandState, emptySmoothing, forecastFor, recordDemand, smoothDay } from './demand-sensing';

const params = { alpha: 0.5, beta: 0.1, gamma: 0.25, maxGapDays: 2 };

function feed(records: [string, number][]): DemandState {
  let state: DemandState | undefined;
  for (const [date, quantity] of records) state = recordDemand(state, date, quantity, params).state;
  if (!state) throw new Error('feed needs at least one record');
  return state;
}

describe('demand sensing: Holt-Winters of daily demand with its variance', () => {
  it('smooths the first week by simple smoothing: a known series to the level and variance computed by hand', () => {
    // alpha = 0.5; daily totals 10, 14, 8, 12 (day 5's record closes day 4).
    // day 1: L = 10, V = 0                                  (first day starts the level)
    // day 2: e = 14 - 10 = 4,  L = 10 + 2 = 12, V = 0.5*0  + 0.5*16 = 8
    // day 3: e = 8 - 12 = -4,  L = 12 - 2 = 10, V = 0.5*8  + 0.5*16 = 12
    // day 4: e = 12 - 10 = 2,  L = 10 + 1 = 11, V = 0.5*12 + 0.5*4  = 8
    const state = feed([
      ['2025-03-01', 10],
      ['2025-03-02', 14],
      ['2025-03-03', 8],
      ['2025-03-04', 12],
      ['2025-03-05', 6],
    ]);
    expect(state.level).toBeCloseTo(11, 12);
    expect(state.variance).toBeCloseTo(8, 12);
    expect(state.daysObserved).toBe(4);
    expect(state).toMatchObject({ openDate: '2025-03-05', openQuantity: 6 });
  });

  it('reports each closed day with the forecast that stood for it, and the next forecast', () => {
    const before = feed([
      ['2025-03-01', 10],
      ['2025-03-02', 14],
    ]);
    const update = recordDemand(before, '2025-03-03', 8, params);
    expect(update).toMatchObject({
      kind: 'applied',
      closedDays: [{ date: '2025-03-02', quantity: 14, forecast: 10 }],
      forecast: { date: '2025-03-03', value: 12 },
    });
    const first = recordDemand(undefined, '2025-03-01', 10, params);
    expect(first).toMatchObject({ kind: 'applied', closedDays: [], forecast: null });
    const second = recordDemand(first.state, '2025-03-02', 1, params);
    expect(second).toMatchObject({ closedDays: [{ date: '2025-03-01', quantity: 10, forecast: null }] });
  });

  it('adds up the records of one day before smoothing it', () => {
    const state = feed([
      ['2025-03-01', 4],
      ['2025-03-01', 6],
      ['2025-03-02', 0],
    ]);
    expect(state.level).toBe(10);
  });

  it('counts silent days as zero demand, up to maxGapDays', () => {
    // Day 1 = 10 closes: L = 10, V = 0. Days 2..4 are silent, only 2 are filled (maxGapDays = 2):
    // day 2: e = -10, L = 5,   V = 0.5*0  + 0.5*100 = 50
    // day 3: e = -5,  L = 2.5, V = 0.5*50 + 0.5*25  = 37.5
    const update = recordDemand(feed([['2025-03-01', 10]]), '2025-03-05', 7, params);
    if (update.kind !== 'applied') throw new Error('expected applied');
    expect(update.closedDays.map((d) => [d.date, d.quantity, d.forecast])).toEqual([
      ['2025-03-01', 10, null],
      ['2025-03-02', 0, 10],
      ['2025-03-03', 0, 5],
    ]);
    expect(update.state).toEqual({
      openDate: '2025-03-05',
      openQuantity: 7,
      level: 2.5,
      trend: 0,
      // The first week's totals by weekday until it closes: Sat 1 March 10, Sun 0, Mon 0.
      seasonal: [0, 0, 0, 0, 0, 0, 10],
      variance: 37.5,
      daysObserved: 3,
    });
  });

  it('leaves the state alone for a record of a day already closed', () => {
    const state = feed([
      ['2025-03-01', 10],
      ['2025-03-02', 14],
    ]);
    expect(recordDemand(state, '2025-03-01', 3, params)).toEqual({ kind: 'late', state });
  });

  it('starts level and weekly indices from the first week, then updates level, trend and season', () => {
    // Sun 5 .. Sat 11 January 2025: 10, 20, 20, 20, 20, 30, 20; the mean 20 is the level, the
    // indices are each day less 20: Sun -10, Fri +10, the rest 0; the trend starts at 0.
    const week = [10, 20, 20, 20, 20, 30, 20];
    let s = emptySmoothing();
    week.forEach((x, i) => (s = smoothDay(s, `2025-01-${String(5 + i).padStart(2, '0')}`, x, params)));
    expect(s).toMatchObject({ level: 20, trend: 0, seasonal: [-10, 0, 0, 0, 0, 10, 0], daysObserved: 7 });
    // Sunday 12: forecast 20 + 0 - 10 = 10, actual 14, e = 4 (alpha 0.5, beta 0.1, gamma 0.25):
    // L = 20 + 0 + 0.5*4 = 22, T = 0 + 0.1*4 = 0.4, S[Sun] = -10 + 0.25*4 = -9.
    expect(forecastFor(s, '2025-01-12')).toBe(10);
    const variance = s.variance;
    s = smoothDay(s, '2025-01-12', 14, params);
    expect(s.level).toBeCloseTo(22, 12);
    expect(s.trend).toBeCloseTo(0.4, 12);
    expect(s.seasonal[0]).toBeCloseTo(-9, 12);
    expect(s.variance).toBeCloseTo(0.5 * variance + 0.5 * 16, 12);
    // Monday 13: 22 + 0.4 + 0 = 22.4; Friday 17: 22 + 0.4 + 10 = 32.4.
    expect(forecastFor(s, '2025-01-13')).toBeCloseTo(22.4, 12);
    expect(forecastFor(s, '2025-01-17')).toBeCloseTo(32.4, 12);
  });

  it('never forecasts below zero', () => {
    const s = { ...emptySmoothing(), level: 2, seasonal: [-5, 0, 0, 0, 0, 0, 0], daysObserved: 7 };
    expect(forecastFor(s, '2025-01-12')).toBe(0);
  });
});
