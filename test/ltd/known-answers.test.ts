// Life to date (SPEC §8) on hand-computed months: timing apart from leakage, drift, early ends, rounding, currencies.
import { describe, expect, it } from 'vitest';
import { cumulativeAmount } from '../../src/rules/schedule.js';
import { parseIsoDate, parsePeriod } from '../../src/core/dates.js';
import { deal, monthly, posting, runWithHistory } from './helpers.js';

const P = '2026-10';
const A = 'f3b1c2d4-5e6f-4a5b-8c9d-0123456789ab'; // missed September, caught up in October
const B = 'Acme impl #7'; // one-time line posted a month late
const C = '9e8d7c6b-5a49-4382-9170-fedcba987654'; // ahead in September, short in October
const D = 'drift deal 42'; // 0.5% short every month: matched monthly, open to date
const E = 'E-terminated'; // closed 2026-06-30, recognized through August
const F = 'round-3'; // 1,000.00 over 3 months
const G = 'jpy-0007'; // JPY
const H = 'eur 12'; // EUR, with a September entry posted in USD

const deals = [
  deal({ deal_id: A, contract_value: '12000.00', start_date: '2026-07-01' }),
  deal({
    deal_id: B,
    revenue_type: 'implementation',
    contract_value: '5000.00',
    duration_months: '1',
    start_date: '2026-09-15',
  }),
  deal({ deal_id: C, revenue_type: 'Support', contract_value: '3600.00', start_date: '2026-01-01' }),
  deal({ deal_id: D, contract_value: '120000.00', start_date: '2026-01-01' }),
  deal({
    deal_id: E,
    segment: 'Public Sector',
    revenue_type: 'Maintenance',
    start_date: '2026-01-01',
    close_date: '2026-06-30',
  }),
  deal({ deal_id: F, contract_value: '1000.00', duration_months: '3', start_date: '2026-08-01' }),
  deal({
    deal_id: G,
    contract_value: '1000000',
    currency: 'JPY',
    duration_months: '7',
    start_date: '2026-05-01',
  }),
  deal({
    deal_id: H,
    revenue_type: 'Service',
    contract_value: '6000.00',
    currency: 'EUR',
    duration_months: '6',
    start_date: '2026-06-01',
  }),
];
const history = [
  posting(A, '2026-07', '1000.00'),
  posting(A, '2026-08', '1000.00'),
  ...monthly(C, '2026-01', '2026-08', '300.00', { revenue_type: 'SUPPORT' }),
  posting(C, '2026-09', '600.00', { revenue_type: 'Support' }),
  ...monthly(D, '2026-01', '2026-09', '9950.00'),
  ...monthly(E, '2026-01', '2026-08', '1000.00', { revenue_type: 'Maintenance' }),
  posting(F, '2026-08-31', '333.33'),
  posting(F, '2026-09', '333.34'),
  ...monthly(G, '2026-05', '2026-09', '142857', { currency: 'JPY' }),
  ...monthly(H, '2026-06', '2026-08', '1000.00', { revenue_type: 'Service', currency: 'EUR' }),
  posting(H, '2026-09', '1000.00', { revenue_type: 'Service', currency: 'USD' }),
];
const entries = [
  posting(A, P, '2000.00'),
  posting(B, P, '5000.00', { revenue_type: 'Implementation' }),
  posting(D, P, '9950.00'),
  posting(H, P, '1000.00', { revenue_type: 'Service', currency: 'EUR' }),
];

