// Properties over random months: money is conserved through classification and totals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import { compareRuns } from '../../src/rules/lifecycle.js';
import { discrepancyOrder } from '../../src/rules/report-order.js';
import { entry, line, reconcileRows } from '../helpers/engine.js';

const TYPES = ['Subscription', 'Support', 'Consulting', 'Setup'];

const month = fc
  .record({
    deals: fc.array(
      fc.record({
        type: fc.constantFrom(...TYPES),
        cents: fc.integer({ min: 0, max: 10_000_000 }),
        months: fc.integer({ min: 1, max: 24 }),
        startOffset: fc.integer({ min: -30, max: 2 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    entries: fc.array(
      fc.record({
        deal: fc.integer({ min: 0, max: 14 }),
        type: fc.constantFrom(...TYPES),
        cents: fc.integer({ min: -500_000, max: 2_000_000 }),
      }),
      { maxLength: 20 },
    ),
  })
  .map(({ deals, entries }) => {
    const dealRows: DealLineRow[] = deals.map((d, i) => {
      const m = 9 + d.startOffset; // months from 2026-01 onwards
      const start = new Date(Date.UTC(2026, m, 1)).toISOString().slice(0, 10);
      return line({
        deal_id: `D${i % 7}`,
        line_id: `L${i}`,
        revenue_type: d.type,
        contract_value: (d.cents / 100).toFixed(2),
        duration_months: String(d.months),
        start_date: start,
        currency: i % 7 === 3 ? 'EUR' : 'USD',
      });
    });
    const entryRows: EntryRow[] = entries.map((e, i) =>
      entry({
        entry_id: `E${i}`,
        deal_id: `D${e.deal}`,
        revenue_type: e.type,
        recognized_amount: (e.cents / 100).toFixed(2),
        currency: e.deal % 7 === 3 ? 'EUR' : 'USD',
      }),
    );
    return { dealRows, entryRows };
  });

describe('reconciliation properties', () => {
  it('total variance of all rows equals total recognized minus total expected, and net = over - unrecognized', async () => {
    await fc.assert(
      fc.asyncProperty(month, async ({ dealRows, entryRows }) => {
        const recon = await reconcileRows('2026-10', dealRows, entryRows);
        const rows = recon.result.rows;
        const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
        expect(sum((r) => r.variance)).toBe(sum((r) => r.recognized) - sum((r) => r.expected));
        for (const total of recon.result.summary.filter((s) => s.segment === 'ALL')) {
          expect(total.netVariance).toBe(total.overRecognized - total.unrecognized);
        }
        // Every valid entry of the period is counted once: recognized totals equal the entries' sum.
        const entriesSum = entryRows.reduce((s, e) => s + Math.round(Number(e.recognized_amount) * 100), 0);
        expect(sum((r) => r.recognized)).toBe(entriesSum);
        // The optimised sort agrees with the plain definition of the order (SPEC §5).
        expect(recon.result.discrepancies).toEqual([...recon.result.discrepancies].sort(discrepancyOrder));
        expect(rows).toEqual([...rows].sort(discrepancyOrder));
        // rowsOf finds each key's rows, matched ones included, as `rows` has them; nothing for an unknown key.
        for (const r of rows) expect(recon.result.rowsOf(r.dealId, r.typeKey)).toContainEqual(r);
        expect(recon.result.rowsOf('D404', 'subscription')).toEqual([]);
        expect(recon.result.rowsOf('D0', 'no such type')).toEqual([]);
        // discrepancySlots gives each discrepancy's key, whose rows (rowsOfSlot) hold it.
        expect(recon.result.discrepancySlots).toHaveLength(recon.result.discrepancies.length);
        recon.result.discrepancies.forEach((r, i) => {
          const slot = recon.result.discrepancySlots[i]!;
          expect(recon.result.rowsOfSlot(slot)).toEqual(recon.result.rowsOf(r.dealId, r.typeKey));
          expect(recon.result.rowsOfSlot(slot)).toContain(r);
        });
        // Every misclassified row names a partner of the same deal.
        for (const r of rows.filter((x) => x.status === 'misclassified')) {
          expect(rows.some((o) => o !== r && o.dealId === r.dealId && o.status === 'misclassified')).toBe(
            true,
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('history: resolved rows are the earlier keys matched now, in the order of all rows; the others are new or persisting', async () => {
    await fc.assert(
      fc.asyncProperty(
        month,
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        async ({ dealRows, entryRows }, pick) => {
          // The earlier run: the month as generated. Now: entries added that close about half its gaps.
          const before = (await reconcileRows('2026-10', dealRows, entryRows)).result.rows;
          const closing = before
            .filter(
              (r, i) => pick[i % pick.length] && r.status !== 'orphan' && r.status !== 'currency_mismatch',
            )
            .map((r, i) =>
              entry({
                entry_id: `FIX${i}`,
                deal_id: r.dealId,
                revenue_type: r.revenueType,
                currency: r.currency,
                recognized_amount: ((r.expected - r.recognized) / 100).toFixed(2),
              }),
            );
          const recon = await reconcileRows('2026-10', dealRows, [...entryRows, ...closing]);
          const rows = recon.result.rows;
          const earlier = before.filter((r) => r.status !== 'matched');
          const keys = new Set(earlier.map((p) => `${p.dealId}/${p.typeKey}`));
          const result = compareRuns('run-1', earlier, recon.result);
          expect(result.resolved.map((r) => r.current)).toEqual(
            rows.filter((r) => r.status === 'matched' && keys.has(`${r.dealId}/${r.typeKey}`)),
          );
          for (const r of recon.result.discrepancies)
            expect(result.lifecycle.get(r)).toBe(keys.has(`${r.dealId}/${r.typeKey}`) ? 'persisting' : 'new');
        },
      ),
      { numRuns: 100 },
    );
  });
});
