// Reads and validates the entries while the deals are read, then books them once the deals are in.
//
// Why: the deals and the entries usually live on two servers (Analytics and Accounting), so reading
// one after the other waits on each in turn. Booking must still wait for the deals, since a key's
// currency comes from its deal lines; the period's accepted entries wait meanwhile as columnar
// batches (books/entry-batch.ts), the same form a reading thread hands over.
import type { EngineRules } from '../core/engine-settings.js';
import type { MonthIndex } from '../core/dates.js';
import type { DataQualityIssue } from '../core/records.js';
import type { ExpectedBook } from '../books/expected.js';
import type { EntryBatch } from '../books/entry-batch.js';
import { RecognizedBook } from '../books/recognized.js';
import { EntryValidator } from '../ingest/entries.js';
import { validateIntoBatches } from '../ingest/entry-batches.js';
import { readWithRestart, type RestartOptions } from './read-with-restart.js';
import type { PeriodWindow, ReadProgress, RecordSource } from './ports/record-source.js';

/** The period's entries booked, with what their validation found. */
export interface BookedEntries {
  issues: DataQualityIssue[];
  validator: { rowsRead: number; rowsRejected: number };
  book: RecognizedBook;
}

/** The entries validated while the deals are read, waiting to be booked. */
type HeldEntries = Omit<BookedEntries, 'book'> & { batches: EntryBatch[] };

/** Stops a read that is no longer wanted (the deals failed): the source cancels its query. */
class ReadStopped extends Error {
  override name = 'ReadStopped';
}

export class EntriesAlongside {
  private readonly stopped = new AbortController();
  private readonly held: Promise<HeldEntries>;

  /** Starts reading now; a stream that breaks is read again from the start, as a read on its own is. */
  constructor(
    source: RecordSource,
    window: PeriodWindow,
    private readonly month: MonthIndex,
    rules: EngineRules,
    progress: ReadProgress | undefined,
    restart: RestartOptions,
  ) {
    this.held = readWithRestart(() => this.hold(source, window, rules, progress), restart);
    // Awaited by book(); a failure nobody waits for (after stop()) must not crash the process.
    this.held.catch(() => undefined);
  }

  /** The entries booked against the deals (call once the deals are in). */
  async book(expected: ExpectedBook): Promise<BookedEntries> {
    const { issues, validator, batches } = await this.held;
    const book = new RecognizedBook(this.month, expected);
    for (const batch of batches) book.addBatch(batch);
    return { issues, validator, book };
  }

  stop(): void {
    this.stopped.abort(new ReadStopped('the entries read was stopped'));
  }

  private async hold(
    source: RecordSource,
    window: PeriodWindow,
    rules: EngineRules,
    progress: ReadProgress | undefined,
  ): Promise<HeldEntries> {
    const issues: DataQualityIssue[] = [];
    const validator = new EntryValidator(rules, issues);
    const batches: EntryBatch[] = [];
    await validateIntoBatches(
      source.entries(window, progress),
      validator,
      this.month,
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
