// The fast path for matched keys is the status rule on the books' totals: it must change nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import { generateMonth } from '../../src/generator/generate.js';
import { entry, line, publicOutputs, reconcileRows } from '../helpers/engine.js';

const PERIOD = '2026-10';
const TYPES = ['Subscription', 'Support', 'Consulting', 'Setup', 'Training'];
const CURRENCIES = ['USD', 'EUR', 'JPY'];

async function bothWays(period: string, deals: DealLineRow[], entries: EntryRow[]) {
  const fast = await reconcileRows(period, deals, entries);
  const full = await reconcileRows(period, deals, entries, {}, { classifyEveryKey: true });
  return { fast: publicOutputs(fast), full: publicOutputs(full) };
}

/** Small months with the keys the fast path must refuse: orphans, blank ids, foreign currencies, repeats. */
const month = fc
  .record({
    deals: fc.array(
      fc.record({
        deal: fc.integer({ min: 0, max: 6 }),
        type: fc.constantFrom(...TYPES),
        currency: fc.constantFrom(...CURRENCIES),
        cents: fc.integer({ min: 0, max: 3_000_000 }),
        months: fc.integer({ min: 1, max: 12 }),
        startOffset: fc.integer({ min: -14, max: 1 }),
        /** Also post this line's monthly share: most such keys match. */
        posted: fc.boolean(),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    entries: fc.array(
      fc.record({
        deal: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(-1)),
        type: fc.constantFrom(...TYPES, 'subscription'),
        currency: fc.constantFrom(...CURRENCIES),
        cents: fc.oneof(fc.integer({ min: -50_000, max: 600_000 }), fc.constantFrom(25_000, 100_000)),
        copies: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 24 },
    ),
  })
  .map(({ deals, entries }) => {
    const dealRows = deals.map((d, i) =>
      line({
        deal_id: `D${d.deal}`,
        line_id: `L${i}`,
        revenue_type: d.type,
        currency: d.currency,
        contract_value: d.currency === 'JPY' ? String(d.cents) : (d.cents / 100).toFixed(2),
        duration_months: String(d.months),
        start_date: new Date(Date.UTC(2026, 9 + d.startOffset, 1)).toISOString().slice(0, 10),
      }),
    );
    let n = 0;
    const shares = deals
      .filter((d) => d.posted)
      .map((d) => ({ ...d, cents: Math.round(d.cents / d.months), copies: 1 }));
    const entryRows = [...shares, ...entries].flatMap((e) =>
      Array.from({ length: e.copies }, () =>
        entry({
          entry_id: `E${n++}`,
          deal_id: e.deal === -1 ? '' : `D${e.deal}`,
          revenue_type: e.type,
          currency: e.currency,
          recognized_amount: e.currency === 'JPY' ? String(e.cents) : (e.cents / 100).toFixed(2),
        }),
      ),
    );
    return { dealRows, entryRows };
  });

describe('the fast path for matched keys', () => {
  it('gives the same rows, discrepancies, summary and counts as classifying every key (random months)', async () => {
    let matchedSeen = 0;
    let otherSeen = 0;
    await fc.assert(
      fc.asyncProperty(month, async ({ dealRows, entryRows }) => {
        const { fast, full } = await bothWays(PERIOD, dealRows, entryRows);
        expect(fast).toEqual(full);
        matchedSeen += fast.counts.status.matched;
        otherSeen += fast.discrepancies.length;
      }),
      { numRuns: 150, seed: 20261203 },
    );
    // The property says something only if both paths were exercised.
    expect(matchedSeen).toBeGreaterThan(20);
    expect(otherSeen).toBeGreaterThan(100);
  });

  it.each([
    ['padded', 'grouped'],
    ['int', 'random'],
    ['guid', 'random'],
    ['text', 'grouped'],
  ] as const)('gives the same outputs on a generated month (%s ids, %s order)', async (ids, order) => {
    const generated = generateMonth({ deals: 400, period: PERIOD, seed: 7, shape: { ids, order } });
    const { fast, full } = await bothWays(PERIOD, generated.deals, generated.entries);
    expect(fast.counts.status.matched).toBeGreaterThan(100);
    expect(fast.discrepancies.length).toBeGreaterThan(10);
    expect(fast).toEqual(full);
  });
});
