import { addDays, dateOf, daysBetween } from './calendar';

describe('calendar dates', () => {
  it('adds days across month and leap-year ends', () => {
    expect(addDays('2025-02-27', 2)).toBe('2025-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('counts whole days, negative backwards', () => {
    expect(daysBetween('2025-02-28', '2025-03-03')).toBe(3);
    expect(daysBetween('2025-03-03', '2025-02-28')).toBe(-3);
  });

  it('takes the UTC date of a timestamp with an offset', () => {
    expect(dateOf('2025-03-03T00:30:00+01:00')).toBe('2025-03-02');
    expect(dateOf('2025-03-03T08:15:00Z')).toBe('2025-03-03');
  });
});
