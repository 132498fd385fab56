// Worker thread: reads and validates the history and entries CSVs while the main thread books the deals.
//
// Why: reading, parsing and validating the entries is a large share of a run and needs nothing from
// the deals, so on two cores it runs beside the deals phase (figures in the README's Performance). The same CsvRecordSource and
// EntryValidator do the work as in-process; only the period's accepted entries go back, in columnar
// batches (books/entry-batch.ts) whose buffers are transferred, not copied. A history file is read
// first, the same way (HistoryValidator, books/history-batch.ts): its entry_ids judge the entries.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRules, type EngineRules } from '../../core/engine-settings.js';
import type { MonthIndex } from '../../core/dates.js';
import { HistoryValidator } from '../../ingest/history.js';
import type { IdSet } from '../../ingest/id-set.js';
import { EntryBatchBuilder, transferables } from '../../books/entry-batch.js';
import { HistoryBatchBuilder, historyTransferables } from '../../books/history-batch.js';
import type { DataQualityIssue } from '../../core/records.js';
import { EntryValidator } from '../../ingest/entries.js';
import { validateIntoBatches } from '../../ingest/into-batches.js';
import { CsvRecordSource } from '../csv-source.js';
import { SourceError } from '../../pipeline/ports/record-source.js';
import type { EntriesWorkerInput, EntriesWorkerMessage } from './entries-ahead.js';

/** A CSV file is read whole: the window does not narrow it. */
const NO_WINDOW = { period: '', periodStart: '', periodEnd: '' };

type Post = (m: EntriesWorkerMessage, transfer?: ArrayBuffer[]) => void;

/**
 * The history first when its entry_ids judge the entries, else (aggregated rows) after them: the
 * main thread then reconciles the month while this thread reads the history.
 */
async function run(input: EntriesWorkerInput, post: Post): Promise<void> {
  const rules = compileRules(input.settings);
  const source = new CsvRecordSource('', input.entriesPath, 'never', input.historyPath);
  const historyFirst = source.history !== undefined && !input.historyLast;
  const seenIds = historyFirst ? await readHistory(source, rules, input.period, post) : undefined;
  await readEntries(source, rules, input.period, seenIds, post);
  if (source.history && input.historyLast) await readHistory(source, rules, input.period, post);
}

/** The period's entries, validated (judged against `seenIds` of an entry-shaped history) and posted in batches. */
async function readEntries(
  source: CsvRecordSource,
  rules: EngineRules,
  period: MonthIndex,
  seenIds: IdSet | undefined,
  post: Post,
): Promise<void> {
  const issues: DataQualityIssue[] = [];
  const validator = new EntryValidator(rules, issues, seenIds);
  // The first chunk's rows per byte tell about how many entries the file holds (a little over, to be sure).
  let sized = false;
  const progress = (_source: 'deals' | 'entries' | 'history', rows: number, fraction?: number) => {
    if (!sized && fraction !== undefined && fraction > 0 && rows > 0) {
      validator.expectRows((rows / fraction) * 1.05);
      sized = true;
    }
    post({ kind: 'progress', source: 'entries', rows, fraction });
  };
  await validateIntoBatches(
    source.entries(NO_WINDOW, progress),
    validator,
    new EntryBatchBuilder(period),
    (batch) => post({ kind: 'batch', batch }, transferables(batch)),
  );
  post({ kind: 'done', issues, rowsRead: validator.rowsRead, rowsRejected: validator.rowsRejected });
}

/**
 * The history read as the main thread would read it (the same validator, its data-quality lines
 * and counts), its accepted rows posted in batches; then the entry_ids of its entry-shaped rows,
 * which the period's entries are judged against (none in aggregated history).
 */
async function readHistory(
  source: CsvRecordSource,
  rules: EngineRules,
  period: MonthIndex,
  post: Post,
): Promise<IdSet | undefined> {
  const issues: DataQualityIssue[] = [];
  const validator = new HistoryValidator(rules, issues, period);
  const progress = (_source: 'deals' | 'entries' | 'history', rows: number, fraction?: number) =>
    post({ kind: 'progress', source: 'history', rows, fraction });
  await validateIntoBatches(
    source.history!(NO_WINDOW, progress),
    validator,
    new HistoryBatchBuilder(),
    (batch) => post({ kind: 'history-batch', batch }, historyTransferables(batch)),
  );
  post({
    kind: 'history-done',
    issues,
    rowsRead: validator.rowsRead,
    rowsRejected: validator.rowsRejected,
    rowsIgnored: validator.rowsIgnored,
  });
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
