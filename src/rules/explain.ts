// One-line explanations a person understands, built from a classified row's facts.
import { formatPeriod, type MonthIndex } from '../core/dates.js';
import { formatMinorReadable } from '../core/money.js';
import type { KeyStatus } from './status-precedence.js';
import type { DuplicateFinding } from './duplicates.js';
import type { ExpectedKey } from './facts.js';

export interface MoneyFormatter {
  (minor: number): string;
}

export function moneyFormatter(digits: number): MoneyFormatter {
  return (minor) => formatMinorReadable(minor, digits);
}

export interface ScheduleContext {
  category: 'recurring' | 'one_time';
  lineCount: number;
  activeLines: number;
  monthNumber?: number;
  scheduleMonths?: number;
}

/** "(month 4 of 12)", "(one-time)", "(3 lines)". */
export function scheduleNote(ctx: ScheduleContext | undefined): string {
  if (!ctx) return '';
  if (ctx.activeLines > 1) return ` (${ctx.activeLines} lines)`;
  if (ctx.category === 'one_time') return ' (one-time)';
  if (ctx.monthNumber !== undefined && ctx.scheduleMonths !== undefined) {
    return ` (month ${ctx.monthNumber} of ${ctx.scheduleMonths})`;
  }
  return '';
}

export function quoteIds(ids: string[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

export function unexpectedReason(
  period: MonthIndex,
  typeName: string,
  dealId: string,
  booked: { firstMonth: MonthIndex; lastMonth: MonthIndex } | undefined,
): string {
  if (!booked) return `${typeName} was never booked on deal ${dealId}`;
  if (period < booked.firstMonth) return `before the contract starts (${formatPeriod(booked.firstMonth)})`;
  if (period > booked.lastMonth) return `after the contract's last month (${formatPeriod(booked.lastMonth)})`;
  return 'nothing is due this month';
}

/** What a key's explanation quotes: its figures, its entries and, for a duplicate, the repeats found. */
export interface KeyEvidence {
  period: MonthIndex;
  dealId: string;
  typeName: string;
  currency: string;
  digits: number;
  booked?: ExpectedKey;
  expected: number;
  recognized: number;
  ids: string[];
  /** The entries not in the key's currency, as "id (currency)". */
  foreign: string[];
  repeats(): DuplicateFinding | undefined;
}

/** The one-line explanation of a key's status ('' for matched). */
export function explanationOf(status: KeyStatus, k: KeyEvidence): string {
  const fmt = moneyFormatter(k.digits);
  const E = fmt(k.expected);
  const R = fmt(k.recognized);
  const note = scheduleNote(k.booked);
  switch (status) {
    case 'matched':
      return '';
    case 'orphan':
      if (k.dealId === '')
        return `${entryWord(k.ids)} ${quoteIds(k.ids)} ${k.ids.length === 1 ? 'names' : 'name'} no deal_id`;
      return `deal ${k.dealId} is not in bookings`;
    case 'currency_mismatch': {
      const whose = k.booked ? "deal line's" : "deal's";
      const verb = k.foreign.length === 1 ? 'is' : 'are';
      return `${entryWord(k.foreign)} ${quoteIds(k.foreign)} ${verb} not in ${k.currency}, the ${whose} currency; ${R} ${k.currency} recognized against ${E} expected`;
    }
    case 'unexpected':
      return `recognized ${R} but nothing expected: ${unexpectedReason(k.period, k.typeName, k.dealId, k.booked)}`;
    case 'missing':
      return `no revenue recognized; expected ${E}${note}`;
    case 'under':
      return `recognized ${R} of ${E} expected${note}; short by ${fmt(k.expected - k.recognized)}`;
    case 'duplicate': {
      const found = k.repeats();
      if (!found) throw new Error(`explanationOf: duplicate without repeats on deal ${k.dealId}`);
      const parts = found.groups.map(
        (g) => `entries ${quoteIds(g.indexes.map((i) => k.ids[i]!))} have the same amount (${fmt(g.amount)})`,
      );
      return `${parts.join('; ')}; without the repeat, recognized is ${fmt(found.recognizedWithout)} against ${E} expected`;
    }
    case 'over':
      return `recognized ${R} against ${E} expected${note}; ${fmt(k.recognized - k.expected)} over`;
  }
}

function entryWord(ids: unknown[]): string {
  return ids.length === 1 ? 'entry' : 'entries';
}
