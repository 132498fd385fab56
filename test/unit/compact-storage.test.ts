// The compact stores behind the books: deal numbering (KeyDirectory) and per-deal texts (TextColumn).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyDirectory } from '../../src/books/key-directory.js';
import { TextColumn } from '../../src/books/text-column.js';

describe('KeyDirectory', () => {
  it('numbers each deal_id once, in any arrival order, and ranks deals in deal_id order', () => {
    const ids = fc.array(
      fc.oneof(fc.stringMatching(/^D[0-9]{1,3}$/), fc.constantFrom('', 'Dé', 'D\u{1F600}', 'd1')),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(ids, fc.boolean(), (arrivals, sortFirst) => {
        const order = sortFirst ? [...arrivals].sort() : arrivals;
        const dir = new KeyDirectory();
        const numbers = new Map<string, number>();
        for (const id of order) {
          const no = dir.deal(id, false);
          if (!numbers.has(id)) numbers.set(id, no);
          expect(no).toBe(numbers.get(id));
          expect(dir.findDeal(id)).toBe(no);
        }
        expect(dir.dealCount).toBe(numbers.size);
        for (const [id, no] of numbers) {
          expect(dir.dealIdOf(no)).toBe(id);
          expect(dir.isBlankDeal(no)).toBe(id === '');
        }
        const byRank = [...numbers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const rank = dir.dealRank(numbers.values());
        for (const [id, no] of numbers) expect(rank[no]).toBe(byRank.indexOf(id));
      }),
    );
  });

  it("finds every deal of a second file in the deals' order that skips deals, or in any order", () => {
    // 300 deals in ascending order (the sorted fast path), then a few out of order (the hash).
    const sorted = Array.from({ length: 300 }, (_, i) => `D${String(i * 2).padStart(4, '0')}`);
    const dir = new KeyDirectory();
    for (const id of [...sorted, 'A-late', 'Z-late']) dir.deal(id, true);
    const query = fc.oneof(
      fc.nat(299).map((i) => sorted[i]!),
      // Between, before and after the sorted ids: numbered never.
      fc.nat(300).map((i) => `D${String(i * 2 - 1).padStart(4, '0')}`),
      fc.constantFrom('A-late', 'Z-late', 'D', 'E', ''),
    );
    const ascendingWithSkips = fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 40 }).map((gaps) => {
      const out: string[] = [];
      let at = -1;
      for (const g of gaps) if ((at += g) < sorted.length) out.push(sorted[at]!);
      return out;
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(ascendingWithSkips, fc.array(query, { maxLength: 5 }))), (runs) => {
        for (const id of runs.flat()) {
          const expected = sorted.indexOf(id);
          const no = dir.findDeal(id);
          if (expected !== -1) expect(no).toBe(expected);
          else if (id === 'A-late') expect(no).toBe(300);
          else if (id === 'Z-late') expect(no).toBe(301);
          else expect(no).toBeUndefined();
        }
      }),
    );
  });

  it('does not find a deal_id it never numbered', () => {
    const dir = new KeyDirectory();
    for (const id of ['D1', 'D3', 'D5']) dir.deal(id, true);
    expect(['D0', 'D2', 'D4', 'D6', 'D'].map((id) => dir.findDeal(id))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('TextColumn', () => {
  it.each([true, false])(
    'gives back each row’s text, shared or not, ASCII or not, and "" for a row never set (sharing: %s)',
    (share) => {
      const column = new TextColumn(share);
      const texts = new Map<number, string>();
      // More distinct texts than it shares, on rows far apart (the row array grows).
      for (let i = 0; i < 5000; i++) {
        const row = i * 7;
        const text = i % 3 === 0 ? 'Acme Inc' : i % 3 === 1 ? `Customer ${i}` : `Société ${i}`;
        column.set(row, text);
        texts.set(row, text);
      }
      for (const [row, text] of texts) expect(column.get(row)).toBe(text);
      expect(column.get(1)).toBe('');
      expect(column.get(10_000_000)).toBe('');
    },
  );
});
