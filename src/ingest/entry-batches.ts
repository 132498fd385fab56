// Validates entry rows into columnar batches of the period: what a reading thread posts, and what
// the pipeline holds while the deals are still being read.
import type { MonthIndex } from '../core/dates.js';
import type { EntryRow } from '../core/records.js';
import { EntryBatchBuilder, type EntryBatch } from '../books/entry-batch.js';
import type { SourceRow } from '../pipeline/ports/record-source.js';
import type { EntryValidator } from './entries.js';

/**
 * Every row goes through `validator` (its data-quality lines included); the accepted entries of
 * `period` are handed to `emit` in full batches, then the rest. `signal` stops the read between two
 * source batches (the source then cancels its query).
 */
export async function validateIntoBatches(
  rows: AsyncIterable<SourceRow<EntryRow>[]>,
  validator: EntryValidator,
  period: MonthIndex,
  emit: (batch: EntryBatch) => void,
  signal?: AbortSignal,
): Promise<void> {
  const builder = new EntryBatchBuilder(period);
  for await (const batch of rows) {
    signal?.throwIfAborted();
    for (const row of batch) {
      const entry = validator.acceptRow(row);
      if (!entry || entry.period !== period) continue;
      builder.add(entry);
      if (builder.full) emit(builder.take()!);
    }
  }
  const last = builder.take();
  if (last) emit(last);
}
