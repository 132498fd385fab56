// History rows booked in columns (as the CSV reading thread posts them) give the same book as one by one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpectedBook } from '../../src/books/expected.js';
import { HistoryBatchBuilder } from '../../src/books/history-batch.js';
import { HistoryBook } from '../../src/books/ltd-book.js';
import type { HistoryAmount } from '../../src/core/records.js';

const OCTOBER = 2026 * 12 + 9;
const CURRENCIES = ['USD', 'EUR', 'JPY'];

const rowArb = fc.record({
  // D4 and Dé are not booked (orphans, left out); '' is no deal at all.
  dealId: fc.constantFrom('', 'D1', 'D2', 'D3', 'D4', 'Dé'),
  typeKey: fc.constantFrom('', 'subscription', 'support'),
  amount: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  currency: fc.constantFrom(...CURRENCIES),
  entryCount: fc.integer({ min: 1, max: 5 }),
});

/** Deals D1 to D3 known to the bookings. */
function expectedBook(): ExpectedBook {
  const book = new ExpectedBook(OCTOBER, 'monthly');
  for (const id of ['D1', 'D2', 'D3']) book.directory.deal(id, true);
  return book;
}

/** Everything life to date reads from a history book, slot by slot. */
function contents(book: HistoryBook, expected: ExpectedBook) {
  const dir = expected.directory;
  const slots = [];
  for (let slot = 0; slot < dir.slotCount; slot++)
    slots.push({
      deal: dir.dealIdOf(dir.slotDeal[slot]!),
      type: dir.typeKeys[dir.slotType[slot]!],
      has: book.has(slot),
      first: book.firstCurrencyOf(slot),
      sums: CURRENCIES.map((c) => book.sumIn(slot, c)),
      entries: book.entryCountOf(slot),
    });
  return { rows: book.rowsBooked, slots };
}

describe('HistoryBatchBuilder and HistoryBook.addBatch', () => {
  it('book the same keys, sums per currency and entry counts as add(), whatever the batch size', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (rows: HistoryAmount[], size) => {
          const expectedOne = expectedBook();
          const oneByOne = new HistoryBook(expectedOne);
          for (const r of rows) oneByOne.add(r);

          const expectedBatched = expectedBook();
          const inBatches = new HistoryBook(expectedBatched);
          const builder = new HistoryBatchBuilder(size);
          const flush = () => {
            const batch = builder.take();
            if (batch) inBatches.addBatch(batch);
          };
          for (const r of rows) {
            builder.add(r);
            if (builder.full) flush();
          }
          flush();
          expect(contents(inBatches, expectedBatched)).toEqual(contents(oneByOne, expectedOne));

          // And both against a model of the rule: rows of booked deals add up per key and currency,
          // the key's first row names its first currency; other rows are left out.
          const model = new Map<string, { first: string; sums: Map<string, number>; entries: number }>();
          let booked = 0;
          for (const r of rows) {
            if (!['D1', 'D2', 'D3'].includes(r.dealId)) continue;
            booked++;
            const key = `${r.dealId}|${r.typeKey}`;
            const m = model.get(key) ?? { first: r.currency, sums: new Map<string, number>(), entries: 0 };
            m.sums.set(r.currency, (m.sums.get(r.currency) ?? 0) + r.amount);
            m.entries += r.entryCount;
            model.set(key, m);
          }
          expect(inBatches.rowsBooked).toBe(booked);
          const dir = expectedBatched.directory;
          for (const [key, m] of model) {
            const [deal, type] = key.split('|') as [string, string];
            const slot = dir.findKey(deal, type);
            expect(inBatches.firstCurrencyOf(slot)).toBe(m.first);
            expect(inBatches.entryCountOf(slot)).toBe(m.entries);
            for (const c of CURRENCIES) expect(inBatches.sumIn(slot, c)).toBe(m.sums.get(c) ?? 0);
          }
          const withHistory = contents(inBatches, expectedBatched).slots.filter((x) => x.has);
          expect(withHistory).toHaveLength(model.size);
        },
      ),
    );
  });

  it('numbers no type for rows it leaves out (no deal_id, or a deal the bookings do not name)', () => {
    const expected = expectedBook();
    const before = [...expected.directory.typeKeys];
    const book = new HistoryBook(expected);
    const builder = new HistoryBatchBuilder();
    for (const dealId of ['', 'D9', 'D9'])
      builder.add({ dealId, typeKey: 'orphan-type', amount: 5, currency: 'CHF', entryCount: 1 });
    book.addBatch(builder.take()!);
    book.add({ dealId: 'D8', typeKey: 'other-orphan-type', amount: 5, currency: 'CHF', entryCount: 1 });
    expect(expected.directory.typeKeys).toEqual(before);
    expect(book.rowsBooked).toBe(0);
  });

  it('names a deal once per run of its rows, and each batch its own types and currencies', () => {
    const builder = new HistoryBatchBuilder(3);
    const row = (dealId: string, currency: string): HistoryAmount => ({
      dealId,
      typeKey: 'support',
      amount: 100,
      currency,
      entryCount: 2,
    });
    builder.add(row('D1', 'USD'));
    builder.add(row('D1', 'EUR'));
    builder.add(row('D2', 'EUR'));
    expect(builder.full).toBe(true);
    const first = builder.take()!;
    builder.add(row('D2', 'JPY'));
    const second = builder.take()!;
    expect([first.runDealIds, [...first.runEnds], first.currencies, [...first.currencyNos]]).toEqual([
      ['D1', 'D2'],
      [2, 3],
      ['USD', 'EUR'],
      [0, 1, 1],
    ]);
    expect([second.runDealIds, [...second.runEnds], second.currencies, [...second.entryCounts]]).toEqual([
      ['D2'],
      [1],
      ['JPY'],
      [2],
    ]);
    expect(builder.take()).toBeUndefined();
  });
});
