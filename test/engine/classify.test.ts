// A hand-computed month (October 2026, defaults: tolerance 1% / 1.00, critical 5,000.00) with every status.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reconciliation } from '../../src/pipeline/reconcile-source.js';
import { entry, line, reconcileRows, rowOf } from '../helpers/engine.js';

const deals = [
  // 12,000.00 over 12 from July: October is month 4, E = 1,000.00.
  line({ deal_id: 'D1', line_id: 'L1', start_date: '2026-07-01' }),
  line({ deal_id: 'D2', line_id: 'L1', start_date: '2026-07-01' }),
  // 24,000.00 over 12 from Oct 5: E = 2,000.00.
  line({
    deal_id: 'D3',
    line_id: 'L1',
    revenue_type: 'Support',
    contract_value: '24000.00',
    start_date: '2026-10-05',
  }),
  // 6,000.00 over 6 from September: E = 1,000.00.
  line({
    deal_id: 'D4',
    line_id: 'L1',
    revenue_type: 'Maintenance',
    contract_value: '6000.00',
    duration_months: '6',
    start_date: '2026-09-01',
  }),
  line({ deal_id: 'D5', line_id: 'L1', revenue_type: 'Service', start_date: '2026-10-01' }),
  // 1,200.00 over 12 in 2025: ended, E = 0.
  line({ deal_id: 'D6', line_id: 'L1', contract_value: '1200.00', start_date: '2025-01-01' }),
  line({ deal_id: 'D9', line_id: 'L1', start_date: '2026-10-01' }),
  line({ deal_id: 'D10', line_id: 'L1', currency: 'EUR', start_date: '2026-10-01' }),
  // One-time 10,000.00 starting in October: E = 10,000.00.
  line({
    deal_id: 'D11',
    line_id: 'L1',
    revenue_type: 'Implementation',
    contract_value: '10000.00',
    duration_months: '',
    start_date: '2026-10-12',
  }),
  // 120,000.00 over 12: E = 10,000.00; tolerance 1% = 100.00.
  line({ deal_id: 'D12', line_id: 'L1', contract_value: '120000.00', start_date: '2026-10-01' }),
  // Two lines on one key: 1,000.00/3 month 1 = 333.33 plus 200.00/3 month 2 = 66.66; E = 399.99.
  line({
    deal_id: 'D13',
    line_id: 'L1',
    revenue_type: 'Support',
    contract_value: '1000.00',
    duration_months: '3',
    start_date: '2026-10-01',
  }),
  line({
    deal_id: 'D13',
    line_id: 'L2',
    revenue_type: ' support ',
    contract_value: '200.00',
    duration_months: '3',
    start_date: '2026-09-01',
  }),
];

const entries = [
  entry({ entry_id: 'E1', deal_id: 'D1', recognized_amount: '1000.00' }),
  entry({
    entry_id: 'E3',
    deal_id: 'D3',
    revenue_type: 'SUPPORT',
    recognized_amount: '1500.00',
    recognition_period: '2026-10-31',
  }),
  entry({ entry_id: 'E4', deal_id: 'D4', revenue_type: 'Maintenance', recognized_amount: '1200.00' }),
  entry({
    entry_id: 'E17',
    deal_id: 'D5',
    revenue_type: 'Service',
    recognized_amount: '1000.00',
    recognition_period: '2026-10-01',
  }),
  entry({ entry_id: 'E18', deal_id: 'D5', revenue_type: 'Service', recognized_amount: '1000.00' }),
  entry({ entry_id: 'E6', deal_id: 'D6', recognized_amount: '100.00' }),
  entry({ entry_id: 'E7', deal_id: 'D999', recognized_amount: '250.00' }),
  entry({ entry_id: 'E8', deal_id: '', recognized_amount: '50.00' }),
  entry({ entry_id: 'E9', deal_id: 'D9', revenue_type: 'Consulting', recognized_amount: '1000.00' }),
  entry({ entry_id: 'E10', deal_id: 'D10', recognized_amount: '1000.00', currency: 'USD' }),
  entry({ entry_id: 'E12', deal_id: 'D12', recognized_amount: '9950.00' }),
  entry({ entry_id: 'E13', deal_id: 'D13', revenue_type: 'Support', recognized_amount: '399.99' }),
  // Another month: read, not counted in October.
  entry({ entry_id: 'E20', deal_id: 'D2', recognized_amount: '1000.00', recognition_period: '2026-09-30' }),
];

