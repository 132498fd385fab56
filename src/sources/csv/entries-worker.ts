// Worker thread: reads and validates the entries CSV while the main thread books the deals.
//
// Why: reading, parsing and validating the entries is a large share of a run and needs nothing from
// the deals, so on two cores it runs beside the deals phase (figures in the README's Performance). The same CsvRecordSource and
// EntryValidator do the work as in-process; only the period's accepted entries go back, in columnar
// batches (core/entry-batch.ts) whose buffers are transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRules } from '../../core/engine-settings.js';
import { transferables } from '../../books/entry-batch.js';
import type { DataQualityIssue } from '../../core/records.js';
import { EntryValidator } from '../../ingest/entries.js';
import { validateIntoBatches } from '../../ingest/entry-batches.js';
import { CsvRecordSource } from '../csv-source.js';
import { SourceError } from '../../pipeline/ports/record-source.js';
import type { EntriesWorkerInput, EntriesWorkerMessage } from './entries-ahead.js';

async function run(
  input: EntriesWorkerInput,
  post: (m: EntriesWorkerMessage, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  const issues: DataQualityIssue[] = [];
  const validator = new EntryValidator(compileRules(input.settings), issues);
  const source = new CsvRecordSource('', input.entriesPath);
  const progress = (_source: 'deals' | 'entries' | 'history', rows: number, fraction?: number) =>
    post({ kind: 'progress', rows, fraction });
  await validateIntoBatches(
    source.entries({ period: '', periodStart: '', periodEnd: '' }, progress),
    validator,
    input.period,
    (batch) => post({ kind: 'batch', batch }, transferables(batch)),
  );
  post({ kind: 'done', issues, rowsRead: validator.rowsRead, rowsRejected: validator.rowsRejected });
}

if (parentPort) {
  const port = parentPort;
  run(workerData as EntriesWorkerInput, (m, transfer) => port.postMessage(m, transfer)).catch(
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({
        kind: 'error',
        message: e.message,
        sourceError: e instanceof SourceError,
        retryable: e instanceof SourceError && e.retryable,
      } satisfies EntriesWorkerMessage);
    },
  );
}
