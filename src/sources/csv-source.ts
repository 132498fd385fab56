// Reads deal lines and entries from CSV files (SPEC §2): streamed, header names in any case.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS, type DealLineRow, type EntryRow } from '../core/records.js';
import { CsvParser, CsvSyntaxError } from './csv/csv-parser.js';
import { MalformedRow, SourceError, type PeriodWindow, type ReadProgress, type RecordSource, type SourceRow } from './record-source.js';

const REQUIRED_DEAL_COLUMNS = ['deal_id', 'revenue_type', 'contract_value'] as const;
const REQUIRED_ENTRY_COLUMNS = ['entry_id', 'recognition_period', 'recognized_amount'] as const;
const CHUNK_BYTES = 1 << 20;

export class CsvRecordSource implements RecordSource {
  readonly description: string;

  constructor(
    private readonly dealsPath: string,
    private readonly entriesPath: string,
  ) {
    this.description = `CSV files ${dealsPath} and ${entriesPath}`;
  }

  deals(_window: PeriodWindow, progress?: ReadProgress): AsyncIterable<SourceRow<DealLineRow>[]> {
    return readCsvRecords<DealLineRow>(this.dealsPath, 'deals', DEAL_LINE_COLUMNS, REQUIRED_DEAL_COLUMNS, progress);
  }

  entries(_window: PeriodWindow, progress?: ReadProgress): AsyncIterable<SourceRow<EntryRow>[]> {
    return readCsvRecords<EntryRow>(this.entriesPath, 'entries', ENTRY_COLUMNS, REQUIRED_ENTRY_COLUMNS, progress);
  }
}

async function* readCsvRecords<T extends Record<string, string | null | undefined>>(
  path: string,
  source: 'deals' | 'entries',
  columns: readonly string[],
  required: readonly string[],
  progress?: ReadProgress,
): AsyncGenerator<SourceRow<T>[]> {
  const size = await fileSize(path, source);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  const parser = new CsvParser();
  let header: { names: (keyof T | undefined)[]; width: number } | undefined;
  let rowsRead = 0;
  let bytes = 0;
  const convert = (fields: string[][]): SourceRow<T>[] => {
    const batch: SourceRow<T>[] = [];
    for (const fields_ of fields) {
      if (!header) {
        header = readHeader<T>(fields_, path, columns, required);
        continue;
      }
      rowsRead++;
      batch.push(toRecord<T>(fields_, header.names, header.width));
    }
    return batch;
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      bytes += chunk.length;
      const rows: string[][] = [];
      parser.push(chunk, rows);
      const batch = convert(rows);
      if (batch.length > 0) yield batch;
      progress?.(source, rowsRead, size > 0 ? Math.min(1, bytes / size) : undefined);
    }
    const rows: string[][] = [];
    try {
      parser.end(rows);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      const tail = convert(rows);
      tail.push(new MalformedRow(error.message, ''));
      yield tail;
      return;
    }
    const batch = convert(rows);
    if (batch.length > 0) yield batch;
    if (!header) throw new SourceError(`${source} file ${path} is empty: it needs at least a header row`);
    progress?.(source, rowsRead, 1);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`cannot read ${source} file ${path}: ${(error as Error).message}`, false, { cause: error });
  } finally {
    stream.destroy();
  }
}

async function fileSize(path: string, source: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new SourceError(`cannot read ${source} file ${path}: ${why}`, false, { cause: error });
  }
}

function readHeader<T>(fields: string[], path: string, columns: readonly string[], required: readonly string[]) {
  const known = new Set(columns);
  const names = fields.map((f) => {
    const name = f.trim().toLowerCase();
    return known.has(name) ? (name as keyof T) : undefined;
  });
  const missing = required.filter((c) => !names.includes(c as keyof T));
  if (missing.length > 0) {
    throw new SourceError(`${path} has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (header: ${fields.join(',')})`);
  }
  return { names, width: fields.length };
}

function toRecord<T>(fields: string[], names: (keyof T | undefined)[], width: number): SourceRow<T> {
  if (fields.length !== width) {
    return new MalformedRow(`row has ${fields.length} fields, the header has ${width}`, fields.join(','));
  }
  const record = {} as Record<keyof T, string>;
  for (let i = 0; i < width; i++) {
    const name = names[i];
    if (name !== undefined) record[name] = fields[i]!;
  }
  return record as T;
}
