import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatMinor,
  formatMinorReadable,
  isIsoCurrency,
  parseMoney,
  proportion,
} from '../../src/core/money.js';

describe('money', () => {
  it('knows ISO 4217 digits', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('BHD')).toBe(3);
    // ISO 4217, not CLDR (Intl says 0 for these): SPEC §2 asks for ISO digits.
    expect(['IDR', 'HUF', 'COP', 'PKR', 'IQD', 'CLF', 'UYW'].map(currencyDigits)).toEqual([
      2, 2, 2, 2, 3, 4, 4,
    ]);
    expect(isIsoCurrency('CLF')).toBe(true);
    expect(isIsoCurrency('CHE')).toBe(true);
    expect(isIsoCurrency('USD')).toBe(true);
    expect(isIsoCurrency('XYZ')).toBe(false);
    expect(isIsoCurrency('usd')).toBe(false);
  });

  it('parses decimal text exactly into minor units', () => {
    expect(parseMoney('1234.5', 2)).toEqual({ ok: true, minor: 123450, rounded: false });
    expect(parseMoney('-0.05', 2)).toEqual({ ok: true, minor: -5, rounded: false });
    expect(parseMoney('1000.0000', 2)).toEqual({ ok: true, minor: 100000, rounded: false });
    expect(parseMoney('.5', 2)).toEqual({ ok: true, minor: 50, rounded: false });
    expect(parseMoney('+7', 0)).toEqual({ ok: true, minor: 7, rounded: false });
    // 0.1 + 0.2 in floats is 0.30000000000000004; in minor units it is exactly 30.
    const a = parseMoney('0.1', 2);
    const b = parseMoney('0.2', 2);
    expect(a.ok && b.ok && a.minor + b.minor).toBe(30);
  });

  it('rounds extra non-zero digits half-up and says so', () => {
    expect(parseMoney('1000.005', 2)).toEqual({ ok: true, minor: 100001, rounded: true });
    expect(parseMoney('1000.004', 2)).toEqual({ ok: true, minor: 100000, rounded: true });
    expect(parseMoney('-2.345', 2)).toEqual({ ok: true, minor: -235, rounded: true });
    expect(parseMoney('1500.5', 0)).toEqual({ ok: true, minor: 1501, rounded: true });
  });

  it('rejects what is not a plain decimal', () => {
    for (const bad of ['', 'abc', '12,00', '1e5', '1.2.3', '$5', '-', '.'])
      expect(parseMoney(bad, 2).ok).toBe(false);
    expect(parseMoney('99999999999999999999', 2).ok).toBe(false);
  });

  it('formats plain and readable amounts', () => {
    expect(formatMinor(-5, 2)).toBe('-0.05');
    expect(formatMinor(123450, 2)).toBe('1234.50');
    expect(formatMinor(1500, 0)).toBe('1500');
    expect(formatMinor(0, 3)).toBe('0.000');
    expect(formatMinorReadable(123456789, 2)).toBe('1,234,567.89');
    expect(formatMinorReadable(-100000, 2)).toBe('-1,000.00');
    expect(formatMinorReadable(5, 3)).toBe('0.005');
    expect(formatMinorReadable(-99999, 0)).toBe('-99,999');
  });

  it('groups the thousands of any safe amount in any digits as en-US does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 4 }),
        (minor, digits) => {
          const abs = BigInt(Math.abs(minor));
          const scale = 10n ** BigInt(digits);
          const whole = (abs / scale).toLocaleString('en-US');
          const frac = (abs % scale).toString().padStart(digits, '0');
          const body = digits === 0 ? whole : `${whole}.${frac}`;
          expect(formatMinorReadable(minor, digits)).toBe(minor < 0 ? `-${body}` : body);
        },
      ),
    );
  });

  it('rounds proportions half-up exactly, also beyond 2^53', () => {
    expect(proportion(100000, 1, 3)).toBe(33333); // 33333.33
    expect(proportion(100000, 2, 3)).toBe(66667); // 66666.67
    expect(proportion(5, 1, 10)).toBe(1); // 0.5 rounds up
    expect(proportion(9_000_000_000_000_000, 1, 3)).toBe(3_000_000_000_000_000);
    // V*n is safe but 2*V*n + D is not: the plain-number path would round 2^53 - 1 up to 2^53.
    expect(proportion(Number.MAX_SAFE_INTEGER, 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    // (2^53 - 1) * 2 / 3 = 6004799503160660.67, rounds to ...661.
    expect(proportion(Number.MAX_SAFE_INTEGER, 2, 3)).toBe(6_004_799_503_160_661);
    expect(proportion(Number.MAX_SAFE_INTEGER - 1, 1, 2)).toBe(4_503_599_627_370_495);
  });
});
