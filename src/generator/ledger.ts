// The generator's own books for life to date: what each (deal, revenue type) should have recognized and what it posted, month by month.
import type { MonthIndex } from '../core/dates.js';
import type { Status } from '../core/status.js';

/** One contract line as the generator planned it (months are month indexes). */
export interface PlannedLine {
  type: string;
  value: bigint;
  duration: number;
  start: number;
  oneTime: boolean;
  /** The month of close_date, when terminated early. */
  closeMonth?: number;
}

/** Amount of month k (1-based) of a recurring line, cumulative rounding half-up; independent of the engine. */
export function monthlyShare(value: bigint, k: number, d: number): bigint {
  const ltd = (n: number) => (2n * value * BigInt(n) + BigInt(d)) / (2n * BigInt(d));
  return ltd(k) - ltd(k - 1);
}

/** One key's months: expected in its own currency, posted per currency (other currencies do not count to date). */
export interface KeyBook {
  dealId: string;
  /** As booked (or, for a type never booked, as posted). */
  type: string;
  currency: string;
  expected: Map<MonthIndex, bigint>;
  /** Postings the history file writes, month by month. */
  posted: Map<MonthIndex, Map<string, bigint>>;
  /** Postings that are already rows of another file (the month's entries file): counted, not written again. */
  elsewhere: Map<MonthIndex, Map<string, bigint>>;
  /** The month's status in the period (section 4), when the month classifies the key. */
  periodStatus?: Status;
  /** A case whose history is written by hand: the generic history leaves it alone. */
  scripted: boolean;
}

export class Ledger {
  private readonly books = new Map<string, KeyBook>();

  /** Every key, in the order it was first met (deal order). */
  keys(): IterableIterator<KeyBook> {
    return this.books.values();
  }

  key(dealId: string, type: string, currency: string): KeyBook {
    const id = `${dealId}\u0000${type.toLowerCase()}`;
    let book = this.books.get(id);
    if (!book) {
      book = {
        dealId,
        type,
        currency,
        expected: new Map(),
        posted: new Map(),
        elsewhere: new Map(),
        scripted: false,
      };
      this.books.set(id, book);
    }
    return book;
  }

  /** The line's schedule (section 3, monthly rule) through `last`, added to its key. */
  addLine(dealId: string, currency: string, line: PlannedLine, last: MonthIndex): KeyBook {
    const book = this.key(dealId, line.type, currency);
    if (line.oneTime) {
      if (line.start <= last) add(book.expected, line.start, line.value);
      return book;
    }
    const end = Math.min(line.start + line.duration - 1, line.closeMonth ?? Infinity, last);
    for (let m = line.start; m <= end; m++)
      add(book.expected, m, monthlyShare(line.value, m - line.start + 1, line.duration));
    return book;
  }
}

export function post(book: KeyBook, month: MonthIndex, amount: bigint, currency = book.currency): void {
  addIn(book.posted, month, currency, amount);
}

export function postedElsewhere(book: KeyBook, month: MonthIndex, amount: bigint, currency: string): void {
  addIn(book.elsewhere, month, currency, amount);
}

/** What the key recognized in `month`, in its own currency. */
export function recognizedIn(book: KeyBook, month: MonthIndex): bigint {
  return (
    (book.posted.get(month)?.get(book.currency) ?? 0n) + (book.elsewhere.get(month)?.get(book.currency) ?? 0n)
  );
}

/** The first month the key has anything (expected or posted), or undefined. */
export function firstMonth(book: KeyBook): MonthIndex | undefined {
  let first: number | undefined;
  for (const map of [book.expected, book.posted, book.elsewhere])
    for (const m of map.keys()) if (first === undefined || m < first) first = m;
  return first;
}

function add(map: Map<MonthIndex, bigint>, month: MonthIndex, amount: bigint): void {
  map.set(month, (map.get(month) ?? 0n) + amount);
}

function addIn(
  map: Map<MonthIndex, Map<string, bigint>>,
  month: MonthIndex,
  currency: string,
  amount: bigint,
): void {
  let byCurrency = map.get(month);
  if (!byCurrency) map.set(month, (byCurrency = new Map()));
  byCurrency.set(currency, (byCurrency.get(currency) ?? 0n) + amount);
}
