// Reads and validates the history and the entries while the deals are read, then books them once the deals are in.
//
// Why: the deals and the entries usually live on two servers (Analytics and Accounting), so reading
// one after the other waits on each in turn. Booking must still wait for the deals, since a key's
// currency comes from its deal lines and a history row counts only for a deal they name; the
// accepted rows wait meanwhile as columnar batches (books/entry-batch.ts, books/history-batch.ts),
// the same form a reading thread hands over. The history (on the entries' server) is read first:
// the period's entries are judged against its entry_ids.
import type { EngineRules } from '../core/engine-settings.js';
import type { MonthIndex } from '../core/dates.js';
import type { DataQualityIssue } from '../core/records.js';
import type { ExpectedBook } from '../books/expected.js';
import { EntryBatchBuilder, type EntryBatch } from '../books/entry-batch.js';
import { HistoryBatchBuilder, type HistoryBatch } from '../books/history-batch.js';
import { HistoryBook } from '../books/ltd-book.js';
import { RecognizedBook } from '../books/recognized.js';
import { EntryValidator } from '../ingest/entries.js';
import { HistoryValidator } from '../ingest/history.js';
import { validateIntoBatches } from '../ingest/into-batches.js';
import type { IdSet } from '../ingest/id-set.js';
import { readWithRestart, type RestartOptions } from './read-with-restart.js';
import type { PeriodWindow, ReadProgress, RecordSource } from './ports/record-source.js';

/** The period's entries booked, with what their validation found. */
export interface BookedEntries {
  issues: DataQualityIssue[];
  validator: { rowsRead: number; rowsRejected: number };
  book: RecognizedBook;
}

/** The history booked, with what its validation found. */
export interface BookedHistory {
  issues: DataQualityIssue[];
  validator: { rowsRead: number; rowsRejected: number; rowsIgnored: number };
  book: HistoryBook;
}

/** The rows validated while the deals are read, waiting to be booked. */
type Held<T, Batch> = Omit<T, 'book'> & { batches: Batch[] };

/** The history held, with the entry_ids the period's entries are judged against. */
type HeldHistory = Held<BookedHistory, HistoryBatch> & { seenIds: IdSet };

/** Stops a read that is no longer wanted (the deals failed): the source cancels its query. */
class ReadStopped extends Error {
  override name = 'ReadStopped';
}

export class EntriesAlongside {
  private readonly stopped = new AbortController();
  private readonly history: Promise<HeldHistory | undefined>;
  private readonly entries: Promise<Held<BookedEntries, EntryBatch>>;

  /**
   * Starts reading now: the history first when the source has one, then the entries. A stream that
   * breaks is read again from the start, on its own, as a read on its own is.
   */
  constructor(
    source: RecordSource,
    window: PeriodWindow,
    private readonly month: MonthIndex,
    rules: EngineRules,
    progress: ReadProgress | undefined,
    restart: (which: 'entries' | 'history') => RestartOptions,
  ) {
    this.history = source.history
      ? readWithRestart(() => this.holdHistory(source, window, rules, progress), restart('history'))
      : Promise.resolve(undefined);
    this.entries = this.history.then((history) =>
      readWithRestart(
        () => this.holdEntries(source, window, rules, progress, history?.seenIds),
        restart('entries'),
      ),
    );
    // Awaited by bookHistory() and book(); a failure nobody waits for (after stop()) must not crash the process.
    this.entries.catch(() => undefined);
  }

  /** The history booked against the deals (call once the deals are in; only for a source with history). */
  async bookHistory(expected: ExpectedBook): Promise<BookedHistory> {
    const held = await this.history;
    if (!held) throw new Error('the source has no history');
    const book = new HistoryBook(expected);
    for (const batch of held.batches) book.addBatch(batch);
    return { issues: held.issues, validator: held.validator, book };
  }

  /** The entries booked against the deals (call once the deals are in). */
  async book(expected: ExpectedBook): Promise<BookedEntries> {
    const { issues, validator, batches } = await this.entries;
    const book = new RecognizedBook(this.month, expected);
    for (const batch of batches) book.addBatch(batch);
    book.settle();
    return { issues, validator, book };
  }

  stop(): void {
    this.stopped.abort(new ReadStopped('the entries read was stopped'));
  }

  private async holdHistory(
    source: RecordSource,
    window: PeriodWindow,
    rules: EngineRules,
    progress: ReadProgress | undefined,
  ): Promise<HeldHistory> {
    // A restart after stop() (a stream that broke as the deals failed) must not open another query.
    this.stopped.signal.throwIfAborted();
    const issues: DataQualityIssue[] = [];
    const validator = new HistoryValidator(rules, issues, this.month);
    const batches: HistoryBatch[] = [];
    await validateIntoBatches(
      source.history!(window, progress),
      validator,
      new HistoryBatchBuilder(),
      (batch) => batches.push(batch),
      this.stopped.signal,
    );
    const { rowsRead, rowsRejected, rowsIgnored } = validator;
    return {
      issues,
      validator: { rowsRead, rowsRejected, rowsIgnored },
      batches,
      seenIds: validator.seenIds,
    };
  }

  private async holdEntries(
    source: RecordSource,
    window: PeriodWindow,
    rules: EngineRules,
    progress: ReadProgress | undefined,
    historyIds: IdSet | undefined,
  ): Promise<Held<BookedEntries, EntryBatch>> {
    this.stopped.signal.throwIfAborted();
    const issues: DataQualityIssue[] = [];
    const validator = new EntryValidator(rules, issues, historyIds);
    const batches: EntryBatch[] = [];
    await validateIntoBatches(
      source.entries(window, progress),
      validator,
      new EntryBatchBuilder(this.month),
      (batch) => batches.push(batch),
      this.stopped.signal,
    );
    validator.release();
    return {
      issues,
      validator: { rowsRead: validator.rowsRead, rowsRejected: validator.rowsRejected },
      batches,
    };
  }
}
