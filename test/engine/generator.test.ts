// The generator's ground truth at the seed company's volume comes out exactly.
import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMinor } from '../../src/core/money.js';
import { generateMonth } from '../../src/generator/generate.js';
import { reconcileRows } from '../helpers/engine.js';

describe('synthetic month of 5,000 deals', () => {
  it('reconciles to its ground truth, row for row, to the cent', async () => {
    const month = generateMonth({ deals: 5000, period: '2026-10', seed: 7 });
    expect(month.deals.length).toBeGreaterThan(5000 * 1.5); // several lines per deal
    expect(month.entries.length).toBeGreaterThan(15_000); // the seed company's volume
    // Early terminations: some close before the period (nothing due), some in or after it.
    const closes = month.deals.filter((d) => d.close_date).map((d) => d.close_date!.slice(0, 7));
    expect(closes.filter((c) => c < '2026-10').length).toBeGreaterThan(20);
    expect(closes.filter((c) => c >= '2026-10').length).toBeGreaterThan(20);
    const recon = await reconcileRows('2026-10', month.deals, month.entries);
    const actual = new Map(recon.result.rows.map((r) => [`${r.dealId}|${r.typeKey}`, r]));
    expect(recon.result.rows).toHaveLength(month.truth.length);
    for (const t of month.truth) {
      const row = actual.get(`${t.deal_id}|${t.revenue_type.toLowerCase()}`);
      expect(row, `${t.deal_id}/${t.revenue_type}`).toBeDefined();
      const digits = currencyDigits(row!.currency);
      expect([
        t.deal_id,
        t.revenue_type,
        row!.status,
        formatMinor(row!.expected, digits),
        formatMinor(row!.recognized, digits),
      ]).toEqual([t.deal_id, t.revenue_type, t.status, t.expected, t.recognized]);
    }
    const statuses = new Set(month.truth.map((t) => t.status));
    expect([...statuses].sort()).toEqual([
      'currency_mismatch',
      'duplicate',
      'matched',
      'misclassified',
      'missing',
      'orphan',
      'over',
      'under',
      'unexpected',
    ]);
    expect(recon.dataQuality.map((d) => `${d.source}|${d.rowKey}|${d.field}`).sort()).toEqual(
      month.dataQuality.map((d) => `${d.source}|${d.row_key}|${d.field}`).sort(),
    );
  });

  it('is deterministic for a seed', () => {
    const a = generateMonth({ deals: 50, period: '2026-10', seed: 3 });
    const b = generateMonth({ deals: 50, period: '2026-10', seed: 3 });
    expect(a).toEqual(b);
  });
});
