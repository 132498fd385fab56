// Life-to-date rules of docs/rules.md §7 as plain functions over plain facts: open or clear, to_date, change, age, explanations.
import { formatEpochDay, formatPeriod, MONTH_NAMES, type MonthIndex } from '../core/dates.js';
import type { EngineRules } from '../core/engine-settings.js';
import { formatMinorReadable } from '../core/money.js';
import type { Status } from '../core/status.js';
import { toleranceAmount, withinTolerance } from './tolerance.js';

export type ToDate = 'timing' | 'open';
export type Change = 'new' | 'continuing';
export const AGE_BUCKETS = ['1', '2-3', '4-6', '7-12', '13+', 'undated'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** A key's life-to-date position at one month M. */
export interface LtdPosition {
  expected: number;
  recognized: number;
  /** recognized - expected. */
  variance: number;
  /** The LTD tolerance shown: rounded half-up to the minor unit. */
  tolerance: number;
  /** abs(variance) > tolerance, compared exactly. */
  open: boolean;
}

/** `ltd`: the rules with the LTD tolerance (ltdRules). */
export function ltdPosition(
  expected: number,
  recognized: number,
  ltd: EngineRules,
  digits: number,
): LtdPosition {
  const variance = recognized - expected;
  return {
    expected,
    recognized,
    variance,
    tolerance: toleranceAmount(expected, ltd, digits),
    open: isLtdOpen(expected, recognized, ltd, digits),
  };
}

/** ltdPosition(...).open without the position: whether the key is open to date at that month. */
export function isLtdOpen(expected: number, recognized: number, ltd: EngineRules, digits: number): boolean {
  return !withinTolerance(recognized - expected, expected, ltd, digits);
}

export function toDateOf(atPeriod: Pick<LtdPosition, 'open'>): ToDate {
  return atPeriod.open ? 'open' : 'timing';
}

export function changeOf(atPrevious: Pick<LtdPosition, 'open'>): Change {
  return atPrevious.open ? 'continuing' : 'new';
}

/** Months from open_since to P, both included. */
export function ageMonths(openSince: MonthIndex, period: MonthIndex): number {
  return period - openSince + 1;
}

export function ageBucket(age: number | undefined): AgeBucket {
  if (age === undefined) return 'undated';
  if (age <= 1) return '1';
  if (age <= 3) return '2-3';
  if (age <= 6) return '4-6';
  if (age <= 12) return '7-12';
  return '13+';
}

export function monthName(month: MonthIndex): string {
  return MONTH_NAMES[((month % 12) + 12) % 12]!;
}

/**
 * The clause a discrepancy's explanation gains with history: clear to date, the month's gap offsets
 * earlier months (an excess catches up, a shortfall follows an early recognition); open, the gap to date.
 */
export function toDateClause(monthVariance: number, atPeriod: LtdPosition, digits: number): string {
  const fmt = (minor: number) => formatMinorReadable(minor, digits);
  if (!atPeriod.open) {
    if (monthVariance > 0) return '; even to date: catches up earlier months';
    if (monthVariance < 0) return '; even to date: recognized early';
    return '; even to date';
  }
  return atPeriod.variance < 0
    ? `; short ${fmt(-atPeriod.variance)} to date`
    : `; over ${fmt(atPeriod.variance)} to date`;
}

/** What an open item's explanation is built from. */
export interface OpenItemFacts {
  period: MonthIndex;
  variance: number;
  digits: number;
  openSince?: MonthIndex;
  /** The section 4 status in P, undefined when the key is not classified in P. */
  monthStatus?: Status;
  monthExpected: number;
  monthRecognized: number;
  /** The section 4 explanation in P ('' when matched or not classified). */
  monthExplanation: string;
  /** False for a type the deal never booked. */
  booked: boolean;
  typeName: string;
  dealId: string;
  /** The key's last day of service when P is after it (the contract has ended), else undefined. */
  endedOn?: number;
  /** A one-time key's last month with revenue due, when P is after it; else undefined. */
  oneTimeDueBy?: MonthIndex;
}

/** "short 1,000.00 to date since 2026-09: nothing recognized in October". */
export function openItemExplanation(f: OpenItemFacts): string {
  const fmt = (minor: number) => formatMinorReadable(minor, f.digits);
  const gap =
    f.variance < 0 ? `short ${fmt(-f.variance)} to date` : `over-recognized ${fmt(f.variance)} to date`;
  const since = f.openSince === undefined ? '' : ` since ${formatPeriod(f.openSince)}`;
  return `${gap}${since}: ${openReason(f, fmt)}`;
}

function openReason(f: OpenItemFacts, fmt: (minor: number) => string): string {
  const month = monthName(f.period);
  if (!f.booked) return `${f.typeName} was never booked on deal ${f.dealId}`;
  if (f.endedOn !== undefined) return `service ended ${formatEpochDay(f.endedOn)}`;
  switch (f.monthStatus) {
    case undefined:
      // A one-time line whose month has passed: say when it was due, not only that P is quiet.
      return f.oneTimeDueBy === undefined
        ? `nothing expected or recognized in ${month}`
        : `one-time revenue due by ${formatPeriod(f.oneTimeDueBy)}, nothing recognized in ${month}`;
    case 'missing':
      return `nothing recognized in ${month}`;
    case 'matched':
      return `matched in ${month}; the gaps of earlier months remain`;
    case 'under':
      return `recognized ${fmt(f.monthRecognized)} of ${fmt(f.monthExpected)} expected in ${month}`;
    case 'over':
    case 'duplicate':
      return `recognized ${fmt(f.monthRecognized)} against ${fmt(f.monthExpected)} expected in ${month}`;
    case 'unexpected':
      return `recognized ${fmt(f.monthRecognized)} in ${month} with nothing expected`;
    default:
      return `${f.monthExplanation} in ${month}`;
  }
}

/**
 * "recovered 2,000.00: the shortfall since 2026-08 is closed"; an excess reversed says so. A key can
 * also close with part of its gap left, inside a to-date tolerance that grew with the schedule: the
 * explanation then says how much was made up (or that nothing was) and what is left.
 */
export function closedItemExplanation(
  previousVariance: number,
  variance: number,
  digits: number,
  openSince?: MonthIndex,
): string {
  const fmt = (minor: number) => formatMinorReadable(minor, digits);
  const since = openSince === undefined ? '' : ` since ${formatPeriod(openSince)}`;
  const shortfall = previousVariance < 0;
  const gap = shortfall ? `the shortfall${since}` : `the excess${since}`;
  const verb = shortfall ? 'recovered' : 'reversed';
  // What is left on the same side as the gap was (none once the variance reached or crossed zero).
  const left = shortfall ? Math.max(0, -variance) : Math.max(0, variance);
  const gapSize = Math.abs(previousVariance);
  if (left === 0) return `${verb} ${fmt(gapSize)}: ${gap} is closed`;
  const side = shortfall ? 'short' : 'over';
  const within = `${fmt(left)} ${side} to date is within the tolerance now`;
  if (left >= gapSize) return `nothing ${verb}: ${gap} is closed, as ${within}`;
  return `${verb} ${fmt(gapSize - left)}: ${gap} is closed, ${within}`;
}