describe('a month with history (2026-10)', async () => {
  const run = await runWithHistory(P, deals, entries, history);
  const discrepancy = (dealId: string) => run.csv('discrepancies.csv').find((r) => r.deal_id === dealId)!;

  it('missed then caught up: over this month, timing to date, and a closed item', () => {
    expect(discrepancy(A)).toMatchObject({
      status: 'over',
      expected: '1000.00',
      recognized: '2000.00',
      variance: '1000.00',
      ltd_expected: '4000.00',
      ltd_recognized: '4000.00',
      ltd_variance: '0.00',
      to_date: 'timing',
      explanation:
        'recognized 2,000.00 against 1,000.00 expected (month 4 of 12); 1,000.00 over; even to date: catches up earlier months',
    });
  });

  it('a one-time line posted a month late: unexpected this month, timing, closed', () => {
    expect(discrepancy(B)).toMatchObject({
      status: 'unexpected',
      severity: 'critical',
      expected: '0.00',
      recognized: '5000.00',
      ltd_expected: '5000.00',
      ltd_recognized: '5000.00',
      ltd_variance: '0.00',
      to_date: 'timing',
    });
    expect(discrepancy(B).explanation).toMatch(/; even to date: catches up earlier months$/);
  });

  it('ahead of schedule, then a shortfall: timing, "recognized early"', () => {
    expect(discrepancy(C)).toMatchObject({
      status: 'missing',
      expected: '300.00',
      ltd_expected: '3000.00',
      ltd_recognized: '3000.00',
      ltd_variance: '0.00',
      to_date: 'timing',
      explanation: 'no revenue recognized; expected 300.00 (month 10 of 12); even to date: recognized early',
    });
  });

  it('JPY: LTD in yen without decimals; the month and the gap to date', () => {
    expect(discrepancy(G)).toMatchObject({
      status: 'missing',
      severity: 'critical',
      expected: '142857',
      tolerance: '1429',
      ltd_expected: '857143',
      ltd_recognized: '714285',
      ltd_variance: '-142858',
      to_date: 'open',
      explanation: 'no revenue recognized; expected 142,857 (month 6 of 7); short 142,858 to date',
    });
  });

  it('rounding: 1,000.00 over 3 months is 333.33, 666.67, 1,000.00 to date', () => {
    expect(discrepancy(F)).toMatchObject({
      expected: '333.33',
      ltd_expected: '1000.00',
      ltd_recognized: '666.67',
      ltd_variance: '-333.33',
      to_date: 'open',
    });
  });

  it('open-items.csv: every key open at P, whatever its month status, largest first', () => {
    const text = run.files.get('open-items.csv')!;
    expect(text.split('\r\n')).toEqual([
      'run_id,period,deal_id,customer_id,customer_name,segment,revenue_type,revenue_category,currency,month_status,ltd_expected,ltd_recognized,ltd_variance,ltd_tolerance,change,open_since,age_months,explanation',
      'run-1,2026-10,jpy-0007,C-1,Acme Inc,Enterprise,Subscription,recurring,JPY,missing,857143,714285,-142858,1,new,2026-10,1,"short 142,858 to date since 2026-10: nothing recognized in October"',
      'run-1,2026-10,E-terminated,C-1,Acme Inc,Public Sector,Maintenance,recurring,USD,,6000.00,8000.00,2000.00,1.00,continuing,,,"over-recognized 2,000.00 to date: service ended 2026-06-30"',
      'run-1,2026-10,eur 12,C-1,Acme Inc,Enterprise,Service,recurring,EUR,matched,5000.00,4000.00,-1000.00,1.00,continuing,,,"short 1,000.00 to date: matched in October; the gaps of earlier months remain"',
      'run-1,2026-10,drift deal 42,C-1,Acme Inc,Enterprise,Subscription,recurring,USD,matched,100000.00,99500.00,-500.00,1.00,continuing,,,"short 500.00 to date: matched in October; the gaps of earlier months remain"',
      'run-1,2026-10,round-3,C-1,Acme Inc,Enterprise,Subscription,recurring,USD,missing,1000.00,666.67,-333.33,1.00,new,2026-10,1,short 333.33 to date since 2026-10: nothing recognized in October',
      '',
    ]);
  });

  it('closed-items.csv: open at P-1 and clear at P, largest previous gap first', () => {
    expect(run.files.get('closed-items.csv')!.split('\r\n')).toEqual([
      'run_id,period,deal_id,customer_id,customer_name,segment,revenue_type,revenue_category,currency,month_status,ltd_variance_previous,ltd_variance,open_since,explanation',
      'run-1,2026-10,Acme impl #7,C-1,Acme Inc,Enterprise,Implementation,one_time,USD,unexpected,-5000.00,0.00,,"recovered 5,000.00: the shortfall is closed"',
      `run-1,2026-10,${A},C-1,Acme Inc,Enterprise,Subscription,recurring,USD,over,-1000.00,0.00,,"recovered 1,000.00: the shortfall is closed"`,
      `run-1,2026-10,${C},C-1,Acme Inc,Enterprise,Support,recurring,USD,missing,300.00,0.00,,reversed 300.00: the excess is closed`,
      '',
    ]);
  });

  it('aging.csv: six buckets per currency with a key, zeros included', () => {
    const lines = run.files.get('aging.csv')!.split('\r\n');
    expect(lines[0]).toBe('run_id,period,currency,age_bucket,open_items,shortfall,excess');
    expect(lines.slice(1, -1)).toEqual([
      'run-1,2026-10,EUR,1,0,0.00,0.00',
      'run-1,2026-10,EUR,2-3,0,0.00,0.00',
      'run-1,2026-10,EUR,4-6,0,0.00,0.00',
      'run-1,2026-10,EUR,7-12,0,0.00,0.00',
      'run-1,2026-10,EUR,13+,0,0.00,0.00',
      'run-1,2026-10,EUR,undated,1,1000.00,0.00',
      'run-1,2026-10,JPY,1,1,142858,0',
      'run-1,2026-10,JPY,2-3,0,0,0',
      'run-1,2026-10,JPY,4-6,0,0,0',
      'run-1,2026-10,JPY,7-12,0,0,0',
      'run-1,2026-10,JPY,13+,0,0,0',
      'run-1,2026-10,JPY,undated,0,0,0',
      'run-1,2026-10,USD,1,1,333.33,0.00',
      'run-1,2026-10,USD,2-3,0,0.00,0.00',
      'run-1,2026-10,USD,4-6,0,0.00,0.00',
      'run-1,2026-10,USD,7-12,0,0.00,0.00',
      'run-1,2026-10,USD,13+,0,0.00,0.00',
      'run-1,2026-10,USD,undated,2,500.00,2000.00',
    ]);
  });

  it('summary.csv: open and closed figures per line; a line only keys to date have is there too', () => {
    const lines = run.csv('summary.csv');
    const pick = (segment: string, category: string, currency: string) =>
      lines.find((l) => l.segment === segment && l.revenue_category === category && l.currency === currency);
    expect(pick('Public Sector', 'recurring', 'USD')).toMatchObject({
      rows: '0',
      expected: '0.00',
      open_items: '1',
      open_shortfall: '0.00',
      open_excess: '2000.00',
      closed_items: '0',
      closed_amount: '0.00',
    });
    expect(pick('ALL', 'ALL', 'USD')).toMatchObject({
      open_items: '3',
      open_shortfall: '833.33',
      open_excess: '2000.00',
      closed_items: '3',
      closed_amount: '6300.00',
    });
    expect(pick('ALL', 'ALL', 'JPY')).toMatchObject({ open_items: '1', open_shortfall: '142858' });
    expect(pick('ALL', 'ALL', 'EUR')).toMatchObject({ open_items: '1', open_shortfall: '1000.00' });
    // Groups first (segment, category, currency), then ALL per currency.
    expect(lines.map((l) => `${l.segment}/${l.revenue_category}/${l.currency}`)).toEqual([
      'Enterprise/one_time/USD',
      'Enterprise/recurring/EUR',
      'Enterprise/recurring/JPY',
      'Enterprise/recurring/USD',
      'Public Sector/recurring/USD',
      'ALL/ALL/EUR',
      'ALL/ALL/JPY',
      'ALL/ALL/USD',
    ]);
  });

  it('no data-quality line for good history, and the manifest figures per currency', () => {
    expect(run.recon.dataQuality).toEqual([]);
    expect(run.recon.inputs.history).toMatchObject({
      rows_read: history.length,
      rows_rejected: 0,
      rows_ignored: 0,
    });
  });
});

