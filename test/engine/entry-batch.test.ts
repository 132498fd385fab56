// Entries booked in columns (as the CSV reading thread posts them) give the same book as one by one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryBatchBuilder } from '../../src/books/entry-batch.js';
import { ExpectedBook } from '../../src/books/expected.js';
import { IdArena } from '../../src/books/id-arena.js';
import { IdChunks } from '../../src/books/id-chunks.js';
import { RecognizedBook } from '../../src/books/recognized.js';
import type { Entry } from '../../src/core/records.js';

const OCTOBER = 2026 * 12 + 9;

const entryArb = fc.record({
  entryId: fc.oneof(fc.stringMatching(/^E[0-9]{1,3}$/), fc.constantFrom('É1', 'E-ü', 'E\u{1F600}')),
  dealId: fc.constantFrom('', 'D1', 'D2', 'D3', 'Dé'),
  typeKey: fc.constantFrom('', 'subscription', 'support'),
  period: fc.constantFrom(OCTOBER, OCTOBER - 1),
  amount: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  currency: fc.constantFrom('USD', 'EUR', 'JPY'),
});

/**
 * Everything reconcile reads from a book, key by key (deal_id and type, in that order): the slots'
 * numbers are the book's own (batches are booked a deal at a time, so a new key may be numbered
 * in another order than one by one).
 */
function contents(book: RecognizedBook) {
  const dir = book.directory;
  book.settle();
  const keys = [];
  for (let slot = 0; slot < dir.slotCount; slot++) {
    keys.push({
      deal: dir.dealIdOf(dir.slotDeal[slot]!),
      type: dir.typeKeys[dir.slotType[slot]!]!,
      key: book.keyOf(slot),
      sum: book.sumOf(slot),
      foreign: book.foreignCountOf(slot),
      currency: book.currencyOf(slot),
    });
  }
  keys.sort((a, b) =>
    a.deal < b.deal ? -1 : a.deal > b.deal ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0,
  );
  return { entries: book.entriesInPeriod, keys };
}

describe('EntryBatchBuilder and RecognizedBook.addBatch', () => {
  it('book the same keys, sums, ids and currencies as add(), whatever the batch size', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        // Read between batches (which books the batches so far on their keys), or only at the end.
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        (entries: Entry[], size, readAfter) => {
          const oneByOne = new RecognizedBook(OCTOBER, new ExpectedBook(OCTOBER, 'monthly'));
          for (const e of entries) oneByOne.add(e);

          const inBatches = new RecognizedBook(OCTOBER, new ExpectedBook(OCTOBER, 'monthly'));
          const builder = new EntryBatchBuilder(OCTOBER, size);
          let batches = 0;
          const flush = () => {
            const batch = builder.take();
            if (!batch) return;
            inBatches.addBatch(batch);
            if (readAfter[batches++]) inBatches.countOf(0);
          };
          for (const e of entries) {
            builder.add(e); // the builder leaves other periods' entries out, as add() does
            if (builder.full) flush();
          }
          flush();
          expect(contents(inBatches)).toEqual(contents(oneByOne));
        },
      ),
    );
  });

  it('sends each deal_id once, in the batch that first names it, and refuses batches out of order', () => {
    const builder = new EntryBatchBuilder(OCTOBER, 2);
    const entry = (entryId: string, dealId: string): Entry => ({
      entryId,
      dealId,
      typeKey: 'support',
      period: OCTOBER,
      amount: 100,
      currency: 'USD',
    });
    builder.add(entry('E1', 'D9'));
    builder.add(entry('E2', 'D10'));
    const first = builder.take()!;
    builder.add(entry('E3', 'D9'));
    builder.add(entry('E4', 'D11'));
    const second = builder.take()!;
    expect([first.newDealIds, [...first.runDeals], first.firstNewDeal]).toEqual([['D9', 'D10'], [0, 1], 0]);
    expect([second.newDealIds, [...second.runDeals], second.firstNewDeal]).toEqual([['D11'], [0, 2], 2]);
    const book = new RecognizedBook(OCTOBER);
    expect(() => book.addBatch(second)).toThrow('entry batches out of order: deals from 2, 0 known');
  });

  it('skips a batch of another period, as add() skips such an entry', () => {
    const book = new RecognizedBook(OCTOBER);
    const builder = new EntryBatchBuilder(OCTOBER - 1);
    builder.add({
      entryId: 'E1',
      dealId: 'D1',
      typeKey: 'support',
      period: OCTOBER - 1,
      amount: 100,
      currency: 'USD',
    });
    book.addBatch(builder.take()!);
    expect(book.entriesInPeriod).toBe(0);
  });
});

describe('IdChunks', () => {
  it('numbers ids pushed one by one and ids of adopted batches, ASCII or not, in arrival order', () => {
    const batch = (ids: string[]) => {
      const arena = new IdArena();
      for (const id of ids) arena.push(id);
      return arena.parts();
    };
    const chunks = new IdChunks();
    const order = ['E1', 'É2', 'E3', 'Ü4', 'E55', '', 'E7', 'E8', '東9'];
    expect(chunks.push('E1')).toBe(0);
    expect(chunks.push('É2')).toBe(1);
    chunks.append(batch(['E3', 'Ü4', 'E55']));
    chunks.append(batch([]));
    chunks.append(batch(['']));
    expect(chunks.push('E7')).toBe(6);
    chunks.append(batch(['E8', '東9']));
    expect(chunks.count).toBe(order.length);
    // In order, backwards and jumping about: the chunk of each number is found whatever came before.
    const numbers = [...order.keys()];
    for (const i of [...numbers, ...numbers.reverse(), 4, 0, 8, 2, 6]) expect(chunks.get(i)).toBe(order[i]);
  });
});

describe('IdChunks against an array', () => {
  it('gives every number its id under any mix of pushes, batches (empty ones too) and lookups', () => {
    const anyId = fc.oneof(fc.uuid(), fc.string({ maxLength: 6 }), fc.constantFrom('', 'Ü-1', '東京'));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), id: anyId }),
      fc.record({ kind: fc.constant('append' as const), ids: fc.array(anyId, { maxLength: 30 }) }),
      fc.record({ kind: fc.constant('get' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: 'max' }), (ops) => {
        const chunks = new IdChunks();
        const model: string[] = [];
        for (const o of ops) {
          if (o.kind === 'push') expect(chunks.push(o.id)).toBe(model.push(o.id) - 1);
          else if (o.kind === 'append') {
            const arena = new IdArena();
            for (const id of o.ids) arena.push(id);
            chunks.append(arena.parts());
            model.push(...o.ids);
          } else if (model.length > 0) {
            const i = o.at % model.length;
            expect(chunks.get(i)).toBe(model[i]);
          }
          expect(chunks.count).toBe(model.length);
        }
        for (let i = model.length - 1; i >= 0; i--) expect(chunks.get(i)).toBe(model[i]);
      }),
      { numRuns: 100, seed: 13 },
    );
  });
});
