// The two emulated databases (Analytics, Accounting) on PGlite: demo schema, seeding from canonical rows, streamed queries.
import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import { CATALOG, pgDdl } from './catalog.js';
import type { CellValue } from './tds-types.js';
import { TsqlError } from './tsql-error.js';

export const DATABASES = ['Analytics', 'Accounting'] as const;
export type DatabaseName = (typeof DATABASES)[number];

/** TRY_CAST / TRY_CONVERT: runs the conversion and answers NULL where SQL Server's would fail. */
const HELPERS = `
  CREATE FUNCTION emu_try_convert(v text, q text, target anyelement) RETURNS anyelement AS $$
  DECLARE r ALIAS FOR $0;
  BEGIN
    IF v IS NULL THEN RETURN NULL; END IF;
    EXECUTE q INTO r USING v;
    RETURN r;
  EXCEPTION WHEN others THEN RETURN NULL;
  END $$ LANGUAGE plpgsql STABLE;
  -- VOLATILE, the two below: a function that raises must not be folded when the plan is made
  -- (LEFT(x, -1) over no rows returns no rows on SQL Server).
  CREATE FUNCTION emu_fit(v text, n int, overflow text) RETURNS text AS $$
  BEGIN
    IF v IS NOT NULL AND length(v) > n THEN
      IF overflow = '*' THEN RETURN '*'; END IF;
      RAISE EXCEPTION USING ERRCODE = '22003', MESSAGE = 'emu: ' || overflow;
    END IF;
    RETURN v;
  END $$ LANGUAGE plpgsql VOLATILE;
  CREATE FUNCTION emu_length(n int, number int, message text) RETURNS int AS $$
  BEGIN
    IF n < 0 THEN RAISE EXCEPTION USING ERRCODE = 'EMU01', MESSAGE = number || ' ' || message; END IF;
    RETURN n;
  END $$ LANGUAGE plpgsql VOLATILE;`;

/** Keeps PGlite from turning dates, timestamps and bigints into JS objects: the TDS encoder wants their text. */
const TEXT_PARSERS = {
  1082: (s: string) => s,
  1114: (s: string) => s,
  1184: (s: string) => s,
  20: (s: string) => s,
};

/**
 * Each database's schema as a PGlite data directory: initdb in WebAssembly is most of an emulator's
 * start-up, and tests start several emulators per process and the demo one per run. The first
 * database of a name is made from scratch and dumped, in memory for this process and in the system's
 * temporary folder for the next ones, under a name that changes with the schema and the PGlite build.
 * A dump that cannot be read or written is only a slower start, never an error.
 */
const schemas = new Map<DatabaseName, Promise<Blob | undefined>>();

export function schemaFile(name: DatabaseName): string {
  // dist/index.js → the package's own package.json, whose version names the build.
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const manifest = readFileSync(join(dirname(dirname(entry)), 'package.json'), 'utf8');
  const key = createHash('sha256')
    .update(`${manifest}\0${pgDdl(CATALOG[name])}\0${HELPERS}`)
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `recon-sql-emulator-${name}-${key}.tar`);
}

async function readSchema(file: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    return undefined;
  }
}

async function writeSchema(file: string, dump: Blob): Promise<void> {
  // Renamed into place, so a process reading it never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  try {
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  } catch {
    await rm(partial, { force: true });
  }
}

async function fromScratch(name: DatabaseName, file: string): Promise<PGlite> {
  const pg = await PGlite.create({ parsers: TEXT_PARSERS });
  await pg.exec(pgDdl(CATALOG[name]) + HELPERS);
  const dump = await pg.dumpDataDir('none').catch(() => undefined);
  schemas.set(name, Promise.resolve(dump));
  if (dump) await writeSchema(file, dump);
  return pg;
}

async function freshDatabase(name: DatabaseName): Promise<PGlite> {
  const file = schemaFile(name);
  let schema = schemas.get(name);
  if (!schema) {
    schema = readSchema(file);
    schemas.set(name, schema);
  }
  const dump = await schema;
  if (dump) {
    try {
      return await PGlite.create({ parsers: TEXT_PARSERS, loadDataDir: dump });
    } catch {
      await rm(file, { force: true });
    }
  }
  return fromScratch(name, file);
}

