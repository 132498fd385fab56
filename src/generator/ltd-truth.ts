// The ground truth of life to date (docs/rules.md §7), from the generator's own books: never from the engine.
import { formatPeriod, type MonthIndex } from '../core/dates.js';
import { currencyDigits } from '../core/money.js';
import { recognizedIn, type KeyBook, type Ledger } from './ledger.js';

/** Every key's figures to date at the period: what discrepancies.csv's LTD columns say for it. */
export interface LtdTruthRow {
  deal_id: string;
  revenue_type: string;
  currency: string;
  ltd_expected: string;
  ltd_recognized: string;
  ltd_variance: string;
  /** `open` or `clear` (discrepancies.csv writes a clear key's `to_date` as `timing`). */
  ltd_status: 'open' | 'clear';
}

/** A key open at the period, as open-items.csv lists it. */
export interface OpenItemTruth {
  deal_id: string;
  revenue_type: string;
  currency: string;
  month_status: string;
  ltd_expected: string;
  ltd_recognized: string;
  ltd_variance: string;
  change: 'new' | 'continuing';
  /** As a chain of monthly runs from the first month of the history (each with --previous) dates it. */
  open_since: string;
  age_months: string;
}

/** A key open the month before and clear at the period, as closed-items.csv lists it. */
export interface ClosedItemTruth {
  deal_id: string;
  revenue_type: string;
  currency: string;
  month_status: string;
  ltd_variance_previous: string;
  ltd_variance: string;
  /** As a chain of monthly runs from the first month of the history dates it. */
  open_since: string;
}

export interface LtdTruth {
  ltd: LtdTruthRow[];
  openItems: OpenItemTruth[];
  closedItems: ClosedItemTruth[];
}

export const LTD_TRUTH_COLUMNS = [
  'deal_id',
  'revenue_type',
  'currency',
  'ltd_expected',
  'ltd_recognized',
  'ltd_variance',
  'ltd_status',
] as const;
export const OPEN_ITEMS_TRUTH_COLUMNS = [
  'deal_id',
  'revenue_type',
  'currency',
  'month_status',
  'ltd_expected',
  'ltd_recognized',
  'ltd_variance',
  'change',
  'open_since',
  'age_months',
] as const;
export const CLOSED_ITEMS_TRUTH_COLUMNS = [
  'deal_id',
  'revenue_type',
  'currency',
  'month_status',
  'ltd_variance_previous',
  'ltd_variance',
  'open_since',
] as const;

/**
 * The truth under the default settings (LTD tolerance: 0% and 1.00 currency unit). `firstHistory`
 * is the first month the history file writes month by month: a chain of runs starts there, so an
 * item already open the month before it is undated.
 */
export function lifeToDateTruth(ledger: Ledger, period: MonthIndex, firstHistory: MonthIndex): LtdTruth {
  const out: LtdTruth = { ltd: [], openItems: [], closedItems: [] };
  const origin = firstHistory - 1;
  const months = period - origin + 1;
  for (const book of ledger.keys()) {
    const digits = currencyDigits(book.currency);
    const tolerance = 10n ** BigInt(digits);
    const variance = cumulativeVariance(book, origin, months);
    const expected = cumulative(book.expected, origin, months);
    const open = variance.map((v) => (v < 0n ? -v : v) > tolerance);
    const at = months - 1;
    const text = (minor: bigint) => amountText(minor, digits);
    const key = { deal_id: book.dealId, revenue_type: book.type, currency: book.currency };
    out.ltd.push({
      ...key,
      ltd_expected: text(expected[at]!),
      ltd_recognized: text(expected[at]! + variance[at]!),
      ltd_variance: text(variance[at]!),
      ltd_status: open[at] ? 'open' : 'clear',
    });
    // The first month of the run of open months that ends at `last`: dated unless it began before the history.
    const since = (last: number) => {
      let s = last;
      while (s > 0 && open[s - 1]) s--;
      return s === 0 ? undefined : s;
    };
    const monthStatus = book.periodStatus ?? '';
    if (open[at]) {
      const s = since(at);
      out.openItems.push({
        ...key,
        month_status: monthStatus,
        ltd_expected: text(expected[at]!),
        ltd_recognized: text(expected[at]! + variance[at]!),
        ltd_variance: text(variance[at]!),
        change: open[at - 1] ? 'continuing' : 'new',
        open_since: s === undefined ? '' : formatPeriod(origin + s),
        age_months: s === undefined ? '' : String(at - s + 1),
      });
    } else if (open[at - 1]) {
      const s = since(at - 1);
      out.closedItems.push({
        ...key,
        month_status: monthStatus,
        ltd_variance_previous: text(variance[at - 1]!),
        ltd_variance: text(variance[at]!),
        open_since: s === undefined ? '' : formatPeriod(origin + s),
      });
    }
  }
  return out;
}

/** Running totals at origin, origin+1, …: index 0 holds everything up to the origin month. */
function cumulative(map: Map<MonthIndex, bigint>, origin: MonthIndex, months: number): bigint[] {
  const per = new Array<bigint>(months).fill(0n);
  for (const [m, amount] of map) {
    const i = m - origin;
    const j = Math.max(0, i);
    if (i < months) per[j] = per[j]! + amount;
  }
  for (let i = 1; i < months; i++) per[i] = per[i]! + per[i - 1]!;
  return per;
}

function cumulativeVariance(book: KeyBook, origin: MonthIndex, months: number): bigint[] {
  const recognized = new Map<MonthIndex, bigint>();
  for (const m of new Set([...book.posted.keys(), ...book.elsewhere.keys()]))
    recognized.set(m, recognizedIn(book, m));
  const rec = cumulative(recognized, origin, months);
  const exp = cumulative(book.expected, origin, months);
  return rec.map((r, i) => r - exp[i]!);
}

/** A plain decimal with the currency's digits ("-1234.50", JPY "1500"). */
export function amountText(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const body = digits === 0 ? whole : `${whole}.${abs.slice(abs.length - digits)}`;
  return negative ? `-${body}` : body;
}
