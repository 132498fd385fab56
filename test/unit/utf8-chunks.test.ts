import { describe, expect, it } from 'vitest';
import { Utf8Chunks, unfinishedTail } from '../../src/sources/csv/utf8-chunks.js';

function decodeInChunks(bytes: Buffer, size: number): { text: string; valid: boolean[] } {
  const utf8 = new Utf8Chunks();
  let text = '';
  const valid: boolean[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const d = utf8.decode(bytes.subarray(i, i + size));
    text += d.text;
    valid.push(d.valid);
  }
  const end = utf8.end();
  return { text: text + end.text, valid: [...valid, end.valid] };
}

describe('Utf8Chunks', () => {
  it('decodes characters cut anywhere by chunk boundaries, a genuine U+FFFD included, as valid', () => {
    const text = 'Société, 東京, 😀, \uFFFD (a replacement character that was in the file)';
    const bytes = Buffer.from(text, 'utf8');
    for (let size = 1; size <= 8; size++) {
      const d = decodeInChunks(bytes, size);
      expect(d.text).toBe(text);
      expect(d.valid.every(Boolean)).toBe(true);
    }
  });

  it('tells which chunk held a byte that is not UTF-8, and a character cut short at the end', () => {
    const latin1 = Buffer.concat([
      Buffer.from('abc,'),
      Buffer.from('CAF\xC9', 'latin1'),
      Buffer.from(',def'),
    ]);
    expect(decodeInChunks(latin1, 64).valid).toEqual([false, true]);
    // 0xC9 ends the second chunk, where it could still start a character: the third chunk, where
    // its U+FFFD appears, is the one flagged.
    expect(decodeInChunks(latin1, 4).valid).toEqual([true, true, false, true]);
    const cut = Buffer.from('ok é', 'utf8').subarray(0, -1);
    expect(decodeInChunks(cut, 64).valid).toEqual([true, false]);
  });

  it('counts the unfinished bytes at the end of a chunk', () => {
    const euro = Buffer.from('€', 'utf8'); // E2 82 AC
    expect([
      unfinishedTail(Buffer.from('a')),
      unfinishedTail(euro.subarray(0, 1)),
      unfinishedTail(euro.subarray(0, 2)),
      unfinishedTail(euro),
    ]).toEqual([0, 1, 2, 0]);
  });
});
