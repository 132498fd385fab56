// reconciliation.xlsx read back with an independent reader (ExcelJS): the same tables as the CSV files, typed.
import { execFileSync } from 'node:child_process';
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
import { parseOpenItems } from '../../src/history/previous-open-items.js';
import { renderWorkbook, WORKBOOK_ROW_CAP, WorkbookWriter } from '../../src/reports/xlsx/workbook.js';
import { entry, line } from '../helpers/engine.js';
import { deal, monthly, posting } from '../ltd/helpers.js';

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

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer type; Node's Buffer is what it reads.
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** The sheet's data rows as the CSV writes them: every cell back to text. */
function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((r, n) => {
    if (n > 1) rows.push((r.values as unknown[]).slice(1));
  });
  return rows;
}

// October with history: OPEN (12,000.00 over 12 months from January) never posted in February and is
// open since February (September's run said so); UNDATED missed June but is not in September's list
// (continuing, undated); NEW missed October (new: open since October); CLOSED caught up in October
// what it missed in September (closed, recovered).
const OPEN = 'D-0001';
const NEW = 'Société 2';
const CLOSED = 'D-0003';
const UNDATED = 'D-0004';
const ltdDeals = [
  deal({ deal_id: OPEN, start_date: '2026-01-01', customer_name: 'Crème Brûlée SA' }),
  deal({ deal_id: NEW, start_date: '2026-01-01' }),
  deal({ deal_id: CLOSED, start_date: '2026-01-01' }),
  deal({ deal_id: UNDATED, start_date: '2026-01-01' }),
];
const ltdHistory = [
  ...monthly(OPEN, '2026-01', '2026-01', '1000.00'),
  ...monthly(OPEN, '2026-03', '2026-09', '1000.00'),
  ...monthly(NEW, '2026-01', '2026-09', '1000.00'),
  ...monthly(CLOSED, '2026-01', '2026-08', '1000.00'),
  ...monthly(UNDATED, '2026-01', '2026-05', '1000.00'),
  ...monthly(UNDATED, '2026-07', '2026-09', '1000.00'),
];
const ltdEntries = [
  posting(OPEN, '2026-10', '1000.00'),
  posting(CLOSED, '2026-10', '2000.00'),
  posting(UNDATED, '2026-10', '1000.00'),
];
const september = [
  'run_id,period,deal_id,customer_id,customer_name,segment,revenue_type,revenue_category,currency,month_status,ltd_expected,ltd_recognized,ltd_variance,ltd_tolerance,change,open_since,age_months,explanation',
  `run-sep,2026-09,${OPEN},C-1,x,Enterprise,Subscription,recurring,USD,matched,9000.00,8000.00,-1000.00,1.00,continuing,2026-02,8,x`,
  `run-sep,2026-09,${CLOSED},C-1,x,Enterprise,Subscription,recurring,USD,missing,9000.00,8000.00,-1000.00,1.00,new,2026-09,1,x`,
  '',
].join('\r\n');

/** openpyxl (Debian's python3-openpyxl), a second reader written apart from ExcelJS; the test says when it skips. */
const PYTHON = '/usr/bin/python3';
const hasOpenpyxl = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import openpyxl'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('SKIPPED the openpyxl check of the workbook: apt-get install python3-openpyxl');
    return false;
  }
})();

