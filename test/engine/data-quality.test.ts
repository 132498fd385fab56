// SPEC §6: every bad row goes to data-quality with its reason and is left out of totals; none stops the run.
import { describe, expect, it } from 'vitest';
import { entry, line, reconcileRows, rowOf } from '../helpers/engine.js';

describe('bad deal lines', () => {
  it.each([
    ['missing deal_id', { deal_id: '' }, 'deal_id', 'deal_id is missing'],
    ['unknown revenue type', { revenue_type: 'Licence' }, 'revenue_type', 'unknown revenue type "Licence"'],
    ['duration < 1', { duration_months: '0' }, 'duration_months', 'whole number >= 1'],
    ['fractional duration', { duration_months: '1.5' }, 'duration_months', 'whole number >= 1'],
    ['negative contract value', { contract_value: '-100.00' }, 'contract_value', 'negative'],
    ['unparsable amount', { contract_value: '1,200.00' }, 'contract_value', 'not a decimal number'],
    ['unparsable date', { start_date: '2026-02-30' }, 'start_date', 'not a calendar date'],
    ['no start or booking date', { start_date: '', booking_date: '' }, 'start_date', 'both missing'],
    [
      'close before start',
      { start_date: '2026-10-10', close_date: '2026-10-09' },
      'close_date',
      'before start_date',
    ],
    ['bad currency', { currency: 'US$' }, 'currency', 'not an ISO 4217'],
  ])('%s is rejected with its reason and left out of totals', async (_name, change, field, problem) => {
    const good = line({ deal_id: 'G1', line_id: 'L1', start_date: '2026-10-01' });
    const bad = line({ deal_id: 'B1', line_id: 'L1', start_date: '2026-10-01', ...change });
    const recon = await reconcileRows('2026-10', [good, bad], []);
    expect(recon.dataQuality).toHaveLength(1);
    expect(recon.dataQuality[0]).toMatchObject({ source: 'deals', rowNumber: 2, field, action: 'rejected' });
    expect(recon.dataQuality[0]!.problem).toContain(problem);
    expect(recon.inputs.deals).toMatchObject({ rows_read: 2, rows_rejected: 1 });
    expect(recon.result.rows.map((r) => r.dealId)).toEqual(['G1']);
  });

  it('keeps the first (deal_id, line_id) and rejects each repeat', async () => {
    const first = line({ deal_id: 'D1', line_id: 'L1', start_date: '2026-10-01' });
    const recon = await reconcileRows(
      '2026-10',
      [first, { ...first, contract_value: '99999.00' }, { ...first }],
      [],
    );
    expect(recon.dataQuality.map((d) => d.rowNumber)).toEqual([2, 3]);
    expect(recon.dataQuality[0]!.rowKey).toBe('D1/L1');
    expect(rowOf(recon, 'D1', 'Subscription').expected).toBe(100000);
  });

  it('a repeat is judged against the first *kept* row: a line rejected for its currency does not block the valid one after it', async () => {
    const recon = await reconcileRows(
      '2026-10',
      [
        line({ deal_id: 'D1', line_id: 'L1', start_date: '2026-10-01' }),
        line({ deal_id: 'D1', line_id: 'L2', currency: 'EUR', start_date: '2026-10-01' }),
        line({ deal_id: 'D1', line_id: 'L2', start_date: '2026-10-01' }),
      ],
      [],
    );
    expect(recon.dataQuality.map((d) => [d.rowNumber, d.field])).toEqual([[2, 'currency']]);
    expect(rowOf(recon, 'D1', 'Subscription').expected).toBe(200000); // L1 + the valid L2: 1,000.00 each
  });

  it('defaults: segment Unassigned, currency USD, start_date = booking_date', async () => {
    const recon = await reconcileRows(
      '2026-10',
      [
        line({
          deal_id: 'D1',
          line_id: 'L1',
          segment: '',
          currency: '',
          booking_date: '2026-10-03',
          start_date: '',
        }),
      ],
      [],
    );
    const row = rowOf(recon, 'D1', 'Subscription');
    expect(row).toMatchObject({ segment: 'Unassigned', currency: 'USD', expected: 100000 });
  });

  it('keeps a value with more decimals than the currency has, rounded, and flags it', async () => {
    const recon = await reconcileRows(
      '2026-10',
      [line({ deal_id: 'D1', line_id: 'L1', contract_value: '12000.004', start_date: '2026-10-01' })],
      [],
    );
    expect(recon.dataQuality[0]).toMatchObject({ field: 'contract_value', action: 'kept' });
    expect(rowOf(recon, 'D1', 'Subscription').expected).toBe(100000);
  });
});