describe('the cumulative schedule (SPEC §3) is the LTD expected', () => {
  const line = {
    dealId: 'x',
    lineId: '',
    customerId: '',
    customerName: '',
    segment: 'S',
    typeKey: 'subscription',
    category: 'recurring' as const,
    contractValue: 100_000,
    currency: 'USD',
    durationMonths: 3,
    startDate: parseIsoDate('2026-08-01')!,
  };
  it('1,000.00 over 3 months: 333.33, 666.67, 1,000.00, then no more', () => {
    const months = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].map((p) => parsePeriod(p)!);
    expect(months.map((m) => cumulativeAmount(line, m, 'monthly'))).toEqual([
      0, 33_333, 66_667, 100_000, 100_000,
    ]);
  });
  it('a close_date stops it; a one-time line is whole from its month on', () => {
    const closed = { ...line, closeDate: parseIsoDate('2026-09-10')! };
    expect(cumulativeAmount(closed, parsePeriod('2026-12')!, 'monthly')).toBe(66_667);
    const oneTime = { ...line, category: 'one_time' as const };
    expect(cumulativeAmount(oneTime, parsePeriod('2026-07')!, 'monthly')).toBe(0);
    expect(cumulativeAmount(oneTime, parsePeriod('2026-08')!, 'monthly')).toBe(100_000);
  });
});

