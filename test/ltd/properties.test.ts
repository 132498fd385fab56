// Properties of life to date over random months with history (fast-check), against sums taken from the raw rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ltdGroupKey } from '../../src/engine/life-to-date.js';
import { currencyDigits, parseMoney } from '../../src/core/money.js';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import { cumulativeAmount } from '../../src/rules/schedule.js';
import { parseIsoDate, parsePeriod } from '../../src/core/dates.js';
import { deal, runWithHistory } from './helpers.js';

const P = '2026-10';
const TYPES = ['Subscription', 'Support', 'Consulting', 'Setup'];
const CURRENCIES = ['USD', 'EUR', 'JPY'];
const ONE_TIME = new Set(['consulting', 'setup']);

const months = Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

const world = fc
  .record({
    deals: fc.array(
      fc.record({
        currency: fc.constantFrom(...CURRENCIES),
        lines: fc.array(
          fc.record({
            type: fc.constantFrom(...TYPES),
            units: fc.integer({ min: 0, max: 50_000 }),
            months: fc.integer({ min: 1, max: 12 }),
            start: fc.integer({ min: 0, max: 9 }),
            closeAfter: fc.option(fc.integer({ min: 0, max: 11 })),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    postings: fc.array(
      fc.record({
        deal: fc.integer({ min: 0, max: 6 }), // 6 may be past the deals: an orphan
        type: fc.constantFrom(...TYPES),
        month: fc.integer({ min: 0, max: 9 }),
        units: fc.integer({ min: -2_000, max: 20_000 }),
        foreign: fc.boolean(),
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ deals, postings }) => {
    // GUID-like deal ids, not in sorted order.
    const ids = deals.map((_, i) => `${(9 - i).toString(16)}e1f${i}-guid-${i * 7919}`);
    const dealRows: DealLineRow[] = deals.flatMap((d, i) =>
      d.lines.map((l, j) => {
        const start = `${months[l.start]!}-01`;
        const closeMonth = l.closeAfter === null ? undefined : l.start + l.closeAfter;
        return deal({
          deal_id: ids[i]!,
          line_id: String(j),
          revenue_type: l.type,
          currency: d.currency,
          contract_value: amountText(l.units * 100 + j, d.currency),
          duration_months: String(l.months),
          start_date: start,
          close_date:
            closeMonth !== undefined && closeMonth < l.start + l.months - 1 && closeMonth <= 11
              ? `2026-${String(closeMonth + 1).padStart(2, '0')}-10`
              : '',
        });
      }),
    );
    const entryRows: EntryRow[] = postings.map((p, k) => {
      const currency = deals[p.deal]?.currency ?? 'USD';
      const other = CURRENCIES.find((c) => c !== currency)!;
      return {
        entry_id: `JE-${k}-${(k * 2654435761) % 1000003}`,
        deal_id: p.deal < deals.length ? ids[p.deal]! : `unknown ${p.deal}`,
        revenue_type: p.type,
        recognition_period: months[p.month]!,
        recognized_amount: amountText(p.units * 13, p.foreign ? other : currency),
        currency: p.foreign ? other : currency,
      };
    });
    return { dealRows, entryRows, currencyOf: new Map(ids.map((id, i) => [id, deals[i]!.currency])) };
  });

function amountText(units: number, currency: string): string {
  const digits = currencyDigits(currency);
  const minor = units;
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

describe('life-to-date properties', () => {
  it('per currency, the LTD variances of all keys add up to history + period recognized - LTD expected (orphans aside)', async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ dealRows, entryRows, currencyOf }) => {
        const history = entryRows.filter((e) => e.recognition_period! < P);
        const period = entryRows.filter((e) => e.recognition_period === P);
        const run = await runWithHistory(P, dealRows, period, history);
        const ltd = run.recon.lifeToDate!;
        // From the raw rows: every line's cumulative schedule, every posting of a known deal in its deal's currency.
        const expected = new Map<string, number>();
        const recognized = new Map<string, number>();
        const add = (m: Map<string, number>, c: string, v: number) => m.set(c, (m.get(c) ?? 0) + v);
        for (const l of dealRows) {
          const digits = currencyDigits(l.currency!);
          const parsed = parseMoney(l.contract_value!, digits);
          if (!parsed.ok) throw new Error('bad fixture');
          const type = l.revenue_type!.toLowerCase();
          add(
            expected,
            l.currency!,
            cumulativeAmount(
              {
                dealId: l.deal_id ?? '',
                lineId: l.line_id ?? '',
                customerId: '',
                customerName: '',
                segment: 'x',
                typeKey: type,
                category: ONE_TIME.has(type) ? 'one_time' : 'recurring',
                contractValue: parsed.minor,
                currency: l.currency!,
                durationMonths: Number(l.duration_months),
                startDate: parseIsoDate(l.start_date!)!,
                ...(l.close_date ? { closeDate: parseIsoDate(l.close_date)! } : {}),
              },
              parsePeriod(P)!,
              'monthly',
            ),
          );
        }
        for (const e of entryRows) {
          const c = currencyOf.get(e.deal_id!);
          if (c === undefined || e.currency !== c) continue;
          const parsed = parseMoney(e.recognized_amount!, currencyDigits(c));
          if (parsed.ok) add(recognized, c, parsed.minor);
        }
        for (const c of CURRENCIES) {
          const total = ltd.groups.get(ltdGroupKey('ALL', 'ALL', c));
          const variance = (total?.ltdRecognized ?? 0) - (total?.ltdExpected ?? 0);
          expect(variance).toBe((recognized.get(c) ?? 0) - (expected.get(c) ?? 0));
          expect(total?.ltdExpected ?? 0).toBe(expected.get(c) ?? 0);
          // The open items' variances are the keys beyond tolerance: shortfall and excess add up from them.
          const open = ltd.openItems.filter((i) => i.currency === c);
          expect(total?.openShortfall ?? 0).toBe(
            open.filter((i) => i.ltdVariance < 0).reduce((s, i) => s - i.ltdVariance, 0),
          );
          expect(total?.openExcess ?? 0).toBe(
            open.filter((i) => i.ltdVariance > 0).reduce((s, i) => s + i.ltdVariance, 0),
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a key open at P-1 (the P-1 run's open items) and clear at P is in closed-items exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ dealRows, entryRows }) => {
        const before = '2026-09';
        const runBefore = await runWithHistory(
          before,
          dealRows,
          entryRows.filter((e) => e.recognition_period === before),
          entryRows.filter((e) => e.recognition_period! < before),
        );
        const run = await runWithHistory(
          P,
          dealRows,
          entryRows.filter((e) => e.recognition_period === P),
          entryRows.filter((e) => e.recognition_period! < P),
        );
        const key = (i: { dealId: string; typeKey: string; currency: string }) =>
          `${i.dealId}|${i.typeKey}|${i.currency}`;
        const openNow = new Set(run.recon.lifeToDate!.openItems.map(key));
        const closedExpected = runBefore.recon
          .lifeToDate!.openItems.map(key)
          .filter((k) => !openNow.has(k))
          .sort();
        const closed = run.recon.lifeToDate!.closedItems.map(key).sort();
        expect(closed).toEqual(closedExpected);
        expect(new Set(closed).size).toBe(closed.length);
        // And continuing items are exactly those open in both runs.
        const continuing = run.recon
          .lifeToDate!.openItems.filter((i) => i.change === 'continuing')
          .map(key)
          .sort();
        const openBefore = new Set(runBefore.recon.lifeToDate!.openItems.map(key));
        expect(continuing).toEqual([...openNow].filter((k) => openBefore.has(k)).sort());
      }),
      { numRuns: 60 },
    );
  });
});
