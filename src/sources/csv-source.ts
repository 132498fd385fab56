// Reads deal lines and entries from CSV files (docs/rules.md §1): streamed, header names in any case.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { MonthIndex } from '../core/dates.js';
import type { EngineSettings } from '../core/engine-settings.js';
import {
  DEAL_LINE_COLUMNS,
  ENTRY_COLUMNS,
  HISTORY_COLUMNS,
  REQUIRED_DEAL_COLUMNS,
  REQUIRED_ENTRY_COLUMNS,
  REQUIRED_HISTORY_COLUMNS,
  type DealLineRow,
  type EntryRow,
  type HistoryRow,
} from '../core/records.js';
import { echo } from '../core/echo.js';
import { threadChoiceFromEnv, usesThread, type ThreadChoice } from '../core/thread-choice.js';
import { CsvParser, CsvRowProblem, type CsvRecord } from '../csv/csv-parser.js';
import { EntriesOnWorker } from './csv/entries-ahead.js';
import { Utf8Chunks, type DecodedChunk } from './csv/utf8-chunks.js';
import {
  MalformedRow,
  SourceError,
  type EntriesAhead,
  type PeriodWindow,
  type ReadProgress,
  type RecordSource,
  type SourceRow,
} from '../pipeline/ports/record-source.js';

const CHUNK_BYTES = 1 << 16;

/**
 * Below this size the entries are read on the calling thread: starting a worker and loading the
 * reading modules into it costs more than reading a small file alongside the deals saves. Measured
 * side by side, the two ways cross at an entries file of about 5 MB (README, Performance).
 */
export const ENTRIES_THREAD_MIN_BYTES = 5_000_000;

/**
 * When to read the entries on a worker thread: `auto` by the file's size, `always`, or `never`.
 * RECON_ENTRIES_THREAD=1 forces it (tests compare it with one thread on small files), =0 turns it
 * off (one-core hosts, debuggers).
 */
export type EntriesThread = ThreadChoice;

export class CsvRecordSource implements RecordSource {
  readonly description: string;
  /** Present only with a history file (docs/rules.md §7 `--history`): a run without one has no life to date. */
  readonly history?: RecordSource['history'];

  constructor(
    private readonly dealsPath: string,
    readonly entriesPath: string,
    /** Whether to offer reading the entries on a worker thread (see EntriesThread; RECON_ENTRIES_THREAD). */
    private readonly entriesThread: EntriesThread = threadChoiceFromEnv('RECON_ENTRIES_THREAD'),
    /** A history file (docs/rules.md §7 `--history`): without one the run has no life to date. */
    private readonly historyPath?: string,
  ) {
    this.description =
      historyPath === undefined
        ? `CSV files ${dealsPath} and ${entriesPath}`
        : `CSV files ${dealsPath}, ${entriesPath} and history ${historyPath}`;
    if (historyPath !== undefined)
      this.history = (_window, progress) =>
        readCsvRecords<HistoryRow>(
          historyPath,
          'history',
          HISTORY_COLUMNS,
          REQUIRED_HISTORY_COLUMNS,
          historyRow,
          progress,
        );
  }

  /**
   * The entries file read and validated on a worker thread while the caller books the deals (two
   * cores), when it is large enough to gain from it (ENTRIES_THREAD_MIN_BYTES). With a history file
   * the worker first reads and validates the history, since the period's entries are judged
   * against its entry_ids. Only from the built JavaScript, since the worker is a .js file;
   * otherwise undefined and both are read in-process, the same way.
   */
  entriesAhead(settings: EngineSettings, period: MonthIndex): EntriesAhead | undefined {
    if (!import.meta.url.endsWith('.js') || !readsOnThread(this.entriesThread, this.entriesPath))
      return undefined;
    return new EntriesOnWorker(
      this.entriesPath,
      settings,
      period,
      this.historyPath,
      this.historyPath !== undefined && !historyHasEntryRows(this.historyPath),
    );
  }

  deals(_window: PeriodWindow, progress?: ReadProgress): AsyncIterable<SourceRow<DealLineRow>[]> {
    return readCsvRecords<DealLineRow>(
      this.dealsPath,
      'deals',
      DEAL_LINE_COLUMNS,
      REQUIRED_DEAL_COLUMNS,
      dealRow,
      progress,
    );
  }