/** What openpyxl reads from the workbook at `path`, any warning of its turned into a failure. */
function readWithOpenpyxl(path: string) {
  const script = `
import json, sys, warnings, datetime
warnings.simplefilter("error")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def cell(c):
    v = c.value
    return v.date().isoformat() if isinstance(v, datetime.datetime) else v
print(json.dumps([{
  "name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
  "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
  "formats": [[c.number_format for c in row] for row in ws.iter_rows(min_row=2, max_row=2)],
  "bold": ws.cell(1, 1).font.b,
} for ws in wb.worksheets]))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' })) as {
    name: string;
    freeze: string | null;
    filter: string | null;
    rows: (string | number | null)[][];
    formats: string[][];
    bold: boolean;
  }[];
}

describe('reconciliation.xlsx', () => {
  it('holds the CSV tables as sheets with frozen headers, filters, numbers and months', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-xlsx-'));
    await runTo(dir);
    const workbook = await loadWorkbook(await readFile(join(dir, 'reconciliation.xlsx')));
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

  it.runIf(hasOpenpyxl)(
    'opens in openpyxl without a warning, with the same tables, frozen headers, filters and formats',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'recon-xlsx-openpyxl-'));
      await runTo(dir);
      const sheets = readWithOpenpyxl(join(dir, 'reconciliation.xlsx'));
      expect(sheets.map((s) => [s.name, s.freeze, s.bold])).toEqual([
        ['discrepancies', 'A2', true],
        ['summary', 'A2', true],
        ['data-quality', 'A2', true],
      ]);
      const ws = sheets[0]!;
      const [header, ...rows] = await csvTable(dir, 'discrepancies.csv');
      // 19 columns without history: A to S.
      expect(header).toHaveLength(19);
      expect(ws.filter).toBe('A1:S1');
      expect(ws.rows[0]).toEqual(header);
      expect(ws.rows).toHaveLength(rows.length + 1);
      const col = (name: string) => header!.indexOf(name);
      const usd = ws.rows.find((r) => r[col('deal_id')] === '00042')!;
      const jpy = ws.rows.find((r) => r[col('deal_id')] === 'D2')!;
      // 1,000.00 USD expected, 500.00 recognized; 1,000,000 JPY expected, 250,000 recognized.
      expect([usd[col('period')], usd[col('expected')], usd[col('variance')], usd[col('entry_ids')]]).toEqual(
        ['2026-10-01', 1000, -500, '1E5;E2'],
      );
      expect([jpy[col('expected')], jpy[col('variance')], jpy[col('customer_name')]]).toEqual([
        1_000_000,
        -750_000,
        rows.find((r) => r[col('deal_id')] === 'D2')![col('customer_name')],
      ]);
      expect(ws.formats[0]![col('period')]).toBe('yyyy-mm');
    },
  );

  it('with history: the open-items, closed-items and aging sheets equal their CSVs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-xlsx-ltd-'));
    await runReconciliation(
      { period: '2026-10', runId: 'xlsx-ltd', trigger: 'cli', settings: parseEngineSettings({}) },
      {
        source: new MemoryRecordSource(ltdDeals, ltdEntries, 'in-memory rows', ltdHistory),
        store: new FolderReportStore(dir, { flat: true }),
        log: silentLogger,
        previousMonth: {
          openItems: async () => ({ runId: 'run-sep', openSince: parseOpenItems(Buffer.from(september)) }),
        },
      },
    );
    const workbook = await loadWorkbook(await readFile(join(dir, 'reconciliation.xlsx')));
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'discrepancies',
      'summary',
      'data-quality',
      'open-items',
      'closed-items',
      'aging',
    ]);
    for (const name of ['open-items', 'closed-items', 'aging']) {
      const ws = workbook.getWorksheet(name)!;
      const [header, ...rows] = await csvTable(dir, `${name}.csv`);
      expect(ws.getRow(1).values).toEqual([undefined, ...header!]);
      expect(ws.rowCount).toBe(rows.length + 1);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
    }
    const [header, ...csv] = await csvTable(dir, 'open-items.csv');
    // Three open items, each short 1,000.00 (so in deal_id order): OPEN, UNDATED, NEW.
    expect(csv.map((r) => r[header!.indexOf('deal_id')])).toEqual([OPEN, UNDATED, NEW]);
    const ws = workbook.getWorksheet('open-items')!;
    const col = (name: string) => header!.indexOf(name) + 1;
    const open = 2;
    const undated = 3;
    expect(ws.getCell(4, col('open_since')).value).toEqual(new Date(Date.UTC(2026, 9, 1)));
    expect(ws.getCell(4, col('age_months')).value).toBe(1);
    expect(ws.getCell(4, col('change')).value).toBe('new');
    expect(ws.getCell(open, col('deal_id')).value).toBe(OPEN);
    expect(ws.getCell(open, col('customer_name')).value).toBe('Crème Brûlée SA');
    expect(ws.getCell(undated, col('deal_id')).value).toBe(UNDATED);
    expect(ws.getCell(4, col('deal_id')).value).toBe(NEW);
    expect(ws.getCell(open, col('ltd_expected')).value).toBe(10_000);
    expect(ws.getCell(open, col('ltd_recognized')).value).toBe(9_000);
    expect(ws.getCell(open, col('ltd_variance')).value).toBe(-1_000);
    expect(ws.getCell(open, col('ltd_variance')).numFmt).toBe('#,##0.00');
    expect(ws.getCell(open, col('open_since')).value).toEqual(new Date(Date.UTC(2026, 1, 1)));
    expect(ws.getCell(open, col('open_since')).numFmt).toBe('yyyy-mm');
    expect(ws.getCell(open, col('age_months')).value).toBe(9);
    expect(ws.getCell(open, col('change')).value).toBe('continuing');
    expect(ws.getCell(open, col('explanation')).value).toBe(csv[0]![col('explanation') - 1]);
    // An undated item: open_since and age_months empty, as in the CSV.
    expect(ws.getCell(undated, col('open_since')).value).toBeNull();
    expect(ws.getCell(undated, col('age_months')).value).toBeNull();
    expect(csv[1]![col('open_since') - 1]).toBe('');
    const closed = workbook.getWorksheet('closed-items')!;
    const [closedHeader] = await csvTable(dir, 'closed-items.csv');
    expect(closed.getCell(2, closedHeader!.indexOf('deal_id') + 1).value).toBe(CLOSED);
    expect(closed.getCell(2, closedHeader!.indexOf('ltd_variance_previous') + 1).value).toBe(-1_000);
    // Without a sheet cut short there is no notes sheet.
    expect(workbook.getWorksheet('notes')).toBeUndefined();
  });

  it('cuts a sheet at its row cap and says so in a notes sheet; the CSV keeps every row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-xlsx-cap-'));
    // One deal more than the cap, none with an entry: every one is a discrepancy (missing).
    const many = Array.from({ length: WORKBOOK_ROW_CAP + 1 }, (_, i) =>
      line({ deal_id: `M${String(i).padStart(6, '0')}`, line_id: 'L1', start_date: '2026-10-01' }),
    );
    await runReconciliation(
      { period: '2026-10', runId: 'xlsx-cap', trigger: 'cli', settings: parseEngineSettings({}) },
      {
        source: new MemoryRecordSource(many, []),
        store: new FolderReportStore(dir, { flat: true }),
        log: silentLogger,
      },
    );
    const workbook = await loadWorkbook(await readFile(join(dir, 'reconciliation.xlsx')));
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'discrepancies',
      'summary',
      'data-quality',
      'notes',
    ]);
    const [header, ...csv] = await csvTable(dir, 'discrepancies.csv');
    expect(csv).toHaveLength(WORKBOOK_ROW_CAP + 1);
    const ws = workbook.getWorksheet('discrepancies')!;
    expect(ws.rowCount).toBe(WORKBOOK_ROW_CAP + 1);
    // The sheet holds the CSV's first rows in its order (the largest first).
    const dealAt = header!.indexOf('deal_id') + 1;
    expect(ws.getCell(2, dealAt).value).toBe(csv[0]![dealAt - 1]);
    expect(ws.getCell(WORKBOOK_ROW_CAP + 1, dealAt).value).toBe(csv[WORKBOOK_ROW_CAP - 1]![dealAt - 1]);
    const notes = workbook.getWorksheet('notes')!;
    expect(notes.getRow(1).values).toEqual([undefined, 'note']);
    expect(sheetRows(notes)).toEqual([
      [
        'discrepancies: the first 10,000 of 10,001 rows (the largest, in the order of discrepancies.csv); every row is in discrepancies.csv',
      ],
    ]);
  }, 60_000);

  it('writes only the CSV files it is given, in the workbook order', async () => {
    const file = (name: string, text: string) => ({
      name,
      content: Buffer.from(text),
      contentType: 'text/csv',
    });
    const xlsx = await renderWorkbook([
      file(
        'aging.csv',
        'run_id,period,currency,age_bucket,open_items,shortfall,excess\r\nr,2026-10,JPY,1,2,1500,0\r\n',
      ),
      file('summary.csv', 'segment,currency,expected\r\nALL,USD,10.50\r\n'),
    ]);
    const workbook = await loadWorkbook(xlsx.content);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['summary', 'aging']);
    expect(sheetRows(workbook.getWorksheet('aging')!)).toEqual([
      ['r', new Date(Date.UTC(2026, 9, 1)), 'JPY', '1', 2, 1500, 0],
    ]);
    expect(workbook.getWorksheet('aging')!.getCell(2, 6).numFmt).toBe('#,##0');
  });

  it('makes the same bytes whatever order the files come in (WorkbookWriter, as the workbook thread takes them)', async () => {
    const file = (name: string, text: string) => ({
      name,
      content: Buffer.from(text),
      contentType: 'text/csv',
    });
    // The same word in two sheets is one shared string, numbered in sheet order, not arrival order.
    const files = [
      file('discrepancies.csv', 'deal_id,explanation\r\nD1,shared\r\nD2,first\r\n'),
      file('summary.csv', 'segment,currency\r\nALL,USD\r\n'),
      file('open-items.csv', 'deal_id,explanation\r\nD2,shared\r\n'),
      file('aging.csv', 'currency,age_bucket\r\nUSD,1\r\n'),
      file('report.html', '<p>not a sheet</p>'),
    ];
    const inOrder = (await renderWorkbook(files)).content;
    const writer = new WorkbookWriter();
    for (const f of [files[3]!, files[4]!, files[2]!, files[0]!, files[1]!]) writer.add(f.name, f.content);
    const reversed = await writer.finish();
    expect(reversed.equals(inOrder)).toBe(true);
    const workbook = await loadWorkbook(reversed);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'discrepancies',
      'summary',
      'open-items',
      'aging',
    ]);
    const strings = await (await JSZip.loadAsync(reversed)).file('xl/sharedStrings.xml')!.async('string');
    // Header words first, then D1, shared, D2, first (the discrepancies sheet's cells, row by row).
    expect(strings.indexOf('<t>D1</t>')).toBeLessThan(strings.indexOf('<t>shared</t>'));
    expect(strings.indexOf('<t>shared</t>')).toBeLessThan(strings.indexOf('<t>first</t>'));
  });

  it('keeps markup characters, spaces at the ends and line breaks as text, and drops what XML cannot hold', async () => {
    const xlsx = await renderWorkbook([
      {
        name: 'data-quality.csv',
        content: Buffer.from('field,value\r\na<b>&c,"  two spaces, then a\nbreak "\r\nctrl,x\u0001y\r\n'),
        contentType: 'text/csv',
      },
    ]);
    const workbook = await loadWorkbook(xlsx.content);
    expect(sheetRows(workbook.getWorksheet('data-quality')!)).toEqual([
      ['a<b>&c', '  two spaces, then a\nbreak '],
      ['ctrl', 'xy'],
    ]);
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
    // Zip times are local-time fields: the same bytes on a machine 14 hours ahead of UTC.
    const files = await Promise.all(
      ['discrepancies.csv', 'summary.csv', 'data-quality.csv'].map(async (name) => ({
        name,
        content: await readFile(join(a, name)),
        contentType: 'text/csv',
      })),
    );
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const ahead = await renderWorkbook(files);
      expect(ahead.content.equals(await readFile(join(a, 'reconciliation.xlsx')))).toBe(true);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
