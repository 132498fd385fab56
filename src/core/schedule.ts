// What one deal line should recognize in one month (SPEC §3): cumulative rounding, monthly or by day.
import { addMonthsClamped, firstDayOfMonth, monthOfDay, type MonthIndex } from './dates.js';
import { proportion } from './money.js';
import type { DealLine } from './records.js';

export type Proration = 'monthly' | 'daily';

export interface LineShare {
  /** Minor units this line recognizes in the period. */
  amount: number;
  /** 1-based month of the contract the period is (may be outside 1..duration). */
  monthNumber: number;
  /** First and last month the line recognizes anything in. */
  firstMonth: MonthIndex;
  lastMonth: MonthIndex;
}

/**
 * Months S..S+D-1, cut at the month of close_date when that comes earlier. By day, service runs to
 * the day before the same day D months later, so it can reach into month S+D.
 */
export function serviceMonths(line: DealLine, proration: Proration = 'monthly'): { first: MonthIndex; last: MonthIndex } {
  const first = monthOfDay(line.startDate);
  if (line.category === 'one_time') return { first, last: first };
  const natural = proration === 'daily' ? monthOfDay(addMonthsClamped(line.startDate, line.durationMonths) - 1) : first + line.durationMonths - 1;
  const closed = line.closeDate === undefined ? natural : monthOfDay(line.closeDate);
  return { first, last: Math.min(natural, closed) };
}

export function lineShare(line: DealLine, period: MonthIndex, proration: Proration): LineShare {
  const { first, last } = serviceMonths(line, proration);
  const monthNumber = period - first + 1;
  const base = { monthNumber, firstMonth: first, lastMonth: last };
  if (period < first || period > last) return { ...base, amount: 0 };
  if (line.category === 'one_time') return { ...base, amount: line.contractValue };
  if (proration === 'daily') return { ...base, amount: dailyAmount(line, period) };
  const v = line.contractValue;
  const d = line.durationMonths;
  return { ...base, amount: proportion(v, monthNumber, d) - proportion(v, monthNumber - 1, d) };
}

/**
 * Exact-day proration: service days run from start_date to the day before the same day D months
 * later (clamped to month end), or through close_date when that is earlier.
 */
function dailyAmount(line: DealLine, period: MonthIndex): number {
  const start = line.startDate;
  const endExclusive = addMonthsClamped(start, line.durationMonths);
  const totalDays = endExclusive - start;
  const servedUntil = line.closeDate === undefined ? endExclusive : Math.min(endExclusive, line.closeDate + 1);
  const daysServedBefore = (day: number) => Math.max(0, Math.min(day, servedUntil) - start);
  const before = daysServedBefore(firstDayOfMonth(period));
  const through = daysServedBefore(firstDayOfMonth(period + 1));
  return proportion(line.contractValue, through, totalDays) - proportion(line.contractValue, before, totalDays);
}
