import { parse as referenceParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CsvParser,
  CsvRowProblem,
  CsvSyntaxError,
  csvHead,
  MAX_QUOTED_RECORD,
  parseCsv,
  type CsvRecord,
} from '../../src/csv/csv-parser.js';

function parseInChunks(text: string, size: number): CsvRecord[] {
  const parser = new CsvParser();
  const rows: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), rows);
  parser.end(rows);
  return rows;
}

describe('CsvParser', () => {
  it('handles BOM, CRLF, quotes, escaped quotes, embedded delimiters and line breaks', () => {
    const text = '\uFEFFa,b,c\r\n1,"x,y",3\n"q""q",,"multi\nline"\n\n4,5,6';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x,y', '3'],
      ['q"q', '', 'multi\nline'],
      ['4', '5', '6'],
    ]);
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    const text = 'id,name\r\n1,"Acme, ""Inc"""\r\n2,"two\r\nlines"\r\n3,plain\r\n';
    const whole = parseCsv(text);
    for (let size = 1; size <= text.length; size++) expect(parseInChunks(text, size)).toEqual(whole);
  });

  it('rejects an unterminated quote at end of file (parseCsv throws)', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(CsvSyntaxError);
  });

  it('gives up a stray quote at its own line and reads on: at the end of the file, or past 1 MiB', () => {
    const rows = parseInChunks('a,b\r\n1,"open\r\n2,x\n3,y\n', 4);
    expect(rows[0]).toEqual(['a', 'b']);
    expect(rows[1]).toBeInstanceOf(CsvRowProblem);
    expect((rows[1] as CsvRowProblem).raw).toBe('1,"open');
    expect((rows[1] as CsvRowProblem).problem).toContain('not closed before the end of the file');
    expect(rows.slice(2)).toEqual([
      ['2', 'x'],
      ['3', 'y'],
    ]);

    // A long file after the stray quote: the record is given up once it passes MAX_QUOTED_RECORD.
    const line = 'x'.repeat(99) + '\n';
    const tail = line.repeat(Math.ceil(MAX_QUOTED_RECORD / line.length) + 10);
    const long = parseInChunks(`a\n"stray\n${tail}`, 1 << 16);
    expect((long[1] as CsvRowProblem).problem).toContain('not closed within 1 MiB');
    expect(long.slice(2).every((r) => Array.isArray(r) && r.length === 1 && r[0] === 'x'.repeat(99))).toBe(
      true,
    );
    expect(long).toHaveLength(2 + Math.ceil(MAX_QUOTED_RECORD / line.length) + 10);
  });

  it('rejects a record whose closing quote is followed by text, and reads on at its next line', () => {
    // Two stray quotes three lines apart: read leniently, the quote in '27" monitor' would close the
    // first one's "field" and the lines between would become one row, entry e2 lost without a trace.
    const text = 'id,memo\r\ne1,"see note\r\ne2,27" monitor\r\ne3,"x"y\r\ne4,"ok" ,z\r\ne5,"fine"\r\n';
    for (let size = 1; size <= text.length; size++) {
      const rows = parseInChunks(text, size);
      expect(rows.filter((r) => Array.isArray(r))).toEqual([
        ['id', 'memo'],
        ['e2', '27" monitor'],
        ['e5', 'fine'],
      ]);
      const problems = rows.filter((r): r is CsvRowProblem => r instanceof CsvRowProblem);
      expect(problems.map((p) => p.raw)).toEqual(['e1,"see note', 'e3,"x"y', 'e4,"ok" ,z']);
      expect(problems[0]!.problem).toBe(
        'a quoted field opened on this row has text after its closing quote, on this line or a later one (a stray quote?); the row is rejected and reading goes on at the next line',
      );
    }
    expect(() => parseCsv('a\n"x"y\n')).toThrow(CsvSyntaxError);
  });

  it('gives the same records whatever the chunk boundaries, for any text, malformed included', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', '\r', 'x') });
    const shape = (rows: CsvRecord[]) => rows.map((r) => (r instanceof CsvRowProblem ? `!${r.raw}` : r));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 7 }), (doc, chunk) => {
        expect(shape(parseInChunks(doc, chunk))).toEqual(shape(parseInChunks(doc, doc.length + 1)));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with csv-parse on random RFC 4180 documents', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '.', '-', 'é') }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', 'x') }),
    );
    const doc = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(doc, fc.integer({ min: 1, max: 7 }), (rows, chunk) => {
        const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
        const expected = referenceParse(text, { relax_column_count: true }) as string[][];
        expect(parseInChunks(text, chunk)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('csvHead cuts after n records, quoted line breaks and "" included, and counts the rest', () => {
    const text = 'h1,h2\r\na,"x\r\ny"\r\n"q""\n",b\r\n\r\nc,d\r\ne,""\r\nf,g';
    expect(parseCsv(text)).toHaveLength(6);
    const { head, more } = csvHead(Buffer.from(text), 3);
    expect(parseCsv(head)).toEqual([
      ['h1', 'h2'],
      ['a', 'x\r\ny'],
      ['q"\n', 'b'],
    ]);
    expect(more).toBe(3);
    expect(csvHead(Buffer.from(text), 6)).toEqual({ head: text, more: 0 });
    expect(csvHead(Buffer.from(text), 9)).toEqual({ head: text, more: 0 });
  });

  it('csvHead agrees with parseCsv on random documents: head and count', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', 'x', 'é', '€') });
    const doc = fc.array(fc.array(field, { minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(doc, fc.integer({ min: 0, max: 9 }), (rows, n) => {
        const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
        const all = parseCsv(text);
        const { head, more } = csvHead(Buffer.from(text), n);
        expect(parseCsv(head)).toEqual(all.slice(0, n));
        expect(more).toBe(Math.max(all.length - n, 0));
      }),
      { numRuns: 300 },
    );
  });
});
