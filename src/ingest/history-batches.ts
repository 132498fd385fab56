// Validates history rows into columnar batches: what a reading thread posts, and what the pipeline holds while the deals are read.
import type { HistoryRow } from '../core/records.js';
import { HistoryBatchBuilder, type HistoryBatch } from '../books/history-batch.js';
import type { SourceRow } from '../pipeline/ports/record-source.js';
import type { HistoryValidator } from './history.js';

/**
 * Every row goes through `validator` (its data-quality lines and counts included); the accepted
 * rows are handed to `emit` in full batches, then the rest. `signal` stops the read between two
 * source batches (the source then cancels its query).
 */
export async function validateHistoryIntoBatches(
  rows: AsyncIterable<SourceRow<HistoryRow>[]>,
  validator: HistoryValidator,
  emit: (batch: HistoryBatch) => void,
  signal?: AbortSignal,
): Promise<void> {
  const builder = new HistoryBatchBuilder();
  for await (const batch of rows) {
    signal?.throwIfAborted();
    for (const row of batch) {
      const amount = validator.acceptRow(row);
      if (!amount) continue;
      builder.add(amount);
      if (builder.full) emit(builder.take()!);
    }
  }
  const last = builder.take();
  if (last) emit(last);
}
