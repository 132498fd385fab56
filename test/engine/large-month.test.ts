// A month big enough that every per-deal, per-key and per-entry array grows past its first sizes,
// where arrays of different element sizes (bytes, int32s, doubles) grow to different lengths.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import type { Reconciliation } from '../../src/pipeline/reconcile-source.js';
import { entry, line, reconcileRows } from '../helpers/engine.js';

/** More than 2^18 deals, keys and entries: past the point where each array kind first grows large. */
const DEALS = 300_000;

const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(7, '0')}`;

/**
 * Even deals: Subscription, 12,000.00 USD over 12 months from 2026-10-01, so E = 1,000.00, recognized
 * in full. Odd deals: one-time Implementation, 500.00 EUR starting 2026-10-12, so E = 500.00,
 * recognized in full, except the last deal, which has no entry (missing 500.00 EUR).
 */
function month(): { deals: DealLineRow[]; entries: EntryRow[] } {
  const deals: DealLineRow[] = [];
  const entries: EntryRow[] = [];
  for (let i = 0; i < DEALS; i++) {
    const dealId = id('D', i);
    if (i % 2 === 0) {
      deals.push(line({ deal_id: dealId, line_id: 'L1', start_date: '2026-10-01' }));
      entries.push(entry({ entry_id: id('E', i), deal_id: dealId, recognized_amount: '1000.00' }));
    } else {
      deals.push(
        line({
          deal_id: dealId,
          line_id: 'L1',
          revenue_type: 'Implementation',
          contract_value: '500.00',
          currency: 'EUR',
          duration_months: '',
          start_date: '2026-10-12',
        }),
      );
      if (i !== DEALS - 1)
        entries.push(
          entry({
            entry_id: id('E', i),
            deal_id: dealId,
            revenue_type: 'Implementation',
            recognized_amount: '500.00',
            currency: 'EUR',
          }),
        );
    }
  }
  return { deals, entries };
}

describe(`a month of ${DEALS.toLocaleString('en-US')} deals`, () => {
  let recon: Reconciliation;
  beforeAll(async () => {
    const { deals, entries } = month();
    recon = await reconcileRows('2026-10', deals, entries);
  });

  it('keeps every key’s category and currency: 150,000 recurring USD keys of 1,000.00, 150,000 one-time EUR of 500.00', () => {
    const lines = recon.result.summary.filter((s) => s.segment === 'Enterprise');
    expect(lines.map((s) => [s.category, s.currency, s.rows, s.expected])).toEqual([
      ['one_time', 'EUR', 150_000, 150_000 * 50_000],
      ['recurring', 'USD', 150_000, 150_000 * 100_000],
    ]);
  });

  it('finds the one missing key, on the very last deal', () => {
    expect(recon.result.counts.status.matched).toBe(DEALS - 1);
    expect(recon.result.discrepancies).toHaveLength(1);
    const row = recon.result.discrepancies[0]!;
    expect([row.dealId, row.status, row.category, row.currency, row.expected, row.recognized]).toEqual([
      id('D', DEALS - 1),
      'missing',
      'one_time',
      'EUR',
      50_000,
      0,
    ]);
  });
});
