// The date and timestamp formats of docs/contract.md section 1.
import { isCalendarDate, isRfc3339Timestamp } from './formats';

describe('isCalendarDate', () => {
  it.each(['2025-03-03', '2024-02-29', '2000-02-29', '1999-12-31'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-3-3',
    '20250303',
    '2025-03-03T00:00:00Z',
    ' 2025-03-03',
    20250303,
    null,
  ])('refuses %p', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('isRfc3339Timestamp', () => {
  it.each([
    '2025-03-03T08:15:00Z',
    '2025-03-03T08:15:00.123456Z',
    '2025-03-03t08:15:00z',
    '2025-03-03T08:15:00+05:30',
    '2016-12-31T23:59:60Z',
  ])('accepts %s', (value) => {
    expect(isRfc3339Timestamp(value)).toBe(true);
  });

  it.each([
    '2025-03-03T08:15:00',
    '2025-03-03 08:15:00Z',
    '2025-03-03',
    '2025-02-30T08:15:00Z',
    '2025-03-03T24:00:00Z',
    '2025-03-03T08:60:00Z',
    '2025-03-03T08:15:00+24:00',
    '2025-03-03T08:15Z',
    '2025-03-03T08:15:00.Z',
    1741000000000,
  ])('refuses %p', (value) => {
    expect(isRfc3339Timestamp(value)).toBe(false);
  });
});