let recon: Reconciliation;
beforeAll(async () => {
  recon = await reconcileRows('2026-10', deals, entries);
});

describe('classification of a hand-computed month', () => {
  it.each([
    ['D1', 'Subscription', 'matched', 'ok', 100000, 100000],
    ['D2', 'Subscription', 'missing', 'warning', 100000, 0],
    ['D3', 'Support', 'under', 'warning', 200000, 150000],
    ['D4', 'Maintenance', 'over', 'warning', 100000, 120000],
    ['D5', 'Service', 'duplicate', 'warning', 100000, 200000],
    ['D6', 'Subscription', 'unexpected', 'warning', 0, 10000],
    ['D999', 'Subscription', 'orphan', 'warning', 0, 25000],
    ['', 'Subscription', 'orphan', 'warning', 0, 5000],
    ['D9', 'Subscription', 'misclassified', 'warning', 100000, 0],
    ['D9', 'Consulting', 'misclassified', 'warning', 0, 100000],
    ['D10', 'Subscription', 'currency_mismatch', 'warning', 100000, 0],
    ['D11', 'Implementation', 'missing', 'critical', 1000000, 0],
    ['D12', 'Subscription', 'matched', 'ok', 1000000, 995000],
    ['D13', 'Support', 'matched', 'ok', 39999, 39999],
  ] as const)('%s %s is %s (%s), E=%i R=%i', (deal, type, status, severity, expected, recognized) => {
    const row = rowOf(recon, deal, type);
    expect(row.status).toBe(status);
    expect(row.severity).toBe(severity);
    expect(row.expected).toBe(expected);
    expect(row.recognized).toBe(recognized);
    expect(row.variance).toBe(recognized - expected);
  });

  it('classifies exactly the keys with E != 0 or an entry in the period', () => {
    expect(recon.result.rows).toHaveLength(14);
  });

  it('explains each finding in one line', () => {
    expect(rowOf(recon, 'D2', 'Subscription').explanation).toBe(
      'no revenue recognized; expected 1,000.00 (month 4 of 12)',
    );
    expect(rowOf(recon, 'D3', 'Support').explanation).toBe(
      'recognized 1,500.00 of 2,000.00 expected (month 1 of 12); short by 500.00',
    );
    expect(rowOf(recon, 'D5', 'Service').explanation).toContain(
      'entries E17 and E18 have the same amount (1,000.00)',
    );
    expect(rowOf(recon, 'D9', 'Subscription').explanation).toContain(
      'booked as Subscription, recognized as Consulting',
    );
    expect(rowOf(recon, 'D9', 'Consulting').explanation).toContain(
      'booked as Subscription, recognized as Consulting',
    );
    expect(rowOf(recon, 'D6', 'Subscription').explanation).toContain(
      "after the contract's last month (2025-12)",
    );
    expect(rowOf(recon, 'D999', 'Subscription').explanation).toBe('deal D999 is not in bookings');
    expect(rowOf(recon, '', 'Subscription').explanation).toBe('entry E8 names no deal_id');
    expect(rowOf(recon, 'D10', 'Subscription').explanation).toContain('E10 (USD)');
    expect(rowOf(recon, 'D11', 'Implementation').explanation).toBe(
      'no revenue recognized; expected 10,000.00 (one-time)',
    );
  });

  it('uses max(1% of |E|, 1.00) as tolerance', () => {
    expect(rowOf(recon, 'D3', 'Support').tolerance).toBe(2000); // 1% of 2,000.00
    expect(rowOf(recon, 'D6', 'Subscription').tolerance).toBe(100); // floor 1.00 when E = 0
    expect(rowOf(recon, 'D12', 'Subscription').tolerance).toBe(10000);
  });

  it('orders discrepancies critical first, then by abs(variance), then deal_id and revenue_type', () => {
    const order = recon.result.discrepancies.map((r) => `${r.dealId}/${r.revenueType}`);
    expect(order).toEqual([
      'D11/Implementation',
      'D10/Subscription', // 1,000.00 ties sort by deal_id as text: D10 < D2 < D5 < D9
      'D2/Subscription',
      'D5/Service',
      'D9/Consulting',
      'D9/Subscription',
      'D3/Support',
      'D999/Subscription',
      'D4/Maintenance',
      'D6/Subscription',
      '/Subscription',
    ]);
  });

  it('totals by currency: USD E 27,399.99, R 17,449.99, short 12,550.00, over 2,600.00', () => {
    const usd = recon.result.summary.find((s) => s.segment === 'ALL' && s.currency === 'USD')!;
    expect(usd.expected).toBe(2739999);
    expect(usd.recognized).toBe(1744999);
    expect(usd.netVariance).toBe(-995000);
    expect(usd.unrecognized).toBe(1255000);
    expect(usd.overRecognized).toBe(260000);
    expect(usd.counts.matched).toBe(3);
    expect(usd.counts.misclassified).toBe(2);
    const eur = recon.result.summary.find((s) => s.segment === 'ALL' && s.currency === 'EUR')!;
    expect(eur.expected).toBe(100000);
    expect(eur.counts.currency_mismatch).toBe(1);
  });
});

