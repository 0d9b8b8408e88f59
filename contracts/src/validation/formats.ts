// Date and timestamp formats of the public contract (section 1), as plain predicates so that the
// validation decorators, the generated JSON Schemas, the validators compiled from them, the tests
// and any service share one definition.

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

/** A string whose UTF-8 encoding fits in `maxBytes`: Kafka limits bytes, not characters. */
export function fitsUtf8Bytes(value: unknown, maxBytes: number): boolean {
  return typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= maxBytes;
}

/**
 * The names the generated JSON Schemas give these rules. `date` and `date-time` are JSON Schema's
 * own formats, which the compiled validators check with the predicates above. JSON Schema has no
 * word for a byte limit, so it is a vendor keyword, which other validators ignore.
 */
export const SchemaFormats = {
  CalendarDate: 'date',
  Rfc3339Timestamp: 'date-time',
} as const;
export const MAX_UTF8_BYTES_KEYWORD = 'x-maxUtf8Bytes';
