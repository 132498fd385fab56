// reconciliation.xlsx: the run's CSV tables as one Excel workbook, typed, filtered, byte-identical on rerun.
import { csvHead, parseCsv } from '../../csv/csv-parser.js';
import type { ReportFile } from '../report-file.js';
import { columnType } from './column-types.js';
import { SharedStrings, sheetXml, type SheetTable } from './sheet-xml.js';
import { packageWorkbook, type SheetPart } from './xlsx-package.js';

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

/**
 * Rows per sheet. Writing a typed, formatted cell costs far more than a CSV field, and a month with a
 * hundred thousand discrepancies would spend most of its run on the workbook; the rows come in the
 * CSV's order (largest first) and a "notes" sheet says where a sheet was cut. The CSV has every row.
 */
export const WORKBOOK_ROW_CAP = 10_000;

export async function renderWorkbook(files: readonly ReportFile[]): Promise<ReportFile> {
  const workbook = new WorkbookWriter();
  for (const file of files) workbook.add(file.name, file.content);
  return workbookFile(await workbook.finish());
}

/** The workbook's report file around its bytes. */
export const workbookFile = (content: Buffer): ReportFile => ({
  name: XLSX_NAME,
  content,
  contentType: XLSX_TYPE,
});

/**
 * The workbook built a sheet at a time as the run's CSV files come, in any order: each sheet is made
 * once its file and every file before it in SHEETS are in (the shared strings are numbered in sheet
 * order, so the bytes do not depend on the order files come in); finish() makes the rest.
 */
export class WorkbookWriter {
  private readonly strings = new SharedStrings();
  private readonly sheets: SheetPart[] = [];
  private readonly cut: string[] = [];
  private readonly waiting = new Map<string, Buffer>();
  private next = 0;

  /** Takes a CSV file of the run; a file that is no sheet is ignored. */
  add(name: string, content: Buffer): void {
    if (!SHEETS.some((s) => s.file === name)) return;
    this.waiting.set(name, content);
    this.makeSheets(false);
  }

  /** The .xlsx bytes, with a sheet for every file added. */
  finish(): Promise<Buffer> {
    this.makeSheets(true);
    const sheets = [...this.sheets];
    if (this.cut.length) {
      const notes = {
        header: ['note'],
        rows: this.cut.map((line) => [line]),
        widths: [120],
        frozenHeader: false,
      };
      sheets.push({ name: 'notes', xml: sheetXml(notes, this.strings) });
    }
    return packageWorkbook(sheets, this.strings);
  }

  /** Sheets in SHEETS order while their files are in; at the end, files never added are skipped. */
  private makeSheets(end: boolean): void {
    for (; this.next < SHEETS.length; this.next++) {
      const { file, sheet } = SHEETS[this.next]!;
      const content = this.waiting.get(file);
      if (content === undefined) {
        if (end) continue;
        return;
      }
      this.waiting.delete(file);
      const { table, total } = csvSheet(content);
      this.sheets.push({ name: sheet, xml: sheetXml(table, this.strings) });
      if (total > WORKBOOK_ROW_CAP)
        this.cut.push(
          `${sheet}: the first ${WORKBOOK_ROW_CAP.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows (the largest, in the order of ${file}); every row is in ${file}`,
        );
    }
  }
}

/** One CSV table as a sheet's table (its first WORKBOOK_ROW_CAP rows), and how many data rows the CSV has. */
function csvSheet(csv: Buffer): { table: SheetTable; total: number } {
  // Only the rows the sheet shows are decoded and parsed; the others are counted.
  const { head, more } = csvHead(csv, WORKBOOK_ROW_CAP + 1);
  const [header = [], ...rows] = parseCsv(head);
  const types = header.map(columnType);
  const widths = header.map((h, i) =>
    types[i] === 'text'
      ? Math.min(Math.max(h.length + 2, 14), h === 'explanation' ? 80 : 30)
      : Math.max(h.length + 2, 12),
  );
  return { table: { header, rows, types, widths, frozenHeader: true }, total: rows.length + more };
}