describe('edge rules', () => {
  it('a shortfall within tolerance of the excess still pairs as misclassified; beyond it does not', async () => {
    const d = [line({ deal_id: 'M1', line_id: 'L1', start_date: '2026-10-01' })]; // E = 1,000.00, tolerance 10.00
    const near = await reconcileRows('2026-10', d, [
      entry({ entry_id: 'X1', deal_id: 'M1', revenue_type: 'Setup', recognized_amount: '1010.00' }),
    ]);
    expect(rowOf(near, 'M1', 'Subscription').status).toBe('misclassified');
    const far = await reconcileRows('2026-10', d, [
      entry({ entry_id: 'X1', deal_id: 'M1', revenue_type: 'Setup', recognized_amount: '1010.01' }),
    ]);
    expect(rowOf(far, 'M1', 'Subscription').status).toBe('missing');
    expect(rowOf(far, 'M1', 'Setup').status).toBe('unexpected');
  });

  it('a reversal and a re-posting net out to matched', async () => {
    const d = [line({ deal_id: 'R1', line_id: 'L1', start_date: '2026-10-01' })];
    const e = [
      entry({ entry_id: 'A', deal_id: 'R1', recognized_amount: '1500.00' }),
      entry({ entry_id: 'B', deal_id: 'R1', recognized_amount: '-1500.00' }),
      entry({ entry_id: 'C', deal_id: 'R1', recognized_amount: '1000.00' }),
    ];
    expect(rowOf(await reconcileRows('2026-10', d, e), 'R1', 'Subscription').status).toBe('matched');
  });

  it('an over-recognition without a repeated amount is over, not duplicate', async () => {
    const d = [line({ deal_id: 'O1', line_id: 'L1', start_date: '2026-10-01' })];
    const e = [
      entry({ entry_id: 'A', deal_id: 'O1', recognized_amount: '600.00' }),
      entry({ entry_id: 'B', deal_id: 'O1', recognized_amount: '700.00' }),
    ];
    expect(rowOf(await reconcileRows('2026-10', d, e), 'O1', 'Subscription').status).toBe('over');
  });

  it('a triple posting is a duplicate when removing two repeats brings R back', async () => {
    const d = [line({ deal_id: 'T1', line_id: 'L1', start_date: '2026-10-01' })];
    const e = ['A', 'B', 'C'].map((id) =>
      entry({ entry_id: id, deal_id: 'T1', recognized_amount: '1000.00' }),
    );
    const row = rowOf(await reconcileRows('2026-10', d, e), 'T1', 'Subscription');
    expect(row.status).toBe('duplicate');
    expect(row.explanation).toContain('entries A, B and C have the same amount');
  });

  it('critical from 5,000.00 of abs(variance), in the currency units', async () => {
    const d = [line({ deal_id: 'C1', line_id: 'L1', contract_value: '60000.00', start_date: '2026-10-01' })]; // E = 5,000.00
    const recon = await reconcileRows('2026-10', d, []);
    expect(rowOf(recon, 'C1', 'Subscription').severity).toBe('critical');
    const just = await reconcileRows(
      '2026-10',
      [line({ deal_id: 'C1', line_id: 'L1', contract_value: '59999.88', start_date: '2026-10-01' })],
      [],
    );
    expect(rowOf(just, 'C1', 'Subscription').severity).toBe('warning'); // E = 4,999.99
  });

  it('JPY amounts have no minor unit; EUR has two', async () => {
    const d = [
      line({
        deal_id: 'J1',
        line_id: 'L1',
        currency: 'JPY',
        contract_value: '100000',
        start_date: '2026-08-01',
      }), // month 3: 8333
      line({
        deal_id: 'U1',
        line_id: 'L1',
        currency: 'EUR',
        contract_value: '1000.00',
        start_date: '2026-09-01',
      }), // month 2: 83.34
    ];
    const recon = await reconcileRows('2026-10', d, []);
    expect(rowOf(recon, 'J1', 'Subscription').expected).toBe(8333);
    expect(rowOf(recon, 'U1', 'Subscription').expected).toBe(8334);
  });

  it('close_date within the period keeps the period and drops the months after', async () => {
    const d = [
      line({
        deal_id: 'K1',
        line_id: 'L1',
        contract_value: '1200.00',
        start_date: '2026-07-01',
        close_date: '2026-10-15',
      }),
    ];
    expect(rowOf(await reconcileRows('2026-10', d, []), 'K1', 'Subscription').expected).toBe(10000);
    const nov = await reconcileRows('2026-11', d, [
      entry({ entry_id: 'A', deal_id: 'K1', recognized_amount: '100.00', recognition_period: '2026-11' }),
    ]);
    expect(rowOf(nov, 'K1', 'Subscription').status).toBe('unexpected');
  });

  it('settings change the tolerance: 5% makes a 4% gap matched', async () => {
    const d = [line({ deal_id: 'S1', line_id: 'L1', start_date: '2026-10-01' })];
    const e = [entry({ entry_id: 'A', deal_id: 'S1', recognized_amount: '960.00' })];
    expect(rowOf(await reconcileRows('2026-10', d, e), 'S1', 'Subscription').status).toBe('under');
    expect(
      rowOf(await reconcileRows('2026-10', d, e, { tolerance_pct: 5 }), 'S1', 'Subscription').status,
    ).toBe('matched');
  });
});

