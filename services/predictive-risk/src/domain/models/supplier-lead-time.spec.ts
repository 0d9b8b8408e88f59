import { EMPTY_STATS, type RunningStats } from '../math/welford';
import { effectiveLeadTime, lateRisk, latenessDays, recordLateness } from './supplier-lead-time';

const params = { lateToleranceDays: 1, minSamples: 3, expediteThreshold: 0.5 };
const feed = (values: number[]): RunningStats => values.reduce(recordLateness, EMPTY_STATS);

describe('supplier lead-time risk', () => {
  it('measures lateness in days from the promised to the received date, early negative', () => {
    expect(latenessDays('2025-02-28', '2025-03-03')).toBe(3);
    expect(latenessDays('2025-03-03', '2025-03-01')).toBe(-2);
  });

  it('gives a supplier with lateness 2, 4, 4, 4, 5, 5, 7, 9 its known mean, sd and P(late)', () => {
    // mean 5, sample variance 32/7 = 4.571429, sd 2.138090
    // P(lateness > 1 day) = 1 - Phi((1 - 5) / 2.138090) = Phi(1.870829) = 0.969316
    const risk = lateRisk(feed([2, 4, 4, 4, 5, 5, 7, 9]), params);
    expect(risk.samples).toBe(8);
    expect(risk.meanLatenessDays).toBeCloseTo(5, 12);
    expect(risk.sdLatenessDays).toBeCloseTo(2.13809, 5);
    expect(risk.probabilityLate).toBeCloseTo(0.969316, 5);
    expect(risk.evidence).toBe(1);
  });

  it('judges a single delivery by itself, with evidence 1/3', () => {
    expect(lateRisk(feed([3]), params)).toMatchObject({ probabilityLate: 1, sdLatenessDays: null });
    expect(lateRisk(feed([1]), params).probabilityLate).toBe(0);
    expect(lateRisk(feed([3]), params).evidence).toBeCloseTo(1 / 3, 12);
    expect(lateRisk(EMPTY_STATS, params).probabilityLate).toBe(0);
  });

  it('plans with quoted days + mean lateness and the lateness variance once trusted', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: 7 quoted + 5 late = 12 days, variance 4.571429
    const lead = effectiveLeadTime(7, feed([2, 4, 4, 4, 5, 5, 7, 9]), params);
    expect(lead.days).toBeCloseTo(12, 12);
    expect(lead.varianceDays2).toBeCloseTo(4.571429, 5);
    // Two deliveries are fewer than minSamples (3): the quote alone.
    expect(effectiveLeadTime(7, feed([5, 9]), params)).toEqual({ days: 7, varianceDays2: 0 });
    // An early supplier does not shorten the plan: -2, -1, 0 -> mean -1, variance 1.
    expect(effectiveLeadTime(7, feed([-2, -1, 0]), params)).toEqual({ days: 7, varianceDays2: 1 });
  });
});
