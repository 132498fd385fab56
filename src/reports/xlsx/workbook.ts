// reconciliation.xlsx: the run's CSV tables as one Excel workbook, typed, filtered, byte-identical on rerun.
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import JSZip from 'jszip';
import { currencyDigits } from '../../core/money.js';
import { csvHead, parseCsv } from '../../csv/csv-parser.js';
import type { ReportFile } from '../report-file.js';
import { columnType } from './column-types.js';

export const XLSX_NAME = 'reconciliation.xlsx';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sheet name per CSV file, in the workbook's order; files a run did not write are left out. */
export const SHEETS: { file: string; sheet: string }[] = [
  { file: 'discrepancies.csv', sheet: 'discrepancies' },
  { file: 'summary.csv', sheet: 'summary' },
  { file: 'data-quality.csv', sheet: 'data-quality' },
  { file: 'open-items.csv', sheet: 'open-items' },
  { file: 'closed-items.csv', sheet: 'closed-items' },
  { file: 'aging.csv', sheet: 'aging' },
  { file: 'resolved.csv', sheet: 'resolved' },
];

/** Every entry of the zip gets this time, and the document properties too: no wall clock in the file. */
const FIXED_TIME = new Date(Date.UTC(1980, 0, 1));

/**
 * Rows per sheet. Writing a typed, formatted cell costs far more than a CSV field, and a month with a
 * hundred thousand discrepancies would spend most of its run on the workbook; the rows come in the
 * CSV's order (largest first) and a "notes" sheet says where a sheet was cut. The CSV has every row.
 */
export const WORKBOOK_ROW_CAP = 10_000;

/**
 * One style object per number format, shared by every cell that has it: ExcelJS recognises a style
 * object it has seen and skips serialising it again to find its id, once per cell otherwise. A data
 * cell's own style is empty (no row or column style), so the shared one is the same style.
 */
const formatStyles = new Map<string, Partial<ExcelJS.Style>>();
const styleWith = (numFmt: string): Partial<ExcelJS.Style> => {
  let style = formatStyles.get(numFmt);
  if (!style) formatStyles.set(numFmt, (style = { numFmt }));
  return style;
};

/**
 * The empty style of an unformatted cell, shared per kind of value: ExcelJS remembers a style
 * object's id along with the first cell's type (which picks the default number format), so one
 * object serves only cells of one type.
 */
const plainStyles = new Map<string, Partial<ExcelJS.Style>>();
const plainStyle = (value: string | number | Date | null | undefined): Partial<ExcelJS.Style> => {
  const kind = value === null || value === undefined ? 'null' : value instanceof Date ? 'date' : typeof value;
  let style = plainStyles.get(kind);
  if (!style) plainStyles.set(kind, (style = {}));
  return style;
};

const amountFormat = (digits: number) => (digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}`);

export async function renderWorkbook(files: ReportFile[]): Promise<ReportFile> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  // The streaming writer keeps memory flat for a month with a hundred thousand discrepancies.
  const workbook = new WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: true,
  });
  workbook.creator = 'revenue-recon';
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  const cut: string[] = [];
  for (const { file, sheet } of SHEETS) {
    const csv = files.find((f) => f.name === file);
    if (!csv) continue;
    const total = addSheet(workbook, sheet, csv.content);
    if (total > WORKBOOK_ROW_CAP)
      cut.push(
        `${sheet}: the first ${WORKBOOK_ROW_CAP.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows (the largest, in the order of ${file}); every row is in ${file}`,
      );
  }
  if (cut.length) {
    const notes = workbook.addWorksheet('notes');
    notes.columns = [{ header: 'note', key: 'note', width: 120 }];
    notes.getRow(1).commit();
    for (const line of cut) notes.addRow([line]).commit();
    notes.commit();
  }
  await workbook.commit();
  const written = Buffer.concat(chunks);
  return { name: XLSX_NAME, content: await withFixedTimes(written), contentType: XLSX_TYPE };
}

/** Writes one CSV table as a sheet; returns how many data rows the CSV has. */
function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, csv: Buffer): number {
  // Only the rows the sheet shows are decoded and parsed; the others are counted.
  const { head, more } = csvHead(csv, WORKBOOK_ROW_CAP + 1);
  const [header = [], ...records] = parseCsv(head);
  const types = header.map(columnType);
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  sheet.columns = header.map((h, i) => ({
    header: h,
    key: h,
    width:
      types[i] === 'text'
        ? Math.min(Math.max(h.length + 2, 14), h === 'explanation' ? 80 : 30)
        : Math.max(h.length + 2, 12),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(header.length, 1) } };
  sheet.getRow(1).commit();
  const currencyAt = header.indexOf('currency');
  for (const record of records) {
    const values = header.map((_h, i) => record[i] ?? '');
    const digits = currencyAt >= 0 ? currencyDigits(values[currencyAt] ?? '') : 2;
    const cells = values.map((v, i) => cellValue(v, types[i] ?? 'text'));
    const row = sheet.addRow(cells);
    types.forEach((type, i) => {
      const format =
        type === 'amount'
          ? amountFormat(digits)
          : type === 'percent'
            ? '0.00'
            : type === 'month'
              ? 'yyyy-mm'
              : undefined;
      if (format && values[i] !== '') row.getCell(i + 1).style = styleWith(format);
      else row.getCell(i + 1).style = plainStyle(cells[i]);
    });
    row.commit();
  }
  sheet.commit();
  return records.length + more;
}

/** A number or date where the column says so and the text is one; the CSV's text otherwise. */
function cellValue(text: string, type: string): string | number | Date | null {
  if (text === '') return null;
  if (type === 'amount' || type === 'count' || type === 'percent') {
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  if (type === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(text);
    return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : text;
  }
  return text;
}

/** Re-packs the zip with fixed entry times; the compressed data is reused as is. */
async function withFixedTimes(zip: Buffer): Promise<Buffer> {
  const archive = await JSZip.loadAsync(zip);
  archive.forEach((_path, entry) => {
    entry.date = FIXED_TIME;
  });
  return archive.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'DOS' });
}
