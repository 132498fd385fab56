// History input (SPEC §8): bad rows to data-quality, rows of the period ignored and noted, one entry-id namespace.
import { describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../src/core/records.js';
import { deal, posting, runWithHistory } from './helpers.js';

const P = '2026-10';
const D = '5d0c1a2b-3c4d-4e5f-a6b7-c8d9e0f1a2b3';
const deals = [deal({ deal_id: D, contract_value: '1200.00', start_date: '2026-01-01' })]; // 100.00 a month

const entryRow = (
  entry_id: string,
  recognition_period: string,
  recognized_amount: string,
  extra: Partial<HistoryRow> = {},
): HistoryRow => ({
  entry_id,
  deal_id: D,
  revenue_type: 'Subscription',
  recognition_period,
  recognized_amount,
  currency: 'USD',
  entry_count: undefined,
  ...extra,
});

describe('entry-shaped history', async () => {
  const history = [
    entryRow('H-1', '2026-01', '100.00'),
    entryRow('H-2', '2026-02-14', '100.00'),
    entryRow('H-2', '2026-03', '100.00'), // repeat: rejected, the first is kept
    entryRow('H-3', '2026-03', '1OO.00'), // not a number
    entryRow('H-4', '2026-04', '100.00', { revenue_type: 'Licence' }), // unknown type
    entryRow('H-5', '', '100.00'), // no period
    entryRow('', '2026-05', '100.00'), // no id
    entryRow('H-6', '2026-10', '100.00'), // the period itself: ignored
    entryRow('H-7', '2026-11', '100.00'), // later: ignored
    entryRow('H-8', '2026-09', '700.00'),
    entryRow('H-9', '2026-08', '55.00', { deal_id: 'nobody' }), // unknown deal: left out, not a bad row
  ];
  const run = await runWithHistory(
    P,
    deals,
    [posting(D, P, '100.00', { entry_id: 'H-8' }), posting(D, P, '100.00', { entry_id: 'H-6' })],
    history,
  );

  it('sends each bad row to data-quality with the reason, and notes rows of the period or later', () => {
    expect(run.recon.dataQuality.map((i) => [i.source, i.rowKey, i.field, i.action, i.problem])).toEqual(
      expect.arrayContaining([
        ['history', 'H-2', 'entry_id', 'rejected', 'entry_id H-2 seen before; the first row is kept'],
        ['history', 'H-3', 'recognized_amount', 'rejected', 'not a decimal number: "1OO.00"'],
        ['history', 'H-4', 'revenue_type', 'rejected', 'unknown revenue type "Licence"'],
        ['history', 'H-5', 'recognition_period', 'rejected', 'recognition_period is missing'],
        // Rows come shuffled: the row number is wherever the row landed.
        ['history', expect.stringMatching(/^row \d+$/), 'entry_id', 'rejected', 'entry_id is missing'],
        [
          'history',
          'H-6',
          'recognition_period',
          'rejected',
          '2026-10 is not before 2026-10: history holds earlier months only; row ignored',
        ],
        [
          'history',
          'H-7',
          'recognition_period',
          'rejected',
          '2026-11 is not before 2026-10: history holds earlier months only; row ignored',
        ],
        [
          'entries',
          'H-8',
          'entry_id',
          'rejected',
          'entry_id H-8 seen before in the history; the first row is kept',
        ],
      ]),
    );
    expect(run.recon.dataQuality).toHaveLength(8);
    expect(run.recon.inputs.history).toMatchObject({ rows_read: 11, rows_rejected: 5, rows_ignored: 2 });
  });

  it('counts the good rows only: history 900.00 (H-1, H-2, H-8); the period keeps H-6 (an ignored history row takes no id)', () => {
    // Expected to date 1,000.00 (10 months of 100.00); recognized 900.00 + 100.00 (H-6); H-8 in the period was rejected.
    const open = run.csv('open-items.csv');
    expect(open).toEqual([]);
    // At P-1: 900.00 expected, 900.00 recognized: clear, so nothing closes either.
    expect(run.csv('closed-items.csv')).toEqual([]);
    expect(run.recon.lifeToDate!.groups.get(`ALL\u0000ALL\u0000USD`)).toMatchObject({
      ltdExpected: 100_000,
      ltdRecognized: 100_000,
    });
  });
});

describe('aggregated history', async () => {
  const agg = (recognized_amount: string, extra: Partial<HistoryRow> = {}): HistoryRow => ({
    entry_id: undefined,
    deal_id: D,
    revenue_type: 'subscription',
    recognition_period: undefined,
    recognized_amount,
    currency: 'USD',
    entry_count: '3',
    ...extra,
  });
  const run = await runWithHistory(
    P,
    deals,
    [],
    [
      agg('500.00'),
      agg('250.00', { revenue_type: 'SUBSCRIPTION', entry_count: undefined }), // same key, other spelling: added
      agg('9.00', { entry_count: 'three' }),
      agg('9.00', { deal_id: '' }),
    ],
  );
  it('adds rows of one key up and rejects bad ones', () => {
    expect(run.recon.dataQuality.map((i) => [i.rowKey, i.field, i.problem])).toEqual([
      [`${D}/subscription/USD`, 'entry_count', 'entry_count must be a whole number >= 1, not "three"'],
      [expect.stringMatching(/^row \d+$/), 'deal_id', 'deal_id is missing'],
    ]);
    // 750.00 recognized against 1,000.00 expected to date: open, short 250.00; nothing in October.
    expect(run.csv('open-items.csv')).toMatchObject([
      {
        deal_id: D,
        month_status: 'missing',
        ltd_expected: '1000.00',
        ltd_recognized: '750.00',
        ltd_variance: '-250.00',
        change: 'continuing',
        explanation: 'short 250.00 to date: nothing recognized in October',
      },
    ]);
  });
});
