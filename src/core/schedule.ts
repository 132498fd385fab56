// What one deal line should recognize in one month (SPEC §3): cumulative rounding, monthly or by day.
import { addMonthsClamped, firstDayOfMonth, monthOfDay, type MonthIndex } from './dates.js';
import { proportion } from './money.js';
import type { DealLine } from './records.js';

export type Proration = 'monthly' | 'daily';

export interface LineShare {
  /** Minor units this line recognizes in the period. */
  amount: number;
  /** 1-based month of the contract the period is (may be outside 1..scheduleMonths). */
  monthNumber: number;
  /**
   * Calendar months the natural schedule spans: D by month; by day, D + 1 when service starts after
   * the 1st (1 Sep–15 Oct is month 2 of 2, not "month 2 of 1"). 1 for a one-time line.
   */
  scheduleMonths: number;
  /** First and last month the line recognizes anything in. */
  firstMonth: MonthIndex;
  lastMonth: MonthIndex;
}

export function lineShare(line: DealLine, period: MonthIndex, proration: Proration): LineShare {
  return lineShareInto(line, period, proration, {
    amount: 0,
    monthNumber: 0,
    scheduleMonths: 0,
    firstMonth: 0,
    lastMonth: 0,
  });
}

/**
 * lineShare written into `out`: the book calls it once per deal line and reuses one object. A line's
 * months are S..S+D-1, cut at the month of close_date when that comes earlier; by day, service runs
 * to the day before the same day D months later, so it can reach into month S+D.
 */
export function lineShareInto(
  line: DealLine,
  period: MonthIndex,
  proration: Proration,
  out: LineShare,
): LineShare {
  const first = monthOfDay(line.startDate);
  let last = first;
  let natural = first;
  if (line.category !== 'one_time') {
    natural =
      proration === 'daily'
        ? monthOfDay(addMonthsClamped(line.startDate, line.durationMonths) - 1)
        : first + line.durationMonths - 1;
    last = line.closeDate === undefined ? natural : Math.min(natural, monthOfDay(line.closeDate));
  }
  const monthNumber = period - first + 1;
  out.monthNumber = monthNumber;
  out.scheduleMonths = natural - first + 1;
  out.firstMonth = first;
  out.lastMonth = last;
  if (period < first || period > last) out.amount = 0;
  else if (line.category === 'one_time') out.amount = line.contractValue;
  else if (proration === 'daily') out.amount = dailyAmount(line, period);
  else {
    const v = line.contractValue;
    const d = line.durationMonths;
    out.amount = proportion(v, monthNumber, d) - proportion(v, monthNumber - 1, d);
  }
  return out;
}

/**
 * Exact-day proration: service days run from start_date to the day before the same day D months
 * later (clamped to month end), or through close_date when that is earlier.
 */
function dailyAmount(line: DealLine, period: MonthIndex): number {
  const start = line.startDate;
  const endExclusive = addMonthsClamped(start, line.durationMonths);
  const totalDays = endExclusive - start;
  const servedUntil =
    line.closeDate === undefined ? endExclusive : Math.min(endExclusive, line.closeDate + 1);
  const daysServedBefore = (day: number) => Math.max(0, Math.min(day, servedUntil) - start);
  const before = daysServedBefore(firstDayOfMonth(period));
  const through = daysServedBefore(firstDayOfMonth(period + 1));
  return (
    proportion(line.contractValue, through, totalDays) - proportion(line.contractValue, before, totalDays)
  );
}