  entries(_window: PeriodWindow, progress?: ReadProgress): AsyncIterable<SourceRow<EntryRow>[]> {
    return readCsvRecords<EntryRow>(
      this.entriesPath,
      'entries',
      ENTRY_COLUMNS,
      REQUIRED_ENTRY_COLUMNS,
      entryRow,
      progress,
    );
  }
}

/** Bytes of a history file read for its header: a header longer than this is taken as entry-shaped. */
const HEADER_PEEK_BYTES = 1 << 16;

/**
 * Whether the history file's rows are entry-shaped, from its header: a recognition_period column
 * (in any case, as readHeader matches names) makes every row entry-shaped (docs/rules.md §7), with
 * entry_ids the period's entries are judged against. True also when the header cannot be read here
 * (the read itself then says why): only aggregated rows may be read after the entries.
 */
export function historyHasEntryRows(path: string): boolean {
  let text: string;
  let whole: boolean;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(HEADER_PEEK_BYTES);
      const read = readSync(fd, buffer, 0, HEADER_PEEK_BYTES, 0);
      text = buffer.toString('utf8', 0, read);
      whole = read < HEADER_PEEK_BYTES;
    } finally {
      closeSync(fd);
    }
  } catch {
    return true;
  }
  const records: CsvRecord[] = [];
  const parser = new CsvParser();
  parser.push(text.replaceAll('\r\n', '\n').replaceAll('\r', '\n'), records);
  // A file shorter than the peek whose only line has no line break (a header alone).
  if (whole) parser.end(records);
  const header = records[0];
  if (header === undefined || header instanceof CsvRowProblem) return true;
  return header.some((field) => columnName(field) === 'recognition_period');
}

/** The canonical column a header field names: header names match in any case, spaces around ignored. */
const columnName = (field: string) => field.trim().toLowerCase();

/** Whether the entries file at `path` is read on a worker thread under `mode`. */
export function readsOnThread(mode: EntriesThread, path: string): boolean {
  return usesThread(mode, () => {
    try {
      return statSync(path).size >= ENTRIES_THREAD_MIN_BYTES;
    } catch {
      return false; // read in-process, which reports why the file cannot be read
    }
  });
}

async function* readCsvRecords<T extends Record<string, string | null | undefined>>(
  path: string,
  source: 'deals' | 'entries' | 'history',
  columns: readonly string[],
  required: readonly string[],
  build: RowBuilder<T>,
  progress?: ReadProgress,
): AsyncGenerator<SourceRow<T>[]> {
  const size = await fileSize(path, source);
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const utf8 = new Utf8Chunks();
  const parser = new CsvParser();
  let header: { at: Int32Array; width: number } | undefined;
  let rowsRead = 0;
  let bytes = 0;
  let lineBreak: '\n' | '\r' | undefined;
  /** A chunk with bytes that are not UTF-8 left part of a row to the next one: that row is checked too. */
  let carriedReplacement = false;
  const convert = (records: CsvRecord[], checkEncoding: boolean): SourceRow<T>[] => {
    const batch: SourceRow<T>[] = [];
    for (const record of records) {
      if (!header) {
        if (record instanceof CsvRowProblem)
          throw new SourceError(`${path}: cannot read its header row: ${echo(record.problem)}`);
        header = readHeader(record, path, columns, required);
        continue;
      }
      rowsRead++;
      if (record instanceof CsvRowProblem) batch.push(new MalformedRow(record.problem, record.raw));
      else if (checkEncoding && record.some((f) => f.includes(REPLACEMENT))) batch.push(notUtf8(record));
      else if (record.length !== header.width) batch.push(malformed(record, header.width));
      else batch.push(build(record, header.at));
    }
    return batch;
  };
  /** Parses one decoded chunk; rows are searched for U+FFFD only where bytes were not UTF-8. */
  const parse = ({ text, valid }: DecodedChunk): SourceRow<T>[] => {
    const records: CsvRecord[] = [];
    // Classic Mac files end lines with a lone CR: read them as LF (decided on the first chunk).
    lineBreak ??= text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
    parser.push(lineBreak === '\r' ? text.replaceAll('\r', '\n') : text, records);
    const replaced = carriedReplacement || !valid;
    carriedReplacement = replaced && parser.carryIncludes(REPLACEMENT);
    return convert(records, replaced);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      const batch = parse(utf8.decode(chunk));
      if (batch.length > 0) yield batch;
      progress?.(source, rowsRead, size > 0 ? Math.min(1, bytes / size) : undefined);
    }
    const tail = utf8.end();
    const last = parse(tail);
    const endRecords: CsvRecord[] = [];
    parser.end(endRecords);
    const batch = [...last, ...convert(endRecords, carriedReplacement || !tail.valid)];
    if (batch.length > 0) yield batch;
    if (!header) throw new SourceError(`${source} file ${path} is empty: it needs at least a header row`);
    progress?.(source, rowsRead, 1);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`cannot read ${source} file ${path}: ${(error as Error).message}`, false, {
      cause: error,
    });
  } finally {
    stream.destroy();
  }
}