export class EmulatedDatabase {
  private constructor(
    readonly name: DatabaseName,
    private readonly pg: PGlite,
  ) {}

  static async create(name: DatabaseName): Promise<EmulatedDatabase> {
    return new EmulatedDatabase(name, await freshDatabase(name));
  }

  async close(): Promise<void> {
    await this.pg.close();
  }

  /** Loads rows through COPY (fast enough for the 1M-deal month). */
  async copyRows(table: string, columns: string[], rows: Iterable<(string | null)[]>): Promise<number> {
    const lines: string[] = [];
    let count = 0;
    for (const row of rows) {
      lines.push(row.map(csvCell).join(','));
      count++;
    }
    if (count === 0) return 0;
    const blob = new Blob([lines.join('\n') + '\n']);
    await this.pg.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
      blob,
    });
    return count;
  }

  /**
   * Runs a SELECT through a server-side cursor so that a big result is never held whole in memory;
   * `onBatch` returns false to stop early (ATTENTION, dropped connection, injected fault).
   */
  async stream(
    text: string,
    params: unknown[],
    onStart: () => Promise<void>,
    onBatch: (rows: CellValue[][]) => Promise<boolean>,
    batchSize = 1000,
  ): Promise<void> {
    try {
      await this.pg.transaction(async (tx) => {
        await tx.query(`DECLARE emulator_cursor NO SCROLL CURSOR FOR ${text}`, params);
        let started = false;
        for (;;) {
          const res = await tx.query<CellValue[]>(`FETCH ${batchSize} FROM emulator_cursor`, [], {
            rowMode: 'array',
            parsers: TEXT_PARSERS,
          });
          if (!started) {
            started = true;
            await onStart();
          }
          if (res.rows.length === 0) break;
          if (!(await onBatch(res.rows))) break;
          if (res.rows.length < batchSize) break;
        }
        await tx.query('CLOSE emulator_cursor');
      });
    } catch (error) {
      throw toTsqlError(error);
    }
  }

  /** A one-row scalar query (IF conditions). */
  async scalar(text: string, params: unknown[]): Promise<unknown> {
    try {
      const res = await this.pg.query<unknown[]>(text, params, { rowMode: 'array' });
      return res.rows[0]?.[0];
    } catch (error) {
      throw toTsqlError(error);
    }
  }
}

function csvCell(v: string | null): string {
  if (v === null) return '';
  return `"${v.replace(/"/g, '""')}"`;
}

/** Maps a PostgreSQL error to the SQL Server error a client would see. */
export function toTsqlError(error: unknown): TsqlError {
  if (error instanceof TsqlError) return error;
  const e = error as { code?: string; message?: string };
  const msg = e.message ?? String(error);
  const quoted = /"([^"]+)"/.exec(msg)?.[1] ?? '';
  switch (e.code) {
    // A SQL Server error the translated SQL raises itself (emu_length): "number message".
    case 'EMU01': {
      const m = /^(\d+) (.*)$/s.exec(msg);
      return new TsqlError(Number(m?.[1] ?? 8180), m?.[2] ?? msg, 16, 1);
    }
    case '42P01':
      return new TsqlError(208, `Invalid object name '${quoted}'.`, 16, 1);
    case '42703':
      return new TsqlError(207, `Invalid column name '${quoted.split('.').pop() ?? quoted}'.`, 16, 1);
    case '42601':
      return new TsqlError(102, `Incorrect syntax near '${quoted || 'end of batch'}'.`, 15, 1);
    case '42883':
      return msg.startsWith('operator')
        ? new TsqlError(206, `Operand type clash: ${msg}.`, 16, 2)
        : new TsqlError(
            195,
            `'${/function (\w+)/.exec(msg)?.[1] ?? 'function'}' is not a recognized built-in function name.`,
            15,
            10,
          );
    case '42804':
      return new TsqlError(206, `Operand type clash: ${msg}.`, 16, 2);
    case '22007':
    case '22008':
      return new TsqlError(
        241,
        'Conversion failed when converting date and/or time from character string.',
        16,
        1,
      );
    case '22P02': {
      const m = /invalid input syntax for type (\w+(?: \w+)?): "(.*)"/.exec(msg);
      const pgType = m?.[1] ?? '';
      if (pgType === 'integer' || pgType === 'smallint' || pgType === 'bigint')
        return new TsqlError(
          245,
          `Conversion failed when converting the varchar value '${m?.[2] ?? ''}' to data type ${pgType === 'integer' ? 'int' : pgType}.`,
          16,
          1,
        );
      if (pgType === 'numeric' || pgType === 'double precision')
        return new TsqlError(
          8114,
          `Error converting data type varchar to ${pgType === 'numeric' ? 'numeric' : 'float'}.`,
          16,
          5,
        );
      return new TsqlError(245, `Conversion failed: ${msg}.`, 16, 1);
    }
    case '22003': {
      // The emulator's own overflow (emu_fit): SQL Server's message as the translator wrote it.
      if (msg.startsWith('emu: ')) return new TsqlError(8115, msg.slice(5), 16, 2);
      const type = /integer|smallint|bigint/.exec(msg)?.[0];
      return new TsqlError(
        8115,
        `Arithmetic overflow error converting expression to data type ${type === 'integer' ? 'int' : (type ?? 'numeric')}.`,
        16,
        2,
      );
    }
    case '22012':
      return new TsqlError(8134, 'Divide by zero error encountered.', 16, 1);
    default:
      return new TsqlError(8180, `Statement(s) could not be prepared: ${msg}`, 16, 1);
  }
}

