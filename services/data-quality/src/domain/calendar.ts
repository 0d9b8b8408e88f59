// Day arithmetic on the contract's `YYYY-MM-DD` dates and RFC 3339 timestamps, in UTC, so that
// date rules ("received no earlier than promised - 365 days") compare whole days.
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** Days since 1970-01-01 of the UTC calendar day a timestamp falls on. */
export function dayOfTimestamp(timestamp: string): number {
  return Math.floor(Date.parse(timestamp) / MS_PER_DAY);
}

/** Seconds from `from` to `to` (negative when `to` is earlier). */
export function secondsBetween(from: string | Date, to: string | Date): number {
  return (toMillis(to) - toMillis(from)) / 1_000;
}

function toMillis(value: string | Date): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}
