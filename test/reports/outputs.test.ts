// SPEC §5: the files of a run, their columns, formats, formula safety, determinism and the manifest.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import { runReconciliation } from '../../src/pipeline/run-reconciliation.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';
import { ManifestSchema } from '../../src/reports/manifest.js';
import { neutralise, toCsv } from '../../src/csv/csv-writer.js';
import { variancePct } from '../../src/reports/render.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';
import { parseCsv } from '../../src/csv/csv-parser.js';
import { entry, line } from '../helpers/engine.js';

const deals = [
  line({
    deal_id: 'D1',
    line_id: 'L1',
    customer_name: '=HYPERLINK("http://x","click")',
    start_date: '2026-10-01',
  }),
  line({
    deal_id: 'D2',
    line_id: 'L1',
    customer_name: 'Beta, "the" Company',
    segment: 'SMB',
    start_date: '2026-10-01',
    contract_value: '3000.00',
    duration_months: '3',
  }),
  line({
    deal_id: 'D3',
    line_id: 'L1',
    revenue_type: 'Setup',
    contract_value: '-1.00',
    start_date: '2026-10-01',
  }),
];
const entries = [
  entry({ entry_id: 'E1', deal_id: 'D1', recognized_amount: '400.00' }),
  entry({ entry_id: 'E2', deal_id: 'D1', recognized_amount: '100.00' }),
  entry({ entry_id: 'E3', deal_id: 'D2', recognized_amount: '1000.00' }),
];

async function runTo(dir: string, runId = 'run-1') {
  return runReconciliation(
    { period: '2026-10', runId, trigger: 'cli', settings: parseEngineSettings({}) },
    {
      source: new MemoryRecordSource(deals, entries),
      store: new FolderReportStore(dir, { flat: true }),
      log: silentLogger,
      clock: () => new Date('2026-11-01T06:00:00Z'),
    },
  );
}

