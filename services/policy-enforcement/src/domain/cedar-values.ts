// Cedar's JSON value forms as plain types, and the conversion of JavaScript numbers to Cedar
// `decimal`s. Cedar's Long has no fractions, so confidence, data quality and amounts are decimals
// with four places; the rounding direction is always the one that can only make a policy stricter.

/** A `decimal` extension value in Cedar's JSON form. */
export interface CedarDecimal {
  __extn: { fn: 'decimal'; arg: string };
}

export type CedarValue =
  string | number | boolean | CedarDecimal | CedarValue[] | { [key: string]: CedarValue };

export interface EntityRef {
  type: string;
  id: string;
}

const PLACES = 4;
const SCALE = 10n ** BigInt(PLACES);
// Cedar decimals are 64-bit integers scaled by 10^4.
const MAX_SCALED = 2n ** 63n - 1n;

/**
 * The decimal nearest `value` in the given direction, with four places. `floor` suits values
 * policies require to be at least something (confidence, data quality): 0.89999 becomes 0.8999 and
 * stays below 0.9. `ceil` suits values policies cap (amounts): 5000.00001 becomes 5000.0001 and
 * stays above 5000. Values beyond Cedar's range are clamped to it.
 */
export function cedarDecimal(value: number, rounding: 'floor' | 'ceil'): CedarDecimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const scaled = clamp(scaleExactly(value, rounding));
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(PLACES + 1, '0');
  const arg = `${negative ? '-' : ''}${digits.slice(0, -PLACES)}.${digits.slice(-PLACES)}`;
  return { __extn: { fn: 'decimal', arg } };
}

/** The number a decimal stands for (for reports and tests). */
export function decimalValue(decimal: CedarDecimal): number {
  return Number(decimal.__extn.arg);
}

/**
 * value x 10^4 rounded in `rounding`'s direction, computed on the shortest decimal text of the
 * number (what `String(0.29)` prints), not its binary expansion, so 0.29 stays exactly 0.2900.
 */
function scaleExactly(value: number, rounding: 'floor' | 'ceil'): bigint {
  const { integer, fraction, negative } = decimalDigits(value);
  const kept = fraction.slice(0, PLACES).padEnd(PLACES, '0');
  const dropped = fraction.slice(PLACES);
  let scaled = BigInt(integer) * SCALE + BigInt(kept);
  const inexact = /[1-9]/.test(dropped);
  // Rounding the magnitude up when the signed value must go up (ceil of a positive, floor of a negative).
  if (inexact && (rounding === 'ceil') !== negative) scaled += 1n;
  return negative ? -scaled : scaled;
}

function decimalDigits(value: number): { integer: string; fraction: string; negative: boolean } {
  const negative = value < 0;
  const text = Math.abs(value).toString();
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) throw new RangeError(`unexpected number text: ${text}`);
  const [, intPart, fracPart = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  // Shift the decimal point by the exponent over the digit string.
  const digits = intPart + fracPart;
  const point = intPart.length + exponent;
  if (point <= 0) return { integer: '0', fraction: '0'.repeat(-point) + digits, negative };
  if (point >= digits.length)
    return { integer: digits + '0'.repeat(point - digits.length), fraction: '', negative };
  return { integer: digits.slice(0, point), fraction: digits.slice(point), negative };
}

function clamp(scaled: bigint): bigint {
  if (scaled > MAX_SCALED) return MAX_SCALED;
  if (scaled < -MAX_SCALED - 1n) return -MAX_SCALED - 1n;
  return scaled;
}
