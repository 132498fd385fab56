// Validates a source's rows into columnar batches: what a reading thread posts, and what the pipeline holds while the deals are read.
import type { SourceRow } from '../pipeline/ports/record-source.js';
import type { RowValidator } from './row-validator.js';

/** Collects accepted records into batches (books/entry-batch.ts, books/history-batch.ts). */
export interface BatchBuilder<Valid, Batch> {
  readonly full: boolean;
  add(record: Valid): void;
  /** The batch so far (undefined when empty); the builder starts a new one. */
  take(): Batch | undefined;
}

/**
 * Every row goes through `validator` (its data-quality lines and counts included); the accepted
 * records go into `builder` and are handed to `emit` in full batches, then the rest. `signal`
 * stops the read between two source batches (the source then cancels its query).
 */
export async function validateIntoBatches<Row, Valid, Batch>(
  rows: AsyncIterable<SourceRow<Row>[]>,
  validator: RowValidator<Row, Valid>,
  builder: BatchBuilder<Valid, Batch>,
  emit: (batch: Batch) => void,
  signal?: AbortSignal,
): Promise<void> {
  for await (const batch of rows) {
    signal?.throwIfAborted();
    for (const row of batch) {
      const record = validator.acceptRow(row);
      if (!record) continue;
      builder.add(record);
      if (builder.full) emit(builder.take()!);
    }
  }
  const last = builder.take();
  if (last) emit(last);
}