describe('report files', () => {
  it('writes discrepancies.csv with the SPEC columns, plain amounts and variance_pct', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-out-'));
    await runTo(dir);
    const rows = parseCsv(await readFile(join(dir, 'discrepancies.csv'), 'utf8'));
    expect(rows[0]).toEqual([
      'run_id',
      'period',
      'deal_id',
      'customer_id',
      'customer_name',
      'segment',
      'revenue_type',
      'revenue_category',
      'currency',
      'status',
      'severity',
      'expected',
      'recognized',
      'variance',
      'variance_pct',
      'tolerance',
      'entry_count',
      'entry_ids',
      'explanation',
    ]);
    expect(rows).toHaveLength(2); // D1 under; D2 matched is not a discrepancy
    const d1 = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
    // E = 1,000.00, R = 500.00: variance -500.00 = -50.00 %, tolerance 10.00.
    expect(d1).toMatchObject({
      run_id: 'run-1',
      period: '2026-10',
      deal_id: 'D1',
      status: 'under',
      severity: 'warning',
      revenue_category: 'recurring',
      expected: '1000.00',
      recognized: '500.00',
      variance: '-500.00',
      variance_pct: '-50.00',
      tolerance: '10.00',
      entry_count: '2',
      entry_ids: 'E1;E2',
      customer_name: `'=HYPERLINK("http://x","click")`,
    });
  });

  it('neutralises formula cells but leaves plain numbers alone', () => {
    expect(neutralise('=1+2')).toBe("'=1+2");
    expect(neutralise('+CMD')).toBe("'+CMD");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('\tx')).toBe("'\tx");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise('-500.00')).toBe('-500.00');
    expect(neutralise('-2+3')).toBe("'-2+3");
    expect(toCsv(['a'], [['x,"y"']], (r) => r).toString()).toBe('\uFEFFa\r\n"x,""y"""\r\n');
  });

  it('writes CSV that Excel opens as UTF-8, with ";"-joined ids kept in one cell', () => {
    const bytes = toCsv(
      ['customer_name', 'entry_ids', 'expected'],
      [['Société Générale', 'E17;E18', '-1234.50']],
      (r) => r,
    );
    // EF BB BF: the UTF-8 byte order mark, which Excel needs to read accents; then RFC 4180 as before.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'customer_name,entry_ids,expected\r\nSociété Générale,"E17;E18",-1234.50\r\n',
    );
    // Our own reader, like any RFC 4180 reader that skips a BOM, reads the same values back.
    expect(parseCsv(bytes.toString('utf8'))).toEqual([
      ['customer_name', 'entry_ids', 'expected'],
      ['Société Générale', 'E17;E18', '-1234.50'],
    ]);
  });

  it('writes a file of many chunks with the same bytes as one string would, accents and emoji included', () => {
    // About 3 MB of text: the writer encodes it in many pieces; none may split a character or a row.
    const rows = Array.from({ length: 40_000 }, (_v, i) => [
      `D${i}`,
      i % 3 === 0 ? 'Société Générale 🚀' : `Müller ${i}`,
      `note, "${i}"\nline two`,
    ]);
    const header = ['deal_id', 'customer_name', 'note'];
    const bytes = toCsv(header, rows, (r) => r);
    const quoted = (cell: string) => (/[",;\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    const whole = [header, ...rows].map((r) => r.map(quoted).join(',')).join('\r\n');
    expect(bytes.equals(Buffer.from(`\uFEFF${whole}\r\n`, 'utf8'))).toBe(true);
    expect(parseCsv(bytes.toString('utf8'))).toEqual([header, ...rows]);
  });

  it('computes variance_pct with two decimals, half away from zero, empty where E = 0', () => {
    expect(variancePct(-1, 3)).toBe('-33.33');
    expect(variancePct(2, 3)).toBe('66.67');
    expect(variancePct(1, 8)).toBe('12.50');
    expect(variancePct(100, 0)).toBe('');
  });

  it('writes summary.csv by segment x category x currency, then the all-rows total', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-out-'));
    await runTo(dir);
    const rows = parseCsv(await readFile(join(dir, 'summary.csv'), 'utf8'));
    const h = rows[0]!;
    const lines = rows.slice(1).map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
    expect(lines.map((l) => [l.segment, l.revenue_category, l.currency])).toEqual([
      ['Enterprise', 'recurring', 'USD'],
      ['SMB', 'recurring', 'USD'],
      ['ALL', 'ALL', 'USD'],
    ]);
    // E = 1,000.00 + 1,000.00; R = 500.00 + 1,000.00.
    expect(lines[2]).toMatchObject({
      expected: '2000.00',
      recognized: '1500.00',
      net_variance: '-500.00',
      unrecognized: '500.00',
      over_recognized: '0.00',
      count_matched: '1',
      count_under: '1',
    });
  });

  it('writes data-quality.csv with source, row, field and problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-out-'));
    await runTo(dir);
    const rows = parseCsv(await readFile(join(dir, 'data-quality.csv'), 'utf8'));
    expect(rows[0]).toEqual([
      'run_id',
      'period',
      'source',
      'row_number',
      'row_key',
      'field',
      'value',
      'problem',
      'action',
    ]);
    expect(rows[1]).toEqual([
      'run-1',
      '2026-10',
      'deals',
      '3',
      'D3/L1',
      'contract_value',
      '-1.00',
      'contract_value is negative',
      'rejected',
    ]);
  });

  it('gives byte-identical CSV files for the same inputs and run id', async () => {
    const a = await mkdtemp(join(tmpdir(), 'recon-a-'));
    const b = await mkdtemp(join(tmpdir(), 'recon-b-'));
    await runTo(a);
    await runTo(b);
    for (const f of ['discrepancies.csv', 'summary.csv', 'data-quality.csv']) {
      expect(await readFile(join(a, f))).toEqual(await readFile(join(b, f)));
    }
  });

  it('writes a manifest listing each file with its size and SHA-256', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-out-'));
    const outcome = await runTo(dir);
    const manifest = ManifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({
      run_id: 'run-1',
      period: '2026-10',
      trigger: 'cli',
      status: 'completed',
    });
    expect(manifest.inputs).toMatchObject({
      deals: { rows_read: 3, rows_rejected: 1 },
      entries: { rows_read: 3, in_period: 3 },
    });
    expect(manifest.settings).toMatchObject({
      tolerance_pct: '1',
      tolerance_abs: '1.00',
      critical_amount: '5000.00',
      proration: 'monthly',
    });
    expect(manifest.totals).toEqual([
      {
        currency: 'USD',
        expected: '2000.00',
        recognized: '1500.00',
        net_variance: '-500.00',
        unrecognized: '500.00',
        over_recognized: '0.00',
      },
    ]);
    // The page a person opens comes first; the workbook repeats the CSV tables for Excel.
    expect(manifest.files.map((f) => f.name)).toEqual([
      'report.html',
      'discrepancies.csv',
      'summary.csv',
      'data-quality.csv',
      'reconciliation.xlsx',
    ]);
    for (const f of manifest.files) {
      const bytes = await readFile(join(dir, f.name));
      expect(f.size).toBe(bytes.length);
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(outcome.manifest.status).toBe('completed');
  });
});