describe('bad entries', () => {
  const deal = line({ deal_id: 'D1', line_id: 'L1', start_date: '2026-10-01' });

  it.each([
    ['missing entry_id', { entry_id: '' }, 'entry_id'],
    ['unknown revenue type', { revenue_type: 'Royalties' }, 'revenue_type'],
    ['unparsable amount', { recognized_amount: 'ten' }, 'recognized_amount'],
    ['missing amount', { recognized_amount: '' }, 'recognized_amount'],
    ['unparsable period', { recognition_period: 'Oct 2026' }, 'recognition_period'],
  ])('%s is rejected and not counted', async (_name, change, field) => {
    const recon = await reconcileRows(
      '2026-10',
      [deal],
      [
        entry({ entry_id: 'OK', deal_id: 'D1', recognized_amount: '1000.00' }),
        entry({ entry_id: 'BAD', deal_id: 'D1', recognized_amount: '500.00', ...change }),
      ],
    );
    expect(recon.dataQuality.map((d) => [d.source, d.field, d.action])).toEqual([
      ['entries', field, 'rejected'],
    ]);
    expect(rowOf(recon, 'D1', 'Subscription')).toMatchObject({ status: 'matched', recognized: 100000 });
  });

  it('keeps the first entry_id and rejects each repeat', async () => {
    const e = entry({ entry_id: 'E1', deal_id: 'D1', recognized_amount: '1000.00' });
    const recon = await reconcileRows('2026-10', [deal], [e, { ...e }, { ...e, recognized_amount: '5.00' }]);
    expect(recon.dataQuality).toHaveLength(2);
    expect(recon.dataQuality[0]!.problem).toContain('seen before');
    expect(rowOf(recon, 'D1', 'Subscription').recognized).toBe(100000);
  });

  it('an entry without a revenue type is kept under category unknown and flagged', async () => {
    const recon = await reconcileRows(
      '2026-10',
      [deal],
      [entry({ entry_id: 'E1', deal_id: 'D1', revenue_type: '', recognized_amount: '10.00' })],
    );
    expect(recon.dataQuality[0]).toMatchObject({ field: 'revenue_type', action: 'kept' });
    const row = recon.result.rows.find((r) => r.typeKey === '')!;
    expect(row).toMatchObject({ status: 'unexpected', category: 'unknown', recognized: 1000 });
  });

  it('a rejected row gets its reasons only, not a note on how it would have been kept', async () => {
    const recon = await reconcileRows(
      '2026-10',
      [deal],
      [
        // No type (a "kept" note alone) and no entry_id (a reason to reject): the reason only.
        entry({ entry_id: '', deal_id: 'D1', revenue_type: '', recognized_amount: '5.00' }),
        // An amount with a third decimal (rounded, a note) and a bad period: the reason only.
        entry({ entry_id: 'E2', deal_id: 'D1', recognition_period: '2026-13', recognized_amount: '5.005' }),
      ],
    );
    expect(recon.dataQuality.map((d) => [d.rowNumber, d.field, d.action])).toEqual([
      [1, 'entry_id', 'rejected'],
      [2, 'recognition_period', 'rejected'],
    ]);
    expect(recon.inputs.entries).toMatchObject({ rows_read: 2, rows_rejected: 2 });
  });

  it('entries of a deal whose lines were all rejected are orphans: rejected rows do not make a deal known', async () => {
    const rejected = line({
      deal_id: 'D7',
      line_id: 'L1',
      contract_value: '-5.00',
      start_date: '2026-10-01',
    });
    const recon = await reconcileRows(
      '2026-10',
      [rejected],
      [entry({ entry_id: 'E1', deal_id: 'D7', recognized_amount: '10.00' })],
    );
    expect(rowOf(recon, 'D7', 'Subscription').status).toBe('orphan');
  });

  it('a deal with one accepted line in another period is known: its stray entries are unexpected', async () => {
    const old = line({ deal_id: 'D8', line_id: 'L1', contract_value: '1200.00', start_date: '2024-01-01' });
    const bad = line({ deal_id: 'D8', line_id: 'L2', contract_value: 'x', start_date: '2026-10-01' });
    const recon = await reconcileRows(
      '2026-10',
      [old, bad],
      [entry({ entry_id: 'E1', deal_id: 'D8', recognized_amount: '10.00' })],
    );
    expect(rowOf(recon, 'D8', 'Subscription').status).toBe('unexpected');
  });
});
