// Numbers become Cedar decimals with four places, rounded in the direction that can only make a
// policy stricter, on the number's shortest decimal text (never its binary expansion).
import { cedarDecimal } from './cedar-values';

const arg = (value: number, rounding: 'floor' | 'ceil') => cedarDecimal(value, rounding).__extn.arg;

describe('cedarDecimal', () => {
  it('keeps values that already have at most four places exactly', () => {
    expect(arg(0.9, 'floor')).toBe('0.9000');
    expect(arg(0.8999, 'floor')).toBe('0.8999');
    expect(arg(0.29, 'floor')).toBe('0.2900');
    expect(arg(0.29, 'ceil')).toBe('0.2900');
    expect(arg(5000, 'ceil')).toBe('5000.0000');
    expect(arg(5000.01, 'ceil')).toBe('5000.0100');
    expect(arg(1, 'floor')).toBe('1.0000');
    expect(arg(0, 'floor')).toBe('0.0000');
  });

  it('rounds confidence-like values down and amount-like values up beyond four places', () => {
    expect(arg(0.89999, 'floor')).toBe('0.8999');
    expect(arg(0.89999, 'ceil')).toBe('0.9000');
    expect(arg(5000.00001, 'ceil')).toBe('5000.0001');
    expect(arg(5000.00001, 'floor')).toBe('5000.0000');
    expect(arg(1e-7, 'floor')).toBe('0.0000');
    expect(arg(1e-7, 'ceil')).toBe('0.0001');
  });

  it('handles negative values and clamps to the range of Cedar decimals', () => {
    expect(arg(-1.23456, 'floor')).toBe('-1.2346');
    expect(arg(-1.23456, 'ceil')).toBe('-1.2345');
    expect(arg(1e21, 'ceil')).toBe('922337203685477.5807');
    expect(() => cedarDecimal(Number.NaN, 'floor')).toThrow(RangeError);
  });
});
