// Every worked example of docs/rules.md sections 2-4, run through the engine: the docs say what the code does.
import { describe, expect, it } from 'vitest';
import { entry, line, reconcileRows, rowOf } from '../helpers/engine.js';

/** One key's row for `period`, from the given lines and entries. */
async function keyRow(
  period: string,
  deals: Parameters<typeof line>[0][],
  entries: Parameters<typeof entry>[0][],
  deal: string,
  type: string,
  settings = {},
) {
  const recon = await reconcileRows(
    period,
    deals.map((d) => line(d)),
    entries.map((e) => entry({ recognition_period: period, ...e })),
    settings,
  );
  return rowOf(recon, deal, type);
}

describe('docs/rules.md section 2 (expected)', () => {
  it('1,000.00 over 3 months from 15 August 2026: 333.33, 333.34, 333.33; October is month 3 of 3', async () => {
    const deal = { deal_id: 'D1', contract_value: '1000.00', duration_months: '3', start_date: '2026-08-15' };
    const expected = await Promise.all(
      ['2026-08', '2026-09', '2026-10'].map(
        async (p) => (await keyRow(p, [deal], [], 'D1', 'Subscription')).expected,
      ),
    );
    expect(expected).toEqual([33_333, 33_334, 33_333]);
    const october = await keyRow('2026-10', [deal], [], 'D1', 'Subscription');
    expect(october.explanation).toBe('no revenue recognized; expected 333.33 (month 3 of 3)');
  });

  it('12,000.00 over 12 months from 1 July 2026 closed on 10 September: September 1,000.00, October unexpected', async () => {
    const deal = {
      deal_id: 'D1',
      contract_value: '12000.00',
      start_date: '2026-07-01',
      close_date: '2026-09-10',
    };
    expect((await keyRow('2026-09', [deal], [], 'D1', 'Subscription')).expected).toBe(100_000);
    const october = await keyRow(
      '2026-10',
      [deal],
      [{ entry_id: 'E1', deal_id: 'D1', recognized_amount: '1000.00' }],
      'D1',
      'Subscription',
    );
    expect(october).toMatchObject({ status: 'unexpected', expected: 0 });
    expect(october.explanation).toBe(
      "recognized 1,000.00 but nothing expected: after the contract's last month (2026-09)",
    );
  });

  it('3,000.00 over 1 month from 16 September 2026, daily: 1,500.00 in September and 1,500.00 in October', async () => {
    const deal = { deal_id: 'D1', contract_value: '3000.00', duration_months: '1', start_date: '2026-09-16' };
    const daily = { proration: 'daily' };
    expect((await keyRow('2026-09', [deal], [], 'D1', 'Subscription', daily)).expected).toBe(150_000);
    const october = await keyRow('2026-10', [deal], [], 'D1', 'Subscription', daily);
    expect(october.expected).toBe(150_000);
    expect(october.explanation).toContain('(month 2 of 2)');
  });
});

describe('docs/rules.md section 3 (the key currency)', () => {
  it('70.00 EUR of Support on deal D7 (USD and EUR lines) is unexpected in EUR; with USD lines only, a currency_mismatch', async () => {
    const usd = { deal_id: 'D7', line_id: 'L1', start_date: '2026-10-01' };
    const eur = {
      deal_id: 'D7',
      line_id: 'L2',
      revenue_type: 'Maintenance',
      currency: 'EUR',
      start_date: '2026-10-01',
    };
    const support = {
      entry_id: 'E1',
      deal_id: 'D7',
      revenue_type: 'Support',
      recognized_amount: '70.00',
      currency: 'EUR',
    };
    const both = await keyRow('2026-10', [usd, eur], [support], 'D7', 'Support');
    expect(both).toMatchObject({ status: 'unexpected', currency: 'EUR', recognized: 7_000 });
    const usdOnly = await keyRow('2026-10', [usd], [support], 'D7', 'Support');
    expect(usdOnly).toMatchObject({ status: 'currency_mismatch', currency: 'USD', recognized: 0 });
  });
});