describe('ordering across currencies', () => {
  it('orders by abs(variance) in currency units: 3000 JPY, 100.00 USD, 50.00 USD, 20.000 BHD', async () => {
    const setup = (id: string, currency: string, value: string) =>
      line({
        deal_id: id,
        line_id: 'L1',
        revenue_type: 'Setup',
        currency,
        contract_value: value,
        duration_months: '',
        start_date: '2026-10-05',
      });
    const recon = await reconcileRows(
      '2026-10',
      [
        setup('H1', 'USD', '100.00'),
        setup('H2', 'BHD', '20.000'),
        setup('H3', 'JPY', '3000'),
        setup('H4', 'USD', '50.00'),
      ],
      [],
    );
    expect(recon.result.discrepancies.map((r) => r.dealId)).toEqual(['H3', 'H1', 'H4', 'H2']);
  });
});

describe('explanations under daily proration', () => {
  it('count calendar months of the schedule: one month of service from Sep 16 is "month 2 of 2" in October', async () => {
    // Service Sep 16 .. Oct 15: 30 days, 15 of them in October; 3,000.00 * 15/30 = 1,500.00 expected.
    const recon = await reconcileRows(
      '2026-10',
      [
        line({
          deal_id: 'P1',
          line_id: 'L1',
          contract_value: '3000.00',
          duration_months: '1',
          start_date: '2026-09-16',
        }),
      ],
      [entry({ entry_id: 'P1-E1', deal_id: 'P1', recognized_amount: '1000.00' })],
      { proration: 'daily' },
    );
    expect(rowOf(recon, 'P1', 'Subscription').explanation).toBe(
      'recognized 1,000.00 of 1,500.00 expected (month 2 of 2); short by 500.00',
    );
  });
});

