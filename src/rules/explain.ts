// One-line explanations a person understands, built from a classified row's facts.
import { formatPeriod, type MonthIndex } from '../core/dates.js';
import { formatMinorReadable } from '../core/money.js';

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
