// Rows already in memory (the generator's month, tests) served as a RecordSource.
import type { DealLineRow, EntryRow, HistoryRow } from '../core/records.js';
import type { RecordSource, SourceRow } from '../pipeline/ports/record-source.js';

const BATCH = 10_000;

export class MemoryRecordSource implements RecordSource {
  /** Present when history rows were given (life to date, docs/rules.md §7). */
  readonly history?: RecordSource['history'];

  constructor(
    private readonly dealRows: readonly DealLineRow[],
    private readonly entryRows: readonly EntryRow[],
    readonly description = 'in-memory rows',
    historyRows?: readonly HistoryRow[],
  ) {
    if (historyRows) this.history = () => batches(historyRows);
  }

  deals(): AsyncIterable<SourceRow<DealLineRow>[]> {
    return batches(this.dealRows);
  }

  entries(): AsyncIterable<SourceRow<EntryRow>[]> {
    return batches(this.entryRows);
  }
}

async function* batches<T>(rows: readonly T[]): AsyncGenerator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}