// ---- seeding from canonical rows ----

const DEAL_COLUMNS = [
  'DealId',
  'LineId',
  'CustomerId',
  'CustomerName',
  'Segment',
  'RevenueType',
  'ContractValue',
  'Currency',
  'DurationMonths',
  'BookingDate',
  'StartDate',
  'CloseDate',
];
const ENTRY_COLUMNS = [
  'EntryId',
  'DealId',
  'RevenueType',
  'RecognitionPeriod',
  'RecognizedAmount',
  'Currency',
  'IsReversal',
  'PostedAt',
];

const text = (v: string | null | undefined, max: number): string | null => {
  if (v === null || v === undefined || v.trim() === '') return null;
  return v.length > max ? null : v;
};
const money = (v: string | null | undefined): string | null => {
  const s = v?.trim() ?? '';
  return /^-?\d{1,16}(\.\d{1,2})?$/.test(s) ? s : null;
};
const int = (v: string | null | undefined): string | null => {
  const s = v?.trim() ?? '';
  return /^-?\d{1,9}$/.test(s) ? s : null;
};
export function isoDate(v: string | null | undefined): string | null {
  const s = v?.trim() ?? '';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3] ?? '01'}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** A value that does not fit its typed column (unparsable date or amount, text too long) is stored as NULL. */
export function dealToColumns(r: DealLineRow): (string | null)[] {
  return [
    text(r.deal_id, 64),
    text(r.line_id, 64),
    text(r.customer_id, 64),
    text(r.customer_name, 200),
    text(r.segment, 100),
    text(r.revenue_type, 100),
    money(r.contract_value),
    text(r.currency, 8),
    int(r.duration_months),
    isoDate(r.booking_date),
    isoDate(r.start_date),
    isoDate(r.close_date),
  ];
}

export function entryToColumns(r: EntryRow): (string | null)[] {
  const amount = money(r.recognized_amount);
  const period = isoDate(r.recognition_period);
  return [
    text(r.entry_id, 64),
    text(r.deal_id, 64),
    text(r.revenue_type, 100),
    period,
    amount,
    text(r.currency, 8),
    amount === null ? null : amount.startsWith('-') ? '1' : '0',
    period === null ? null : `${period} 12:00:00`,
  ];
}

function* mapRows<T>(rows: Iterable<T>, f: (r: T) => (string | null)[]): Iterable<(string | null)[]> {
  for (const r of rows) yield f(r);
}

export async function seedDeals(db: EmulatedDatabase, deals: Iterable<DealLineRow>): Promise<number> {
  return db.copyRows('dbo.deals', DEAL_COLUMNS, mapRows(deals, dealToColumns));
}

export async function seedEntries(db: EmulatedDatabase, entries: Iterable<EntryRow>): Promise<number> {
  return db.copyRows('dbo.revenuerecognition', ENTRY_COLUMNS, mapRows(entries, entryToColumns));
}
