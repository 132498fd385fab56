// RFC 4180 CSV output with formula-safe cells: what a spreadsheet would execute is neutralised.
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

/** BOM, header plus rows, CRLF line ends as RFC 4180 says, UTF-8. */
export function toCsv(header: readonly string[], rows: Iterable<readonly string[]>): Buffer {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return Buffer.from(`${UTF8_BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}
