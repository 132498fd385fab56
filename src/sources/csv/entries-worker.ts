// Worker thread: reads and validates the entries CSV while the main thread books the deals.
//
// Why: reading, parsing and validating ~3M entries took ~1.5 s of a 1M-deal run and needs nothing
// from the deals, so on two cores it runs beside the deals phase. The same CsvRecordSource and
// EntryValidator do the work as in-process; only the period's accepted entries go back, in columnar
// batches (ids and deal_ids as one string with lengths, numbers in typed arrays) that copy cheaply.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRules, type EngineSettings } from '../../config/engine-settings.js';
import type { DataQualityIssue } from '../../core/records.js';
import { EntryValidator } from '../../ingest/entries.js';
import { CsvRecordSource } from '../csv-source.js';
import { SourceError } from '../record-source.js';

export interface EntriesWorkerInput {
  entriesPath: string;
  settings: EngineSettings;
  period: number;
}

/** One batch of accepted entries of the period. */
export interface EntryBatch {
  kind: 'batch';
  count: number;
  ids: string;
  idLengths: Int32Array;
  dealIds: string;
  dealIdLengths: Int32Array;
  /** Index into `types` / `currencies` (tables sent whole with each batch; they stay tiny). */
  typeNos: Int32Array;
  currencyNos: Int32Array;
  amounts: Float64Array;
  types: string[];
  currencies: string[];
}

export type EntriesWorkerMessage =
  | EntryBatch
  | { kind: 'progress'; rows: number; fraction?: number }
  | { kind: 'done'; issues: DataQualityIssue[]; rowsRead: number; rowsRejected: number }
  | { kind: 'error'; message: string; sourceError: boolean; retryable: boolean };

const BATCH = 8192;

async function run(input: EntriesWorkerInput, post: (m: EntriesWorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  const issues: DataQualityIssue[] = [];
  const validator = new EntryValidator(compileRules(input.settings), issues);
  const source = new CsvRecordSource('', input.entriesPath);
  const types: string[] = [];
  const currencies: string[] = [];
  const typeNo = new Map<string, number>();
  const currencyNo = new Map<string, number>();
  let ids: string[] = [];
  let dealIds: string[] = [];
  let typeNos = new Int32Array(BATCH);
  let currencyNos = new Int32Array(BATCH);
  let amounts = new Float64Array(BATCH);
  let n = 0;
  const flush = () => {
    if (n === 0) return;
    const batch: EntryBatch = {
      kind: 'batch',
      count: n,
      ids: ids.join(''),
      idLengths: Int32Array.from(ids, (s) => s.length),
      dealIds: dealIds.join(''),
      dealIdLengths: Int32Array.from(dealIds, (s) => s.length),
      typeNos: typeNos.slice(0, n),
      currencyNos: currencyNos.slice(0, n),
      amounts: amounts.slice(0, n),
      types,
      currencies,
    };
    post(batch, [batch.idLengths.buffer, batch.dealIdLengths.buffer, batch.typeNos.buffer, batch.currencyNos.buffer, batch.amounts.buffer] as ArrayBuffer[]);
    ids = [];
    dealIds = [];
    n = 0;
  };
  const progress = (_source: 'deals' | 'entries', rows: number, fraction?: number) => post({ kind: 'progress', rows, fraction });
  for await (const batch of source.entries({ period: '', periodStart: '', periodEnd: '' }, progress)) {
    for (const row of batch) {
      const entry = validator.acceptRow(row);
      if (!entry || entry.period !== input.period) continue;
      let t = typeNo.get(entry.typeKey);
      if (t === undefined) typeNo.set(entry.typeKey, (t = types.push(entry.typeKey) - 1));
      let c = currencyNo.get(entry.currency);
      if (c === undefined) currencyNo.set(entry.currency, (c = currencies.push(entry.currency) - 1));
      ids.push(entry.entryId);
      dealIds.push(entry.dealId);
      typeNos[n] = t;
      currencyNos[n] = c;
      amounts[n] = entry.amount;
      if (++n === BATCH) flush();
    }
  }
  flush();
  post({ kind: 'done', issues, rowsRead: validator.rowsRead, rowsRejected: validator.rowsRejected });
}

if (parentPort) {
  const port = parentPort;
  run(workerData as EntriesWorkerInput, (m, transfer) => port.postMessage(m, transfer)).catch((error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    port.postMessage({
      kind: 'error',
      message: e.message,
      sourceError: e instanceof SourceError,
      retryable: e instanceof SourceError && e.retryable,
    } satisfies EntriesWorkerMessage);
  });
}