describe('docs/rules.md section 4 (classification)', () => {
  const d2 = { deal_id: 'D2', contract_value: '12000.00', start_date: '2026-07-01' };
  const posted = (amount: string) => [{ entry_id: 'E1', deal_id: 'D2', recognized_amount: amount }];

  it('D2, October month 4: missing with nothing, matched at 995.00, under at 400.00', async () => {
    const missing = await keyRow('2026-10', [d2], [], 'D2', 'Subscription');
    expect(missing).toMatchObject({
      status: 'missing',
      expected: 100_000,
      variance: -100_000,
      tolerance: 1_000,
    });
    expect(missing.explanation).toBe('no revenue recognized; expected 1,000.00 (month 4 of 12)');
    expect((await keyRow('2026-10', [d2], posted('995.00'), 'D2', 'Subscription')).status).toBe('matched');
    const under = await keyRow('2026-10', [d2], posted('400.00'), 'D2', 'Subscription');
    expect(under.status).toBe('under');
    expect(under.explanation).toBe('recognized 400.00 of 1,000.00 expected (month 4 of 12); short by 600.00');
  });

  it('E = 23,350.17 with E9850 and E9851 both 23,350.17: duplicate; with different amounts, over', async () => {
    // A one-time line of 23,350.17 in October.
    const deal = {
      deal_id: 'D9',
      revenue_type: 'Setup',
      contract_value: '23350.17',
      duration_months: '',
      start_date: '2026-10-01',
    };
    const twice = (second: string) => [
      { entry_id: 'E9850', deal_id: 'D9', revenue_type: 'Setup', recognized_amount: '23350.17' },
      { entry_id: 'E9851', deal_id: 'D9', revenue_type: 'Setup', recognized_amount: second },
    ];
    const dup = await keyRow('2026-10', [deal], twice('23350.17'), 'D9', 'Setup');
    expect(dup.status).toBe('duplicate');
    expect(dup.explanation).toBe(
      'entries E9850 and E9851 have the same amount (23,350.17); without the repeat, recognized is 23,350.17 against 23,350.17 expected',
    );
    const over = await keyRow('2026-10', [deal], twice('23350.18'), 'D9', 'Setup');
    expect(over).toMatchObject({ status: 'over', variance: 2_335_018 });
  });

  it('D1627: Support expected, posted as Consulting: both rows misclassified and naming each other', async () => {
    const deals = [
      {
        deal_id: 'D1627',
        revenue_type: 'Support',
        contract_value: '18680.37',
        duration_months: '1',
        start_date: '2026-10-01',
      },
    ];
    const entries = [
      { entry_id: 'E1', deal_id: 'D1627', revenue_type: 'Consulting', recognized_amount: '18680.37' },
    ];
    const support = await keyRow('2026-10', deals, entries, 'D1627', 'Support');
    const consulting = await keyRow('2026-10', deals, entries, 'D1627', 'Consulting');
    expect([support.status, consulting.status]).toEqual(['misclassified', 'misclassified']);
    expect(support.explanation).toBe(
      'booked as Support, recognized as Consulting: 18,680.37 expected here was recognized on the Consulting row of deal D1627',
    );
    expect(consulting.explanation).toContain(
      '18,680.37 recognized here belongs to the Support row of deal D1627',
    );
  });

  it('920.00 expected in USD, 920.00 posted in EUR (E5): currency_mismatch, 0.00 USD recognized', async () => {
    const deal = {
      deal_id: 'D5',
      revenue_type: 'Setup',
      contract_value: '920.00',
      duration_months: '',
      start_date: '2026-10-01',
    };
    const row = await keyRow(
      '2026-10',
      [deal],
      [
        {
          entry_id: 'E5',
          deal_id: 'D5',
          revenue_type: 'Setup',
          recognized_amount: '920.00',
          currency: 'EUR',
        },
      ],
      'D5',
      'Setup',
    );
    expect(row).toMatchObject({ status: 'currency_mismatch', recognized: 0, entryIds: ['E5'] });
    expect(row.explanation).toBe(
      "entry E5 (EUR) is not in USD, the deal line's currency; 0.00 USD recognized against 920.00 expected",
    );
  });
});
