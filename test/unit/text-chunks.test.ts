import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextChunks } from '../../src/csv/text-chunks.js';

describe('TextChunks', () => {
  it('gives the UTF-8 of everything added, across many chunks and characters of 1 to 4 bytes', () => {
    const pieces = ['a,b\r\n', 'Société ', '東京', '😀', '"q"', ''];
    fc.assert(
      fc.property(
        fc.array(fc.nat(pieces.length - 1), { minLength: 1, maxLength: 40 }),
        fc.nat(20_000),
        (picks, n) => {
          const out = new TextChunks();
          let all = '';
          // Long runs push the text over a chunk's size several times; the picks put any character at the cut.
          const long = 'x'.repeat(n);
          for (const p of picks) {
            const piece = pieces[p]! + long;
            out.add(piece);
            all += piece;
          }
          expect(out.buffer().equals(Buffer.from(all, 'utf8'))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is empty when nothing was added', () => {
    expect(new TextChunks().buffer()).toHaveLength(0);
  });
});
