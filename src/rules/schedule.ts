// What one deal line should recognize in one month (docs/rules.md §2): cumulative rounding, monthly or by day.
import { addMonthsClamped, firstDayOfMonth, monthOfDay, type MonthIndex } from '../core/dates.js';
import { proportion } from '../core/money.js';
import type { DealLine } from '../core/records.js';

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
    last = cutAtCloseMonth(line, natural);
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
  return dailyCumulative(line, period) - dailyCumulative(line, period - 1);
}

/** By day: V * (days served through the month's last day) / (days of the natural term), half-up. */
function dailyCumulative(line: DealLine, through: MonthIndex): number {
  return dailyCumulativeIn(line, dailyTerm(line), through);
}

/** A line's service by day: from start_date up to (not including) `servedUntil`, over a natural term of `totalDays`. */
interface DailyTerm {
  endExclusive: number;
  totalDays: number;
  servedUntil: number;
}

/** Service runs to the day before the same day D months later (clamped to month end), or through close_date when that is earlier. */
function dailyTerm(line: DealLine): DailyTerm {
  const endExclusive = addMonthsClamped(line.startDate, line.durationMonths);
  const servedUntil =
    line.closeDate === undefined ? endExclusive : Math.min(endExclusive, line.closeDate + 1);
  return { endExclusive, totalDays: endExclusive - line.startDate, servedUntil };
}

function dailyCumulativeIn(line: DealLine, term: DailyTerm, through: MonthIndex): number {
  const days = Math.max(0, Math.min(firstDayOfMonth(through + 1), term.servedUntil) - line.startDate);
  return proportion(line.contractValue, days, term.totalDays);
}

/**
 * The life-to-date amount of docs/rules.md §2 through month M: what the line's months up to M add up to, the
 * same cumulative rounding lineShare's monthly amounts are differences of (V*n/D half-up, n = the
 * line's months through M, none after close_date; a one-time line's V from its month on).
 */
export function cumulativeAmount(line: DealLine, through: MonthIndex, proration: Proration): number {
  const first = monthOfDay(line.startDate);
  return cumulativeIn(line, first, lastMonthlyMonth(line, first), dailyTermOf(line, proration), through);
}

/**
 * cumulativeAmount once the line's first month, its last month by month and its term by day
 * (undefined by month and for a one-time line) are known: what lineToDateInto asks twice per line.
 */
function cumulativeIn(
  line: DealLine,
  first: MonthIndex,
  last: MonthIndex,
  term: DailyTerm | undefined,
  through: MonthIndex,
): number {
  if (through < first) return 0;
  if (line.category === 'one_time') return line.contractValue;
  if (term) return dailyCumulativeIn(line, term, through);
  return monthlyCumulative(line, first, last, through);
}

/** By day, a recurring line's term; undefined by month or for a one-time line. */
function dailyTermOf(line: DealLine, proration: Proration): DailyTerm | undefined {
  return proration === 'daily' && line.category !== 'one_time' ? dailyTerm(line) : undefined;
}

/** By month: V * n / D half-up, n = the line's months first..last through M. */
function monthlyCumulative(line: DealLine, first: MonthIndex, last: MonthIndex, through: MonthIndex): number {
  const months = Math.max(0, Math.min(through, last) - first + 1);
  return proportion(line.contractValue, months, line.durationMonths);
}

/** By month, the line's last month: S+D-1, or the month of close_date when that is earlier. */
function lastMonthlyMonth(line: DealLine, first: MonthIndex): MonthIndex {
  return cutAtCloseMonth(line, first + line.durationMonths - 1);
}

/** The line's natural last month, or the month of its close_date when that is earlier. */
function cutAtCloseMonth(line: DealLine, natural: MonthIndex): MonthIndex {
  return line.closeDate === undefined ? natural : Math.min(natural, monthOfDay(line.closeDate));
}

/** What the life-to-date book takes from one line: cumulativeAmount through P and P-1, and serviceEndDay. */
export interface LineToDate {
  through: number;
  before: number;
  /** Undefined for a one-time line. */
  endDay: number | undefined;
}

/**
 * cumulativeAmount(line, P) and (line, P-1) and serviceEndDay(line), written into `out` and worked
 * out together: the line's months and days are found once, not once per figure (a million lines).
 */
export function lineToDateInto(
  line: DealLine,
  period: MonthIndex,
  proration: Proration,
  out: LineToDate,
): LineToDate {
  const first = monthOfDay(line.startDate);
  const last = lastMonthlyMonth(line, first);
  const term = dailyTermOf(line, proration);
  out.through = cumulativeIn(line, first, last, term, period);
  out.before = cumulativeIn(line, first, last, term, period - 1);
  out.endDay = endDayIn(line, first, term);
  return out;
}

/**
 * The line's last day of service: close_date when it ends early, else the natural end (by month, the
 * last day of month S+D-1; by day, the day before the same day D months later). Undefined for a
 * one-time line.
 */
export function serviceEndDay(line: DealLine, proration: Proration): number | undefined {
  return endDayIn(line, monthOfDay(line.startDate), dailyTermOf(line, proration));
}

/** serviceEndDay once the line's first month and its term by day (dailyTermOf) are known. */
function endDayIn(line: DealLine, first: MonthIndex, term: DailyTerm | undefined): number | undefined {
  if (line.category === 'one_time') return undefined;
  return term ? dailyEndDay(line, term) : monthlyEndDay(line, first);
}

function dailyEndDay(line: DealLine, term: DailyTerm): number {
  const natural = term.endExclusive - 1;
  return line.closeDate === undefined ? natural : Math.min(natural, line.closeDate);
}

/** By month, the natural end is the last day of month S+D-1. */
function monthlyEndDay(line: DealLine, first: MonthIndex): number {
  const natural = firstDayOfMonth(first + line.durationMonths) - 1;
  return line.closeDate === undefined ? natural : Math.min(natural, line.closeDate);
}
