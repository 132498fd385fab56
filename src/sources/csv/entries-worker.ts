// Worker thread: reads and validates the entries CSV while the main thread books the deals.
//
// Why: reading, parsing and validating the entries is a large share of a run and needs nothing from
// the deals, so on two cores it runs beside the deals phase (figures in the README's Performance). The same CsvRecordSource and
// EntryValidator do the work as in-process; only the period's accepted entries go back, in columnar
// batches (core/entry-batch.ts) whose buffers are transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRules, type EngineRules } from '../../core/engine-settings.js';
import type { MonthIndex } from '../../core/dates.js';
import { HistoryValidator } from '../../ingest/history.js';
import type { IdSet } from '../../ingest/id-set.js';
import { transferables } from '../../books/entry-batch.js';
import type { DataQualityIssue } from '../../core/records.js';
import { EntryValidator } from '../../ingest/entries.js';
import { validateIntoBatches } from '../../ingest/entry-batches.js';
import { CsvRecordSource } from '../csv-source.js';
import { MalformedRow, SourceError } from '../../pipeline/ports/record-source.js';
import type { EntriesWorkerInput, EntriesWorkerMessage } from './entries-ahead.js';

/** A CSV file is read whole: the window does not narrow it. */
const NO_WINDOW = { period: '', periodStart: '', periodEnd: '' };

async function run(
  input: EntriesWorkerInput,
  post: (m: EntriesWorkerMessage, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  const issues: DataQualityIssue[] = [];
  const rules = compileRules(input.settings);
  const source = new CsvRecordSource('', input.entriesPath, 'never', input.historyPath);
  const validator = new EntryValidator(rules, issues, await historyIds(source, rules, input.period));
  // The first chunk's rows per byte tell about how many entries the file holds (a little over, to be sure).
  let sized = false;
  const progress = (_source: 'deals' | 'entries' | 'history', rows: number, fraction?: number) => {
    if (!sized && fraction !== undefined && fraction > 0 && rows > 0) {
      validator.expectRows((rows / fraction) * 1.05);
      sized = true;
    }
    post({ kind: 'progress', rows, fraction });
  };
  await validateIntoBatches(source.entries(NO_WINDOW, progress), validator, input.period, (batch) =>
    post({ kind: 'batch', batch }, transferables(batch)),
  );
  post({ kind: 'done', issues, rowsRead: validator.rowsRead, rowsRejected: validator.rowsRejected });
}

/**
 * The entry_ids of the history's accepted rows, found as the run's own history read finds them
 * (the same validator; its data-quality lines are the main thread's to report, so dropped here).
 * An aggregated file (no recognition_period column: its first row has none) names no entry_id, and
 * is not read further.
 */
async function historyIds(
  source: CsvRecordSource,
  rules: EngineRules,
  period: MonthIndex,
): Promise<IdSet | undefined> {
  if (!source.history) return undefined;
  const validator = new HistoryValidator(rules, [], period);
  for await (const batch of source.history(NO_WINDOW)) {
    const first = batch.find((row) => !(row instanceof MalformedRow));
    if (first && !(first instanceof MalformedRow) && first.recognition_period === undefined) break;
    for (const row of batch) validator.acceptRow(row);
  }
  return validator.seenIds;
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
