// Date and timestamp formats of the public contract (section 1), as plain predicates so that the
// validation decorators, the tests and any service can share one definition.

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 section 5.6 `date-time`: the offset is mandatory, which is what makes a timestamp
// comparable across source systems in different time zones.
const RFC3339_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids local DST surprises.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD` naming a day that exists (no 2023-02-29, no month 13). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** An RFC 3339 `date-time` with a real date, a valid time of day and an explicit offset. */
export function isRfc3339Timestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = RFC3339_TIMESTAMP.exec(value);
  if (!match || !isCalendarDate(match[1])) return false;
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  // 60 is a leap second, which RFC 3339 allows.
  const second = Number(match[4]);
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (match[7] === undefined) return true;
  return Number(match[8]) <= 23 && Number(match[9]) <= 59;
}