async function fileSize(path: string, source: string): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new SourceError(`cannot read ${source} file ${path}: ${why}`, false, { cause: error });
  }
  if (info.isDirectory())
    throw new SourceError(`cannot read ${source} file ${path}: it is a folder, not a file`);
  return info.size;
}

/** Where each canonical column sits in the file (-1 when absent), in `columns` order. */
function readHeader(fields: string[], path: string, columns: readonly string[], required: readonly string[]) {
  const at = new Int32Array(columns.length).fill(-1);
  fields.forEach((f, i) => {
    const c = columns.indexOf(columnName(f));
    if (c === -1) return;
    // Which of two contract_value columns is meant? Guessing would give wrong numbers silently.
    if (at[c] !== -1)
      throw new SourceError(`${path} has the column ${columns[c]} twice (header: ${echo(fields.join(','))})`);
    at[c] = i;
  });
  const missing = required.filter((c) => at[columns.indexOf(c)] === -1);
  if (missing.length > 0) {
    throw new SourceError(
      `${path} has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (header: ${echo(fields.join(','))})`,
    );
  }
  return { at, width: fields.length };
}

/** What the UTF-8 decoder puts in place of bytes that are not UTF-8 (only searched for in chunks that had some). */
const REPLACEMENT = '\uFFFD';

function notUtf8(fields: string[]): MalformedRow {
  return new MalformedRow(
    'the row has bytes that are not UTF-8 (was the file saved in another encoding?)',
    fields.join(','),
  );
}

function malformed(fields: string[], width: number): MalformedRow {
  return new MalformedRow(`row has ${fields.length} fields, the header has ${width}`, fields.join(','));
}

type RowBuilder<T> = (fields: string[], at: Int32Array) => T;

const cell = (fields: string[], i: number | undefined): string | undefined =>
  i === undefined || i < 0 ? undefined : fields[i];

/**
 * One object literal per row with every canonical column, absent ones undefined: a fixed shape V8
 * builds fast, where setting columns one by one by name went through slow dictionary-like stores.
 * Order follows DEAL_LINE_COLUMNS / ENTRY_COLUMNS (the zod schemas in records.ts).
 */
const dealRow: RowBuilder<DealLineRow> = (f, at) => ({
  deal_id: cell(f, at[0]),
  line_id: cell(f, at[1]),
  customer_id: cell(f, at[2]),
  customer_name: cell(f, at[3]),
  segment: cell(f, at[4]),
  revenue_type: cell(f, at[5]),
  contract_value: cell(f, at[6]),
  currency: cell(f, at[7]),
  duration_months: cell(f, at[8]),
  booking_date: cell(f, at[9]),
  start_date: cell(f, at[10]),
  close_date: cell(f, at[11]),
});

const entryRow: RowBuilder<EntryRow> = (f, at) => ({
  entry_id: cell(f, at[0]),
  deal_id: cell(f, at[1]),
  revenue_type: cell(f, at[2]),
  recognition_period: cell(f, at[3]),
  recognized_amount: cell(f, at[4]),
  currency: cell(f, at[5]),
});

const historyRow: RowBuilder<HistoryRow> = (f, at) => ({
  entry_id: cell(f, at[0]),
  deal_id: cell(f, at[1]),
  revenue_type: cell(f, at[2]),
  recognition_period: cell(f, at[3]),
  recognized_amount: cell(f, at[4]),
  currency: cell(f, at[5]),
  entry_count: cell(f, at[6]),
});
