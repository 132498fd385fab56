// The generator's ground truth at the seed company's volume comes out exactly.
import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMinor } from '../../src/core/money.js';
import { generateMonth } from '../../src/generator/generate.js';
import type { IdFormat, RowOrder } from '../../src/generator/shapes.js';
import { reconcileRows } from '../helpers/engine.js';

async function expectTruth(month: ReturnType<typeof generateMonth>): Promise<void> {
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
  expect(recon.dataQuality.map((d) => `${d.source}|${d.rowKey}|${d.field}`).sort()).toEqual(
    month.dataQuality.map((d) => `${d.source}|${d.row_key}|${d.field}`).sort(),
  );
}

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

describe('generated shapes: id formats and row orders', () => {
  const shaped = (ids: IdFormat, order: RowOrder) =>
    generateMonth({ deals: 1500, period: '2026-10', seed: 9, shape: { ids, order } });

  it('padded ids in grouped order are the default, unchanged', () => {
    const month = shaped('padded', 'grouped');
    expect(month).toEqual(generateMonth({ deals: 1500, period: '2026-10', seed: 9 }));
    expect(month.deals[0]!.deal_id).toBe('D0000001');
    expect(month.entries[0]!.entry_id).toBe('E00000001');
  });

  it.each([
    ['int', 'grouped'],
    ['int', 'random'],
    ['guid', 'random'],
    ['text', 'random'],
  ] as const)('%s ids in %s order reconcile to their ground truth', async (ids, order) => {
    await expectTruth(shaped(ids, order));
  });

  it('writes each format as described, with the same amounts and statuses as the padded month', () => {
    const padded = shaped('padded', 'grouped');
    const int = shaped('int', 'grouped');
    const guid = shaped('guid', 'grouped');
    const text = shaped('text', 'grouped');
    // Deal 10 is "10", after "9" in the file but before it as text.
    const intDeals = [...new Set(int.deals.map((d) => d.deal_id))];
    expect(intDeals.slice(8, 11)).toEqual(['9', '10', '11']);
    expect(int.entries.slice(0, 2).map((e) => e.entry_id)).toEqual(['1', '2']);
    for (const d of guid.deals.slice(0, 50).filter((d) => !d.deal_id!.startsWith('BAD')))
      expect(d.deal_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const textIds = text.entries.map((e) => e.entry_id!);
    // Distinct ids stay distinct without their case (the serial differs), and one row repeats an id on purpose.
    expect(new Set(textIds).size).toBe(textIds.length - 1);
    expect(new Set(textIds.map((id) => id.toLowerCase())).size).toBe(textIds.length - 1);
    expect(textIds.some((id) => id.includes(','))).toBe(true);
    expect(textIds.some((id) => /[a-z]/.test(id) && /[A-Z]/.test(id))).toBe(true);
    const strip = (m: typeof padded) =>
      m.truth.map((t) => [t.revenue_type, t.status, t.expected, t.recognized]);
    expect(strip(int)).toEqual(strip(padded));
    expect(strip(guid)).toEqual(strip(padded));
    expect(strip(text)).toEqual(strip(padded));
  });

  it('random order shuffles deal lines and entries: the same rows, no longer grouped by deal', () => {
    const grouped = shaped('guid', 'grouped');
    const random = shaped('guid', 'random');
    const rows = (m: typeof grouped) => [
      m.deals.map((d) => JSON.stringify(d)).sort(),
      m.entries.map((e) => JSON.stringify(e)).sort(),
    ];
    expect(rows(random)).toEqual(rows(grouped));
    const runs = (ids: string[]) => ids.filter((id, i) => id !== ids[i - 1]).length;
    const entryDeals = random.entries.map((e) => e.deal_id!);
    // Grouped, each deal's entries are one run; shuffled, nearly every entry starts a new one.
    expect(runs(grouped.entries.map((e) => e.deal_id!))).toBeLessThan(grouped.entries.length / 2);
    expect(runs(entryDeals)).toBeGreaterThan(random.entries.length * 0.95);
  });
});

describe('generated history (--history-months)', () => {
  const plain = generateMonth({ deals: 1500, period: '2026-10', seed: 9 });
  const withHistory = generateMonth({ deals: 1500, period: '2026-10', seed: 9, historyMonths: 12 });

  it('keeps the month of N = 0 as it was, with the life-to-date cases after it', () => {
    expect(withHistory.deals.slice(0, plain.deals.length)).toEqual(plain.deals);
    expect(withHistory.entries.slice(0, plain.entries.length)).toEqual(plain.entries);
    expect(withHistory.truth.slice(0, plain.truth.length)).toEqual(plain.truth);
    expect(withHistory.dataQuality).toEqual(plain.dataQuality);
    expect(plain.history).toBeUndefined();
    const currencies = new Set(withHistory.deals.slice(plain.deals.length).map((d) => d.currency));
    expect([...currencies].sort()).toEqual(['EUR', 'JPY', 'USD']);
  });

  it('the month with its cases still reconciles to its own ground truth (JPY and EUR keys included)', async () => {
    await expectTruth(withHistory);
  });

  it('writes the twelve months before the period, and one opening month before them', () => {
    const h = withHistory.history!;
    expect(h.firstMonth).toBe('2025-10');
    const months = new Set(h.entries.map((e) => e.recognition_period!.slice(0, 7)));
    expect([...months].sort()).toEqual([
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
    ]);
    // Entry ids are one namespace with the month's, except the month file's rows of September, repeated as they are.
    const monthIds = new Set(withHistory.entries.map((e) => e.entry_id));
    const shared = h.entries.filter((e) => monthIds.has(e.entry_id));
    expect(shared.length).toBe(25);
    expect(shared.every((e) => e.recognition_period === '2026-09')).toBe(true);
    expect(new Set(h.entries.map((e) => e.entry_id)).size).toBe(h.entries.length);
  });

  it('is deterministic, and the number of history months leaves the month files alone', () => {
    expect(generateMonth({ deals: 300, period: '2026-10', seed: 3, historyMonths: 6 })).toEqual(
      generateMonth({ deals: 300, period: '2026-10', seed: 3, historyMonths: 6 }),
    );
    const a = generateMonth({ deals: 300, period: '2026-10', seed: 3, historyMonths: 2 });
    const b = generateMonth({ deals: 300, period: '2026-10', seed: 3, historyMonths: 12 });
    expect([a.deals, a.entries, a.truth]).toEqual([b.deals, b.entries, b.truth]);
    expect(a.history!.entries.length).toBeLessThan(b.history!.entries.length);
  });
});
