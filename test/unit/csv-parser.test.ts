import { parse as referenceParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, parseCsv } from '../../src/sources/csv/csv-parser.js';

function parseInChunks(text: string, size: number): string[][] {
  const parser = new CsvParser();
  const rows: string[][] = [];
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

  it('rejects an unterminated quote at end of file', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(CsvSyntaxError);
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
});
