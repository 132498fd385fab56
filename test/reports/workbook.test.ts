// reconciliation.xlsx read back with the library that wrote it: the same tables as the CSV files, typed.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';
import { runReconciliation } from '../../src/pipeline/run-reconciliation.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';
import { parseCsv } from '../../src/csv/csv-parser.js';
import { entry, line } from '../helpers/engine.js';

const deals = [
  line({ deal_id: '00042', line_id: 'L1', customer_name: 'Société Générale', start_date: '2026-10-01' }),
  line({
    deal_id: 'D2',
    line_id: 'L1',
    customer_name: '=HYPERLINK("http://x","y")',
    segment: 'SMB',
    currency: 'JPY',
    contract_value: '3000000',
    duration_months: '3',
    start_date: '2026-10-01',
  }),
  line({ deal_id: 'D3', line_id: 'L1', revenue_type: 'Licence', start_date: '2026-10-01' }),
];
const entries = [
  entry({ entry_id: '1E5', deal_id: '00042', recognized_amount: '400.00' }),
  entry({ entry_id: 'E2', deal_id: '00042', recognized_amount: '100.00' }),
  entry({ entry_id: 'E3', deal_id: 'D2', recognized_amount: '250000', currency: 'JPY' }),
];

async function runTo(dir: string) {
  await runReconciliation(
    { period: '2026-10', runId: 'xlsx-1', trigger: 'cli', settings: parseEngineSettings({}) },
    {
      source: new MemoryRecordSource(deals, entries),
      store: new FolderReportStore(dir, { flat: true }),
      log: silentLogger,
      // Different clocks: nothing of the wall clock may reach the workbook.
      clock: () => new Date(Date.now()),
    },
  );
}

const csvTable = async (dir: string, name: string) => parseCsv(await readFile(join(dir, name), 'utf8'));

describe('reconciliation.xlsx', () => {
  it('holds the CSV tables as sheets with frozen headers, filters, numbers and months', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-xlsx-'));
    await runTo(dir);
    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own Buffer type; Node's Buffer is what it reads.
    await workbook.xlsx.load((await readFile(join(dir, 'reconciliation.xlsx'))) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['discrepancies', 'summary', 'data-quality']);
    for (const [sheet, file] of [
      ['discrepancies', 'discrepancies.csv'],
      ['summary', 'summary.csv'],
      ['data-quality', 'data-quality.csv'],
    ] as const) {
      const ws = workbook.getWorksheet(sheet)!;
      const [header, ...rows] = await csvTable(dir, file);
      expect(ws.getRow(1).values).toEqual([undefined, ...header!]);
      expect(ws.rowCount).toBe(rows.length + 1);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
    }
    const ws = workbook.getWorksheet('discrepancies')!;
    const [header, ...rows] = await csvTable(dir, 'discrepancies.csv');
    const col = (name: string) => header!.indexOf(name) + 1;
    const usd = rows.findIndex((r) => r[col('deal_id') - 1] === '00042') + 2;
    const jpy = rows.findIndex((r) => r[col('deal_id') - 1] === 'D2') + 2;
    // Ids stay text (leading zeros, "1E5"); amounts are numbers formatted with the currency's digits.
    expect(ws.getCell(usd, col('deal_id')).value).toBe('00042');
    expect(ws.getCell(usd, col('entry_ids')).value).toBe('1E5;E2');
    expect(ws.getCell(usd, col('customer_name')).value).toBe('Société Générale');
    expect(ws.getCell(usd, col('expected')).value).toBe(1000);
    expect(ws.getCell(usd, col('recognized')).value).toBe(500);
    expect(ws.getCell(usd, col('variance')).numFmt).toBe('#,##0.00');
    expect(ws.getCell(jpy, col('expected')).value).toBe(1_000_000);
    expect(ws.getCell(jpy, col('variance')).value).toBe(-750_000);
    expect(ws.getCell(jpy, col('variance')).numFmt).toBe('#,##0');
    expect(ws.getCell(usd, col('variance_pct')).value).toBe(-50);
    expect(ws.getCell(usd, col('entry_count')).value).toBe(2);
    // The period is a date (shown as 2026-10); the formula stays text, neutralised as in the CSV.
    expect(ws.getCell(usd, col('period')).value).toEqual(new Date(Date.UTC(2026, 9, 1)));
    expect(ws.getCell(usd, col('period')).numFmt).toBe('yyyy-mm');
    expect(ws.getCell(jpy, col('customer_name')).value).toBe(rows[jpy - 2]![col('customer_name') - 1]);
    expect(ws.getCell(jpy, col('customer_name')).type).toBe(ExcelJS.ValueType.String);
  });

  it('is byte-identical on a rerun with the same inputs, settings and run id', async () => {
    const a = await mkdtemp(join(tmpdir(), 'recon-xlsx-a-'));
    const b = await mkdtemp(join(tmpdir(), 'recon-xlsx-b-'));
    await runTo(a);
    await new Promise((r) => setTimeout(r, 1100));
    await runTo(b);
    // The zip's entry times and the document properties carry no wall clock (zip times step by 2 s,
    // so the bytes alone could match by chance).
    const zip = await JSZip.loadAsync(await readFile(join(a, 'reconciliation.xlsx')));
    const dates = new Set(Object.values(zip.files).map((f) => f.date.toISOString()));
    expect(dates).toEqual(new Set(['1980-01-01T00:00:00.000Z']));
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z</dcterms:created>',
    );
    for (const name of ['reconciliation.xlsx', 'discrepancies.csv', 'summary.csv', 'data-quality.csv'])
      expect((await readFile(join(a, name))).equals(await readFile(join(b, name))), name).toBe(true);
  });
});