describe('a revenue type the deal never booked', () => {
  // Deal Q3 books Subscription in USD and Consulting in EUR; deal Q4 books Subscription in USD only.
  const deals = [
    line({ deal_id: 'Q3', line_id: 'L1', start_date: '2026-10-01' }),
    line({
      deal_id: 'Q3',
      line_id: 'L2',
      revenue_type: 'Consulting',
      currency: 'EUR',
      contract_value: '500.00',
      duration_months: '',
      start_date: '2026-10-05',
    }),
    line({ deal_id: 'Q4', line_id: 'L1', start_date: '2026-10-01' }),
  ];
  const entries = [
    entry({ entry_id: 'Q3-1', deal_id: 'Q3', recognized_amount: '1000.00' }),
    entry({
      entry_id: 'Q3-2',
      deal_id: 'Q3',
      revenue_type: 'Consulting',
      recognized_amount: '500.00',
      currency: 'EUR',
    }),
    entry({
      entry_id: 'Q3-3',
      deal_id: 'Q3',
      revenue_type: 'Support',
      recognized_amount: '70.00',
      currency: 'EUR',
    }),
    entry({ entry_id: 'Q4-1', deal_id: 'Q4', recognized_amount: '1000.00' }),
    entry({
      entry_id: 'Q4-2',
      deal_id: 'Q4',
      revenue_type: 'Support',
      recognized_amount: '70.00',
      currency: 'EUR',
    }),
  ];

  it('is judged in the entries’ currency when a line of the deal is in it: 70.00 EUR unexpected, counted in the EUR totals', async () => {
    const recon = await reconcileRows('2026-10', deals, entries);
    const row = rowOf(recon, 'Q3', 'Support');
    expect([row.status, row.currency, row.expected, row.recognized, row.variance]).toEqual([
      'unexpected',
      'EUR',
      0,
      7000,
      7000,
    ]);
    expect(row.explanation).toBe(
      'recognized 70.00 but nothing expected: Support was never booked on deal Q3',
    );
    const eur = recon.result.summary.find((s) => s.segment === 'ALL' && s.currency === 'EUR')!;
    expect(eur.recognized).toBe(50000 + 7000);
  });

  it('is a currency mismatch against the deal’s currency when no line of the deal is in the entries’ currency', async () => {
    const recon = await reconcileRows('2026-10', deals, entries);
    const row = rowOf(recon, 'Q4', 'Support');
    expect([row.status, row.currency, row.recognized]).toEqual(['currency_mismatch', 'USD', 0]);
    expect(row.explanation).toBe(
      "entry Q4-2 (EUR) is not in USD, the deal's currency; 0.00 USD recognized against 0.00 expected",
    );
  });
});

describe('entries without a deal_id', () => {
  it('are explained with the right verb for one entry or several', async () => {
    const recon = await reconcileRows(
      '2026-10',
      [],
      [
        entry({ entry_id: 'N1', deal_id: '', recognized_amount: '10.00' }),
        entry({ entry_id: 'N2', deal_id: '', recognized_amount: '5.00' }),
      ],
    );
    expect(rowOf(recon, '', 'Subscription').explanation).toBe('entries N1 and N2 name no deal_id');
  });
});

describe('orphans in several currencies', () => {
  it('get one row per currency, so every entry is counted in its own currency', async () => {
    const recon = await reconcileRows(
      '2026-10',
      [],
      [
        entry({ entry_id: 'Z1', deal_id: 'ZZ3', recognized_amount: '10.00', currency: 'USD' }),
        entry({ entry_id: 'Z2', deal_id: 'ZZ3', recognized_amount: '10.00', currency: 'EUR' }),
        entry({ entry_id: 'Z3', deal_id: 'ZZ3', recognized_amount: '5.00', currency: 'EUR' }),
      ],
    );
    expect(recon.result.rows.map((r) => [r.status, r.currency, r.recognized, r.entryIds.join(';')])).toEqual([
      ['orphan', 'EUR', 1500, 'Z2;Z3'],
      ['orphan', 'USD', 1000, 'Z1'],
    ]);
    const totals = recon.result.summary
      .filter((s) => s.segment === 'ALL')
      .map((s) => [s.currency, s.recognized]);
    expect(totals).toEqual([
      ['EUR', 1500],
      ['USD', 1000],
    ]);
  });
});
