// The months before the period: what the generator's deals recognized, written as entry rows the way a ledger export holds them.
import { formatPeriod, type MonthIndex } from '../core/dates.js';
import { currencyDigits } from '../core/money.js';
import type { EntryRow } from '../core/records.js';
import { post, type Ledger } from './ledger.js';
import { amountText } from './ltd-truth.js';
import type { Random } from './random.js';

/** Share of keys matched in the period whose history carries a problem of its own. */
const DRIFT = 0.01;
const MISSED = 0.005;
/** Share of the period's duplicates that are really the catch-up of last month, and of its missing months recognized early. */
const CAUGHT_UP = 0.3;
const EARLY = 0.3;

/**
 * Posts each key's history: what it should have recognized, month by month, except that a few keys
 * (matched in the period, with two months or more in the history) drift 0.4% short every month of
 * the history, inside the monthly tolerance, or miss one month that is never caught up; some of the
 * period's duplicates missed last month (the repeat catches it up: timing), and some of its missing
 * months were recognized last month, ahead of schedule. Scripted cases keep their own postings.
 */
export function postHistory(ledger: Ledger, period: MonthIndex, firstHistory: MonthIndex, rnd: Random): void {
  for (const book of ledger.keys()) {
    if (book.scripted) continue;
    const months = [...book.expected.keys()].filter((m) => m < period).sort((a, b) => a - b);
    const window = months.filter((m) => m >= firstHistory && book.expected.get(m)! > 0n);
    const roll = rnd.next();
    const eligible = book.periodStatus === 'matched' && window.length >= 2;
    const drift = eligible && roll < DRIFT;
    let missed = eligible && !drift && roll < DRIFT + MISSED ? rnd.pick(window) : undefined;
    const last = period - 1;
    const lastMonthDue = last >= firstHistory && (book.expected.get(last) ?? 0n) > 0n;
    if (book.periodStatus === 'duplicate' && lastMonthDue && roll < CAUGHT_UP) missed = last;
    const early = book.periodStatus === 'missing' && lastMonthDue && roll < EARLY;
    for (const m of months) {
      const expected = book.expected.get(m)!;
      if (m === missed || expected === 0n) continue;
      const short = drift && m >= firstHistory ? (expected * 4n) / 1000n : 0n;
      const ahead = early && m === last ? (book.expected.get(period) ?? 0n) : 0n;
      post(book, m, expected - short + ahead);
    }
  }
}

export interface HistoryRowsContext {
  period: MonthIndex;
  firstHistory: MonthIndex;
  rnd: Random;
  nextEntryId: () => string;
  /** A date in a month ("2026-09-31" becomes the month's last day). */
  dayIn: (month: MonthIndex, day: number) => string;
  /** Rows of earlier months that the month's entries file holds too (same ids): the history holds them as they are. */
  alsoInEntries: readonly EntryRow[];
}

/**
 * The history file: for every key and currency, one opening row in the month before the first
 * month of the history with all it recognized until then, then the months of the history one by
 * one, each key's month posted at once, in parts, or wrong then reversed then right.
 */
export function historyRows(ledger: Ledger, ctx: HistoryRowsContext): EntryRow[] {
  const { rnd, firstHistory } = ctx;
  const rows: EntryRow[] = [];
  const write = (dealId: string, type: string, month: MonthIndex, currency: string, minor: bigint) => {
    const digits = currencyDigits(currency);
    rows.push({
      entry_id: ctx.nextEntryId(),
      deal_id: dealId,
      revenue_type: rnd.chance(0.1) ? type.toLowerCase() : type,
      recognition_period: rnd.chance(0.5) ? formatPeriod(month) : ctx.dayIn(month, rnd.int(1, 31)),
      recognized_amount: amountText(minor, digits),
      currency,
    });
  };
  for (const book of ledger.keys()) {
    const opening = new Map<string, bigint>();
    for (const [m, byCurrency] of book.posted)
      if (m < firstHistory)
        for (const [currency, amount] of byCurrency)
          opening.set(currency, (opening.get(currency) ?? 0n) + amount);
    for (const [currency, amount] of opening)
      if (amount !== 0n) write(book.dealId, book.type, firstHistory - 1, currency, amount);
  }
  for (let m = firstHistory; m < ctx.period; m++) {
    for (const book of ledger.keys()) {
      for (const [currency, amount] of book.posted.get(m) ?? []) {
        const style = rnd.next();
        if (style < 0.5) write(book.dealId, book.type, m, currency, amount);
        else if (style < 0.8) {
          const part = amount / 2n;
          write(book.dealId, book.type, m, currency, part);
          write(book.dealId, book.type, m, currency, amount - part);
        } else {
          const wrong = amount + 12_345n;
          write(book.dealId, book.type, m, currency, wrong);
          write(book.dealId, book.type, m, currency, -wrong);
          write(book.dealId, book.type, m, currency, amount);
        }
      }
    }
    const month = formatPeriod(m);
    for (const row of ctx.alsoInEntries) if (row.recognition_period === month) rows.push(row);
  }
  return rows;
}
