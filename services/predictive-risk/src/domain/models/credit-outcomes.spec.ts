import { creditOutcomes, type CreditJudgement } from './credit-outcomes';

const at = (customerId: string, daysPastDue: number, utilisation = 0.5): CreditJudgement => ({
  customerId,
  utilisation,
  daysPastDue,
  formulaRisk: daysPastDue / 60,
});

describe('credit outcomes from later exposure updates', () => {
  const settings = { horizonUpdates: 2, seriousDaysPastDue: 30 };

  it('labels an update once its next two have arrived: seriously past due when one is over 30 days, current when neither is', () => {
    // A: 0, 10, 40, 5, 0 -> 0 true (10, 40), 10 true (40, 5), 40 false (5, 0), 5 and 0 unknown (fewer than 2 later).
    // B: 31, 35 -> unknown, though 35 is already serious: labelling it sooner would favour bad outcomes.
    const history = [at('A', 0), at('B', 31), at('A', 10), at('A', 40), at('B', 35), at('A', 5), at('A', 0)];
    const samples = creditOutcomes(history, settings);
    expect(samples.map((s) => s.outcome)).toEqual([true, true, false]);
    expect(samples.map((s) => s.formulaRisk)).toEqual([0, 10 / 60, 40 / 60]);
    expect(samples[0].features).toEqual([0.5, 0]);
    expect(samples[2].features).toEqual([0.5, 40 / 30]);
  });

  it('counts only the customer’s own later updates, and exactly 30 days is not serious', () => {
    const history = [at('A', 0), at('B', 90), at('B', 90), at('A', 30), at('A', 30)];
    expect(creditOutcomes(history, settings).map((s) => s.outcome)).toEqual([false]);
  });
});
