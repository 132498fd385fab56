import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate, parsePeriod } from '../../src/core/dates.js';
import type { DealLine } from '../../src/core/records.js';
import { cumulativeAmount, lineShare, lineToDateInto, serviceEndDay } from '../../src/rules/schedule.js';

const day = (s: string) => parseIsoDate(s)!;
const month = (s: string) => parsePeriod(s)!;

function recurring(value: number, months: number, start: string, close?: string): DealLine {
  return {
    dealId: 'D1',
    lineId: 'L1',
    customerId: '',
    customerName: '',
    segment: 'Unassigned',
    typeKey: 'subscription',
    category: 'recurring',
    contractValue: value,
    currency: 'USD',
    durationMonths: months,
    startDate: day(start),
    closeDate: close === undefined ? undefined : day(close),
  };
}

/** The line's amounts for months 1..n from its first month. */
function amounts(line: DealLine, n: number, proration: 'monthly' | 'daily' = 'monthly'): number[] {
  const first = lineShare(line, 0, proration).firstMonth;
  return Array.from({ length: n }, (_, k) => lineShare(line, first + k, proration).amount);
}

describe('monthly schedule with cumulative rounding', () => {
  it('1000.00 over 3 months is 333.33, 333.34, 333.33', () => {
    // LTD(1) = round(100000/3) = 33333; LTD(2) = round(66666.67) = 66667; LTD(3) = 100000.
    expect(amounts(recurring(100000, 3, '2026-01-10'), 3)).toEqual([33333, 33334, 33333]);
  });

  it('200.00 over 3 months is 66.67, 66.66, 66.67', () => {
    // LTD: 6666.67 -> 6667, 13333.33 -> 13333, 20000.
    expect(amounts(recurring(20000, 3, '2026-01-10'), 3)).toEqual([6667, 6666, 6667]);
  });

  it('0.05 over 10 months puts a cent in every other month', () => {
    // LTD(n) = round(5n/10): 0.5->1, 1, 1.5->2, 2, 2.5->3, 3, 3.5->4, 4, 4.5->5, 5.
    expect(amounts(recurring(5, 10, '2026-01-01'), 10)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('JPY 100,000 over 12 months is 8333, 8334, 8333 in whole yen', () => {
    const jpy = { ...recurring(100000, 12, '2026-01-01'), currency: 'JPY' };
    expect(amounts(jpy, 3)).toEqual([8333, 8334, 8333]);
  });

  it('nothing before the first month or after the last', () => {
    const l = recurring(120000, 12, '2026-03-15');
    expect(lineShare(l, month('2026-02'), 'monthly').amount).toBe(0);
    expect(lineShare(l, month('2027-02'), 'monthly').amount).toBe(10000);
    expect(lineShare(l, month('2027-03'), 'monthly').amount).toBe(0);
  });

  it('close_date in an earlier month ends the line in that month, with no catch-up', () => {
    // 1200.00 over 12 from Jan 15: 100.00 a month; closed Apr 10 -> Jan..Apr only.
    const l = recurring(120000, 12, '2026-01-15', '2026-04-10');
    expect(amounts(l, 5)).toEqual([10000, 10000, 10000, 10000, 0]);
    expect(lineShare(l, month('2026-04'), 'monthly').monthNumber).toBe(4);
  });

  it('a one-time line recognizes everything in its start month', () => {
    const l: DealLine = { ...recurring(500000, 1, '2026-10-20'), category: 'one_time' };
    expect(lineShare(l, month('2026-10'), 'monthly').amount).toBe(500000);
    expect(lineShare(l, month('2026-11'), 'monthly').amount).toBe(0);
  });
});

describe('daily proration', () => {
  it('splits by service days: 3100.00 for one month from Oct 16 is 1600.00 + 1500.00', () => {
    // Service days Oct 16 .. Nov 15 = 31; October has 16 of them: 310000*16/31 = 160000.
    const l = recurring(310000, 1, '2026-10-16');
    expect(lineShare(l, month('2026-10'), 'daily').amount).toBe(160000);
    expect(lineShare(l, month('2026-11'), 'daily').amount).toBe(150000);
    // Two calendar months of schedule (Oct and Nov), where by month the same line has one.
    expect(lineShare(l, month('2026-11'), 'daily')).toMatchObject({ monthNumber: 2, scheduleMonths: 2 });
    expect(lineShare(l, month('2026-10'), 'monthly')).toMatchObject({ monthNumber: 1, scheduleMonths: 1 });
    expect(lineShare(recurring(120000, 12, '2026-10-01'), month('2026-10'), 'daily').scheduleMonths).toBe(12);
  });

  it('stops at close_date: 5 of 31 days served is 500.00', () => {
    const l = recurring(310000, 1, '2026-10-16', '2026-10-20');
    expect(lineShare(l, month('2026-10'), 'daily').amount).toBe(50000);
    expect(lineShare(l, month('2026-11'), 'daily').amount).toBe(0);
  });

  it('ends the day before the same day D months later, clamped: Jan 31 + 1 month serves 28 days', () => {
    // Jan 31 .. Feb 27: 1 day in January (100.00 of 2800.00), 27 in February.
    const l = recurring(280000, 1, '2026-01-31');
    expect(lineShare(l, month('2026-01'), 'daily').amount).toBe(10000);
    expect(lineShare(l, month('2026-02'), 'daily').amount).toBe(270000);
    expect(lineShare(l, month('2026-03'), 'daily').amount).toBe(0);
  });
});

describe('schedule properties', () => {
  const arbLine = fc.record({
    value: fc.integer({ min: 0, max: 1_000_000_000_000 }),
    months: fc.integer({ min: 1, max: 120 }),
    startDay: fc.integer({ min: day('2020-01-01'), max: day('2030-12-31') }),
  });

  it('monthly amounts sum to the contract value exactly and are never negative', () => {
    fc.assert(
      fc.property(arbLine, ({ value, months, startDay }) => {
        const l = { ...recurring(value, months, '2026-01-01'), startDate: startDay };
        const all = amounts(l, months);
        expect(all.every((a) => a >= 0)).toBe(true);
        expect(all.reduce((s, a) => s + a, 0)).toBe(value);
      }),
    );
  });

  it('daily amounts sum to the contract value exactly and are never negative', () => {
    fc.assert(
      fc.property(arbLine, ({ value, months, startDay }) => {
        const l = { ...recurring(value, months, '2026-01-01'), startDate: startDay };
        const all = amounts(l, months + 1, 'daily');
        expect(all.every((a) => a >= 0)).toBe(true);
        expect(all.reduce((s, a) => s + a, 0)).toBe(value);
      }),
      { numRuns: 200 },
    );
  });
});

describe('life to date of one line, worked out in one pass (lineToDateInto)', () => {
  const arbToDate = fc.record({
    value: fc.integer({ min: 0, max: 1_000_000_000_000 }),
    months: fc.integer({ min: 1, max: 120 }),
    startDay: fc.integer({ min: day('2020-01-01'), max: day('2030-12-31') }),
    closeAfterDays: fc.option(fc.integer({ min: 0, max: 4000 })),
    oneTime: fc.boolean(),
    proration: fc.constantFrom('monthly' as const, 'daily' as const),
    period: fc.integer({ min: month('2019-06'), max: month('2031-06') }),
  });

  it('is cumulativeAmount through P and P-1 and serviceEndDay, for every kind of line', () => {
    const out = { through: -1, before: -1, endDay: -1 as number | undefined };
    fc.assert(
      fc.property(arbToDate, (c) => {
        const base = recurring(c.value, c.months, '2026-01-01');
        const line: DealLine = {
          ...base,
          category: c.oneTime ? 'one_time' : 'recurring',
          startDate: c.startDay,
          closeDate: c.closeAfterDays === null ? undefined : c.startDay + c.closeAfterDays,
        };
        lineToDateInto(line, c.period, c.proration, out);
        expect(out).toEqual({
          through: cumulativeAmount(line, c.period, c.proration),
          before: cumulativeAmount(line, c.period - 1, c.proration),
          endDay: serviceEndDay(line, c.proration),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('1,000.00 over 3 months from 2026-08 stands at 666.67 in October and 333.33 in September', () => {
    // LTD(n) = round(100000 * n / 3): n = 2 → 66667, n = 1 → 33333; the natural end is 31 Oct.
    const out = { through: 0, before: 0, endDay: undefined as number | undefined };
    lineToDateInto(recurring(100000, 3, '2026-08-10'), month('2026-09'), 'monthly', out);
    expect(out).toEqual({ through: 66667, before: 33333, endDay: day('2026-10-31') });
  });
});
