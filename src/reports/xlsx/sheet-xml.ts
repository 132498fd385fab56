// One worksheet of the workbook as SpreadsheetML: typed cells from a CSV table's text, with shared strings.
import { currencyDigits } from '../../core/money.js';
import type { ColumnType } from './column-types.js';
import { amountStyle, STYLE } from './styles.js';
import { MAIN_NS, XML_DECLARATION, xmlText } from './xml.js';
import { TextChunks } from '../../csv/text-chunks.js';

/** The workbook's shared string table: each distinct text once, cells refer to it by number. */
export class SharedStrings {
  private readonly numbers = new Map<string, number>();
  private readonly texts: string[] = [];
  private references = 0;

  numberOf(text: string): number {
    this.references++;
    let n = this.numbers.get(text);
    if (n === undefined) {
      n = this.texts.length;
      this.numbers.set(text, n);
      this.texts.push(text);
    }
    return n;
  }

  xml(): Buffer {
    const out = new TextChunks();
    out.add(
      `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${this.references}" uniqueCount="${this.texts.length}">`,
    );
    for (const t of this.texts) out.add(`<si>${textElement(t)}</si>`);
    out.add('</sst>');
    return out.buffer();
  }
}

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface SheetTable {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** How each column's text becomes a cell (numbers, months); text when absent. */
  types?: readonly ColumnType[];
  widths: readonly number[];
  /** A frozen, bold, filtered header row (the report sheets); false for the notes sheet. */
  frozenHeader: boolean;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const MONTH = /^(\d{4})-(\d{2})$/;
/** Excel's day number of 1970-01-01 (its day 0 is 1899-12-30). */
const EXCEL_EPOCH_DAY = 25_569;

/** The worksheet part of `table` (UTF-8, written a chunk at a time: csv/text-chunks.ts); its strings go into `strings`. */
export function sheetXml(table: SheetTable, strings: SharedStrings): Buffer {
  const width = Math.max(table.header.length, 1);
  const last = columnName(width - 1);
  // Each cell names its column: the letters are worked out once per sheet, not once per cell.
  const letters = table.header.map((_h, i) => columnName(i));
  const view = table.frozenHeader
    ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
      '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  const cols = table.widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const out = new TextChunks();
  out.add(
    `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
      `<dimension ref="A1:${last}${table.rows.length + 1}"/>${view}<sheetFormatPr defaultRowHeight="15"/>` +
      `${cols ? `<cols>${cols}</cols>` : ''}<sheetData>${headerRow(table, letters, strings)}`,
  );
  const currencyAt = table.header.indexOf('currency');
  for (const [k, record] of table.rows.entries()) {
    const r = k + 2;
    const digits = currencyAt >= 0 ? currencyDigits(record[currencyAt] ?? '') : 2;
    let cells = '';
    for (let i = 0; i < table.header.length; i++) {
      const text = record[i] ?? '';
      if (text !== '')
        cells += cellXml(`${letters[i]}${r}`, text, table.types?.[i] ?? 'text', digits, strings);
    }
    out.add(`<row r="${r}">${cells}</row>`);
  }
  out.add(
    '</sheetData>' +
      (table.frozenHeader ? `<autoFilter ref="A1:${last}1"/>` : '') +
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
  );
  return out.buffer();
}

function headerRow(table: SheetTable, letters: readonly string[], strings: SharedStrings): string {
  const style = table.frozenHeader ? ` s="${STYLE.header}"` : '';
  const cells = table.header.map(
    (h, i) => `<c r="${letters[i]}1"${style} t="s"><v>${strings.numberOf(h)}</v></c>`,
  );
  return `<row r="1">${cells.join('')}</row>`;
}

/** A number or month where the column says so and the text is one; the text otherwise (a shared string). */
function cellXml(
  ref: string,
  text: string,
  type: ColumnType,
  digits: number,
  strings: SharedStrings,
): string {
  if (type === 'amount' || type === 'count' || type === 'percent') {
    if (NUMBER.test(text)) {
      const style =
        type === 'amount' ? amountStyle(digits) : type === 'percent' ? STYLE.percent : STYLE.plain;
      return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${Number(text)}</v></c>`;
    }
  } else if (type === 'month') {
    const m = MONTH.exec(text);
    if (m) {
      const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) / 86_400_000 + EXCEL_EPOCH_DAY;
      return `<c r="${ref}" s="${STYLE.month}"><v>${day}</v></c>`;
    }
  }
  return `<c r="${ref}" t="s"><v>${strings.numberOf(text)}</v></c>`;
}

/** A, B, …, Z, AA, AB, … for column 0, 1, … */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A `<t>` element; spaces at its ends or line breaks inside are kept with xml:space. */
function textElement(text: string): string {
  const preserve = /^\s|\s$|[\n\r\t]/.test(text) ? ' xml:space="preserve"' : '';
  return `<t${preserve}>${xmlText(text)}</t>`;
}
