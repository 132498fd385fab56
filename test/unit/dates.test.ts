import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  firstDayOfMonth,
  formatEpochDay,
  formatPeriod,
  parseIsoDate,
  parseMonthOrDate,
  parsePeriod,
} from '../../src/core/dates.js';

describe('calendar dates', () => {
  it('parses real dates only', () => {
    expect(formatEpochDay(parseIsoDate('2024-02-29')!)).toBe('2024-02-29');
    expect(parseIsoDate('2026-02-29')).toBeUndefined();
    expect(parseIsoDate('2026-13-01')).toBeUndefined();
    expect(parseIsoDate('10/01/2026')).toBeUndefined();
    expect(formatEpochDay(parseIsoDate('2026-10-31T23:59:59')!)).toBe('2026-10-31');
    expect(formatEpochDay(parseIsoDate('2026-10-31 00:00:00.000')!)).toBe('2026-10-31');
  });

  it('reads a recognition period as a month or any date in it', () => {
    const october = parsePeriod('2026-10')!;
    expect(parseMonthOrDate('2026-10')).toBe(october);
    expect(parseMonthOrDate('2026-10-01')).toBe(october);
    expect(parseMonthOrDate('2026-10-31')).toBe(october);
    expect(parseMonthOrDate('2026-11-01')).toBe(october + 1);
    expect(parseMonthOrDate('2026-00')).toBeUndefined();
    expect(formatPeriod(october)).toBe('2026-10');
    // Years from 1000: year 0000 is no accounting month.
    expect([parsePeriod('0000-10'), parsePeriod('0999-12'), parsePeriod(' 0999-12')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(formatPeriod(parsePeriod('1000-01')!)).toBe('1000-01');
  });

  it('adds months clamped to the month end', () => {
    expect(formatEpochDay(addMonthsClamped(parseIsoDate('2026-01-31')!, 1))).toBe('2026-02-28');
    expect(formatEpochDay(addMonthsClamped(parseIsoDate('2024-01-31')!, 1))).toBe('2024-02-29');
    expect(formatEpochDay(addMonthsClamped(parseIsoDate('2026-10-16')!, 14))).toBe('2027-12-16');
  });

  it('does not depend on the local time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(formatEpochDay(parseIsoDate('2026-10-01')!)).toBe('2026-10-01');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('firstDayOfMonth', () => {
  it('is the epoch day Date.UTC gives for the 1st, from year 100 past the range of Date', () => {
    // 2026-10-01 is day 20,727 since 1970-01-01; the arithmetic path and Date.UTC's must agree everywhere.
    expect(firstDayOfMonth(parsePeriod('2026-10')!)).toBe(20_727);
    fc.assert(
      fc.property(fc.integer({ min: 12 * 100, max: 12 * 300_000 }), (m) => {
        const year = Math.floor(m / 12);
        expect(firstDayOfMonth(m)).toBe(Date.UTC(year, m - year * 12, 1) / 86_400_000);
      }),
      { numRuns: 2000 },
    );
  });
});
