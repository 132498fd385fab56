// A reconciliation read from the emulator over TCP equals the same data read from CSV files (the engine's known answers).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS, type DealLineRow, type EntryRow } from '../../src/core/records.js';
import { generateMonth } from '../../src/generator/generate.js';
import { writeRowsCsv } from '../../src/generator/write-csv.js';
import { reconcileSource, type Reconciliation } from '../../src/pipeline/reconcile-source.js';
import { CsvRecordSource } from '../../src/sources/csv-source.js';
import { createSqlSource } from '../../src/sources/sql/sql-source.js';
import { dealToColumns, entryToColumns } from '../../tools/sql-emulator/databases.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { publicOutputs } from '../helpers/engine.js';
import { settingsFor, WINDOW } from './helpers.js';

/** Rows whose every value fits the typed SQL columns unchanged (the rest would be NULLed at seeding). */
const same = (a: (string | null)[], b: (string | null | undefined)[]): boolean =>
  a.every((v, i) => v === ((b[i] ?? '').trim() === '' ? null : b[i]));
const fitsDeal = (r: DealLineRow): boolean =>
  same(
    dealToColumns(r),
    DEAL_LINE_COLUMNS.map((c) => r[c]),
  );
const fitsEntry = (r: EntryRow): boolean => {
  const p = r.recognition_period ?? '';
  return same(
    entryToColumns(r).slice(0, 6),
    ENTRY_COLUMNS.map((c) => (c === 'recognition_period' ? (p.length === 7 ? `${p}-01` : p) : r[c])),
  );
};

/** The outputs two reads of the same data must agree on (row numbers aside: see below). */
const outputsOf = (recon: Reconciliation) => {
  const { dataQuality: _rowNumbered, ...outputs } = publicOutputs(recon);
  return outputs;
};

let emu: SqlEmulator;
let dir: string;
let deals: DealLineRow[];
let entries: EntryRow[];

beforeAll(async () => {
  const month = generateMonth({ deals: 1500, period: WINDOW.period, seed: 11 });
  deals = month.deals.filter(fitsDeal);
  entries = month.entries.filter(fitsEntry);
  dir = await mkdtemp(join(tmpdir(), 'sql-recon-'));
  await writeRowsCsv(join(dir, 'deals.csv'), DEAL_LINE_COLUMNS, deals);
  await writeRowsCsv(join(dir, 'entries.csv'), ENTRY_COLUMNS, entries);
  const monthOf = (r: EntryRow) => (r.recognition_period ?? '').slice(0, 7);
  await writeRowsCsv(
    join(dir, 'period-entries.csv'),
    ENTRY_COLUMNS,
    entries.filter((r) => monthOf(r) === WINDOW.period),
  );
  await writeRowsCsv(
    join(dir, 'history.csv'),
    ENTRY_COLUMNS,
    entries.filter((r) => monthOf(r) !== '' && monthOf(r) < WINDOW.period),
  );
  emu = await startSqlEmulator({ deals, entries });
}, 60_000);
afterAll(async () => {
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the same reconciliation from SQL as from CSV, even when the deals connection drops mid-stream', async () => {
  const settings = parseEngineSettings({});
  const fromCsv = await reconcileSource(
    new CsvRecordSource(join(dir, 'deals.csv'), join(dir, 'entries.csv')),
    WINDOW.period,
    settings,
  );
  expect(deals.length).toBeGreaterThan(1000);
  expect(fromCsv.result.discrepancies.length).toBeGreaterThan(50);
  const sqlSource = createSqlSource(settingsFor(emu.appSettings, { RECON_LIFE_TO_DATE: 'false' }), {
    baseDelayMs: 5,
    maxDelayMs: 20,
    batchSize: 100,
  });
  const fromSql = await reconcileSource(sqlSource, WINDOW.period, settings);
  expect(outputsOf(fromSql)).toEqual(outputsOf(fromCsv));
  // Row numbers differ for entries: the SQL query reads only the period's entries, the CSV file all of them.
  const withoutRowNumbers = (issues: typeof fromCsv.dataQuality) =>
    issues.map(({ rowNumber: _n, ...rest }) => rest);
  expect(withoutRowNumbers(fromSql.dataQuality)).toEqual(withoutRowNumbers(fromCsv.dataQuality));
  expect(fromSql.inputs.deals.rows_read).toBe(fromCsv.inputs.deals.rows_read);

  emu.faults.add({ on: 'query', database: 'Analytics', dropAfterRows: 700 });
  const afterDrop = await reconcileSource(sqlSource, WINDOW.period, settings);
  expect(outputsOf(afterDrop)).toEqual(outputsOf(fromCsv));
  expect(afterDrop.inputs.deals.rows_read).toBe(deals.length);
}, 60_000);

test('life to date from the default HISTORY_QUERY (aggregated in the database) equals the same history as entry rows from CSV', async () => {
  const settings = parseEngineSettings({});
  const fromCsv = await reconcileSource(
    new CsvRecordSource(
      join(dir, 'deals.csv'),
      join(dir, 'period-entries.csv'),
      undefined,
      join(dir, 'history.csv'),
    ),
    WINDOW.period,
    settings,
  );
  const fromSql = await reconcileSource(
    createSqlSource(settingsFor(emu.appSettings)),
    WINDOW.period,
    settings,
  );
  expect(fromCsv.inputs.history!.rows_read).toBeGreaterThan(10);
  // One aggregated row per deal, type and currency: fewer rows than entries.
  expect(fromSql.inputs.history!.rows_read).toBeLessThanOrEqual(fromCsv.inputs.history!.rows_read);
  expect(fromSql.lifeToDate!.keyCount).toBeGreaterThan(1000);
  expect(fromSql.lifeToDate!.openItems.length).toBeGreaterThan(0);
  expect(outputsOf(fromSql)).toEqual(outputsOf(fromCsv));
}, 60_000);
