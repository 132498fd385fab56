// The two inputs of a run, whatever they come from (CSV files, SQL Server): batches of canonical rows.
import { formatEpochDay, firstDayOfMonth, type MonthIndex } from '../../core/dates.js';
import type { EngineSettings } from '../../core/engine-settings.js';
import type { RecognizedBook } from '../../books/recognized.js';
import type { HistoryBook } from '../../books/ltd-book.js';
import type { DataQualityIssue, DealLineRow, EntryRow, HistoryRow } from '../../core/records.js';

/** A row the source could not even split into fields; it becomes a data-quality line. */
export class MalformedRow {
  constructor(
    readonly problem: string,
    readonly raw: string,
  ) {}
}

export type SourceRow<T> = T | MalformedRow;

export interface PeriodWindow {
  /** "YYYY-MM" */
  period: string;
  /** First day of the period, "YYYY-MM-DD" (SQL parameter @periodStart). */
  periodStart: string;
  /** Last day of the period, inclusive, "YYYY-MM-DD" (SQL parameter @periodEnd). */
  periodEnd: string;
}

export function periodWindow(period: MonthIndex, text: string): PeriodWindow {
  return {
    period: text,
    periodStart: formatEpochDay(firstDayOfMonth(period)),
    periodEnd: formatEpochDay(firstDayOfMonth(period + 1) - 1),
  };
}

export interface ReadProgress {
  (source: 'deals' | 'entries' | 'history', rowsSoFar: number, fraction?: number): void;
}

/**
 * Deal lines and recognition entries for a period. Each call starts a fresh read from the beginning,
 * so a reader whose stream broke can start over without double-counting. Sources should return all
 * deal lines (deals "as a whole", so orphans can be told apart) and at least the period's entries.
 */
export interface RecordSource {
  readonly description: string;
  deals(window: PeriodWindow, progress?: ReadProgress): AsyncIterable<SourceRow<DealLineRow>[]>;
  entries(window: PeriodWindow, progress?: ReadProgress): AsyncIterable<SourceRow<EntryRow>[]>;
  /**
   * A capability a source may offer: the entries read and validated elsewhere (a worker thread)
   * while the deals are booked here, then handed over. Undefined when it cannot here and now; the
   * entries are then read through entries(), with the same results. A source with history reads
   * it there too, first (consumeHistory), and judges the entries against its entry_ids (one namespace).
   */
  entriesAhead?(settings: EngineSettings, period: MonthIndex): EntriesAhead | undefined;
  /**
   * Recognized revenue of the months before the period (docs/rules.md §7), entry-shaped or aggregated rows;
   * a source without it runs without life to date.
   */
  history?(window: PeriodWindow, progress?: ReadProgress): AsyncIterable<SourceRow<HistoryRow>[]>;
}

/**
 * Entries (and the history, when the source has one) being read ahead; once the deals are in,
 * consumeHistory() books the history's accepted rows, then consume() the period's accepted entries,
 * or the other way round when `historyLast`.
 */
export interface EntriesAhead {
  /**
   * The history is read after the entries (its rows are aggregated: no entry_ids judge the entries),
   * so consume() comes first and the month can be reconciled while the history is still being read.
   */
  readonly historyLast: boolean;
  /** Books the history's rows into `book` as they come; resolves with the validator's figures. */
  consumeHistory(book: HistoryBook, progress?: ReadProgress): Promise<HistoryRead>;
  /** Books the period's entries into `book` as they come; resolves with the validator's figures. */
  consume(book: RecognizedBook, progress?: ReadProgress): Promise<EntriesRead>;
  /** Ends the read (after a failed deals read, or once consumed). */
  stop(): Promise<void>;
}

export interface EntriesRead {
  issues: DataQualityIssue[];
  rowsRead: number;
  rowsRejected: number;
}

export interface HistoryRead extends EntriesRead {
  /** Rows of the period or later, left out. */
  rowsIgnored: number;
}

/** A whole source that cannot be read (missing file, failed login, bad query): the run fails. */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    message: string,
    /** True when a fresh read may succeed (a dropped connection, a throttled server). */
    readonly retryable = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
