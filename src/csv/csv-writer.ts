// RFC 4180 CSV output with formula-safe cells: what a spreadsheet would execute is neutralised.
import { TextChunks } from './text-chunks.js';

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// ';' too: Excel in locales whose list separator is ';' would otherwise split "E17;E18" into two cells.
const NEEDS_QUOTES = /[",;\r\n]/;

/**
 * A cell starting with = + - @ tab or CR is prefixed with a single quote (OWASP's advice),
 * except a plain number such as "-12.50", which must stay a number for finance.
 */
export function neutralise(value: string): string {
  if (value === '') return value;
  const first = value.charCodeAt(0);
  const risky = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13;
  if (!risky || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

export function csvCell(value: string): string {
  const safe = neutralise(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark; without it "Société" turns into mojibake. */
export const UTF8_BOM = '\uFEFF';

/**
 * BOM, header plus a row of `cellsOf(item, index)` per item, CRLF line ends as RFC 4180 says, UTF-8. Each
 * row's cells are made as it is written and the text encoded a chunk at a time: the cells of every
 * row, or one string of the whole file (tens of MB at a million deals, twice that in UTF-16 once a
 * name has an accent), would sit on the heap until the next full collection.
 */
export function toCsv<T>(
  header: readonly string[],
  items: Iterable<T>,
  cellsOf: (item: T, index: number) => readonly string[],
): Buffer {
  const out = new TextChunks();
  out.add(`${UTF8_BOM}${header.map(csvCell).join(',')}\r\n`);
  let index = 0;
  for (const item of items) out.add(`${cellsOf(item, index++).map(csvCell).join(',')}\r\n`);
  return out.buffer();
}