describe('daily proration to date', async () => {
  // 36,500.00 from 2026-01-15 for 12 months: 365 service days. Through 30 Sep 259 days (25,900.00),
  // through 31 Oct 290 days (29,000.00). History comes aggregated; October recognizes 3,000.00 of 3,100.00.
  const d = 'b7e2a9c0-1111-4c2d-9e8f-222233334444';
  const run = await runWithHistory(
    P,
    [deal({ deal_id: d, contract_value: '36500.00', start_date: '2026-01-15' })],
    [posting(d, P, '3000.00')],
    [
      {
        entry_id: undefined,
        deal_id: d,
        revenue_type: 'subscription',
        recognition_period: undefined,
        recognized_amount: '25900.00',
        currency: 'USD',
        entry_count: '9',
      },
    ],
    { proration: 'daily' },
  );
  it('LTD expected counts the days served through the month', () => {
    expect(run.csv('discrepancies.csv')[0]).toMatchObject({
      status: 'under',
      expected: '3100.00',
      recognized: '3000.00',
      ltd_expected: '29000.00',
      ltd_recognized: '28900.00',
      ltd_variance: '-100.00',
      to_date: 'open',
    });
    expect(run.csv('open-items.csv')).toMatchObject([
      {
        month_status: 'under',
        change: 'new',
        open_since: '2026-10',
        age_months: '1',
        explanation:
          'short 100.00 to date since 2026-10: recognized 3,000.00 of 3,100.00 expected in October',
      },
    ]);
  });
});

describe('a shortfall closed by a tolerance that grew, not by a recovery', async () => {
  // 12,000.00 from 2026-07-01 for 12 months, daily: 365 service days. Through 30 Sep 92 days:
  // 12,000 x 92/365 = 3,024.657… → 3,024.66; history 2,990.00, short 34.66 against a 1% tolerance of
  // 30.2466: open at P-1. Through 31 Oct 123 days: 4,043.835… → 4,043.84; October recognizes
  // 1,019.18, so 4,009.18 to date, short 34.66 again, now inside 40.4384: closed, nothing recovered.
  const d = 'tolerance-grew';
  const run = await runWithHistory(
    P,
    [deal({ deal_id: d, contract_value: '12000.00', start_date: '2026-07-01' })],
    [posting(d, P, '1019.18')],
    [
      {
        entry_id: undefined,
        deal_id: d,
        revenue_type: 'Subscription',
        recognition_period: undefined,
        recognized_amount: '2990.00',
        currency: 'USD',
        entry_count: '3',
      },
    ],
    { proration: 'daily', ltd_tolerance_pct: 1 },
  );
  it('says the gap is inside the tolerance now, not that it was recovered', () => {
    expect(run.csv('closed-items.csv')).toMatchObject([
      {
        deal_id: d,
        ltd_variance_previous: '-34.66',
        ltd_variance: '-34.66',
        explanation:
          'nothing recovered: the shortfall is closed, as 34.66 short to date is within the tolerance now',
      },
    ]);
  });
});

describe('a one-time line whose month passed unrecognized', () => {
  it('is open to date, and its explanation says when it was due', async () => {
    // Setup 500.00 of March 2026, never recognized; October has nothing for it: LTD expected 500.00
    // at P-1 and P, recognized 0.00, so short 500.00 to date (a new item: no previous run dates it).
    const run = await runWithHistory(
      P,
      [
        deal({
          deal_id: 'S-9',
          revenue_type: 'Setup',
          contract_value: '500.00',
          duration_months: '',
          start_date: '2026-03-10',
        }),
      ],
      [],
      [posting('other', '2026-09', '1.00')],
    );
    expect(run.csv('open-items.csv')).toEqual([
      expect.objectContaining({
        deal_id: 'S-9',
        month_status: '',
        ltd_expected: '500.00',
        ltd_recognized: '0.00',
        ltd_variance: '-500.00',
        change: 'continuing',
        explanation: 'short 500.00 to date: one-time revenue due by 2026-03, nothing recognized in October',
      }),
    ]);
  });
});
