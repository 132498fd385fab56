// Incremental RFC 4180 parser: chunks of text in, rows of fields out. Quote-free lines take a fast path.

/**
 * A quoted field may span lines, but not this many characters: an opening quote that is not closed
 * by then (a stray quote) would otherwise swallow the rest of the file, and make every later chunk
 * parse the whole record again.
 */
export const MAX_QUOTED_RECORD = 1 << 20;

/** A record the parser gave up on: its first line, and why. Parsing goes on at the next line. */
export class CsvRowProblem {
  constructor(
    readonly problem: string,
    readonly raw: string,
  ) {}
}

export type CsvRecord = string[] | CsvRowProblem;

export class CsvParser {
  private carry = '';
  private first = true;

  /** Parses the complete rows in `chunk` (plus what was carried over) into `out`. */
  push(chunk: string, out: CsvRecord[]): void {
    let buf = this.carry + chunk;
    if (this.first && buf.length > 0) {
      this.first = false;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
    }
    this.carry = buf.slice(this.parse(buf, out, false));
  }

  /** True when the text held back for the next chunk (an unfinished row) contains `text`. */
  carryIncludes(text: string): boolean {
    return this.carry.includes(text);
  }

  /** Parses what is left after the last chunk (a final row without a line break). */
  end(out: CsvRecord[]): void {
    const buf = this.carry;
    this.carry = '';
    this.parse(buf, out, true);
  }

  /** Returns the position up to which `buf` was consumed (all of it when `final`). */
  private parse(buf: string, out: CsvRecord[], final: boolean): number {
    let pos = 0;
    const len = buf.length;
    // Where the next quote is: lines that end before it take the fast path without a look of their
    // own. Found again only once passed, so a quote-free chunk is scanned once in all.
    let quote = -2;
    while (pos < len) {
      let nl = buf.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) return pos;
        nl = len;
      }
      const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (quote !== -1 && quote < pos) quote = buf.indexOf('"', pos);
      if (quote === -1 || quote >= end) {
        if (end > pos) out.push(buf.slice(pos, end).split(','));
        pos = nl + 1;
        continue;
      }
      const next = parseQuotedRecord(buf, pos, out, final);
      if (next >= 0) {
        pos = next;
        continue;
      }
      if (next === NEEDS_MORE && !final && len - pos <= MAX_QUOTED_RECORD) return pos;
      // Give the record up: its first line is reported, and the lines after it are read as rows again.
      const why =
        next === TEXT_AFTER_QUOTE
          ? 'has text after its closing quote, on this line or a later one (a stray quote?)'
          : `is not closed ${final ? 'before the end of the file' : `within ${MAX_QUOTED_RECORD / (1 << 20)} MiB`} (a stray quote?)`;
      const lineEnd = buf.indexOf('\n', pos);
      const stop = lineEnd === -1 ? len : lineEnd;
      out.push(
        new CsvRowProblem(
          `a quoted field opened on this row ${why}; the row is rejected and reading goes on at the next line`,
          buf.slice(pos, stop > pos && buf.charCodeAt(stop - 1) === 13 ? stop - 1 : stop),
        ),
      );
      pos = lineEnd === -1 ? len : lineEnd + 1;
    }
    return len;
  }
}

export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
}

/** parseQuotedRecord's answers other than a position: more text is needed, or the record is malformed. */
const NEEDS_MORE = -1;
const TEXT_AFTER_QUOTE = -2;

/**
 * Slow path for a record with quotes; returns the position after it, NEEDS_MORE, or TEXT_AFTER_QUOTE
 * when a closing quote is followed by anything but a delimiter or the line's end. Such a quote is
 * usually a stray one inside an unquoted field ('27" monitor') that another stray quote lines before
 * seemed to close: read leniently, the lines between would silently merge into one row.
 */
function parseQuotedRecord(buf: string, start: number, out: CsvRecord[], final: boolean): number {
  const fields: string[] = [];
  let i = start;
  const len = buf.length;
  for (;;) {
    let field = '';
    if (buf.charCodeAt(i) === 34) {
      i++;
      for (;;) {
        const q = buf.indexOf('"', i);
        if (q === -1) return NEEDS_MORE;
        field += buf.slice(i, q);
        if (buf.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
          continue;
        }
        if (q + 1 >= len && !final) return NEEDS_MORE;
        i = q + 1;
        const after = buf.charCodeAt(i);
        if (after === 13 && i + 1 >= len && !final) return NEEDS_MORE;
        const ends =
          i >= len || after === 44 || after === 10 || (after === 13 && buf.charCodeAt(i + 1) === 10);
        if (!ends) return TEXT_AFTER_QUOTE;
        break;
      }
    }
    // An unquoted field (a quote inside it is kept as a character), up to the delimiter.
    let j = i;
    while (j < len) {
      const c = buf.charCodeAt(j);
      if (c === 44 || c === 10) break;
      j++;
    }
    if (j >= len && !final) return NEEDS_MORE;
    let tail = buf.slice(i, j);
    const atLineEnd = j >= len || buf.charCodeAt(j) === 10;
    if (atLineEnd && tail.endsWith('\r')) tail = tail.slice(0, -1);
    fields.push(field + tail);
    if (atLineEnd) {
      out.push(fields);
      return j + 1;
    }
    i = j + 1;
  }
}

/** Whole-text convenience for small files (history, tests): a record it cannot parse throws. */
export function parseCsv(text: string): string[][] {
  const parser = new CsvParser();
  const rows: CsvRecord[] = [];
  parser.push(text, rows);
  parser.end(rows);
  return rows.map((row) => {
    if (row instanceof CsvRowProblem) throw new CsvSyntaxError(row.problem);
    return row;
  });
}

/**
 * Cuts UTF-8 CSV `bytes` after their first `n` records: the head as text (to parse) and how many
 * records follow it. For well-formed CSV, as the writer makes (a stray quote is not looked for
 * here): a quoted field may span lines, and empty lines are not records, as in the parser. Only
 * the head is decoded; the rest is counted over the bytes (quotes and line ends are ASCII in UTF-8),
 * without building a string.
 */
export function csvHead(bytes: Buffer, n: number): { head: string; more: number } {
  let pos = 0;
  let records = 0;
  let cut = -1;
  const len = bytes.length;
  while (pos < len) {
    if (records === n && cut === -1) cut = pos;
    let nl = bytes.indexOf(10, pos);
    if (nl === -1) nl = len;
    // A quote before the line end opens a field that may span lines: the record ends at the first
    // line end after its closing quote ("" inside a field is a closing and an opening quote).
    let q = bytes.indexOf(34, pos);
    while (q !== -1 && q < nl) {
      const close = bytes.indexOf(34, q + 1);
      if (close === -1) {
        nl = len;
        break;
      }
      if (close > nl) {
        nl = bytes.indexOf(10, close);
        if (nl === -1) nl = len;
      }
      q = bytes.indexOf(34, close + 1);
    }
    const end = nl > pos && bytes[nl - 1] === 13 ? nl - 1 : nl;
    if (end > pos) records++;
    pos = nl + 1;
  }
  const head = bytes.toString('utf8', 0, cut === -1 ? len : cut);
  return { head, more: cut === -1 ? 0 : records - n };
}
