// Sums stay exact integers of minor units, or the run fails: never a silently rounded total.
import { describe, expect, it } from 'vitest';
import { AmountRangeError } from '../../src/core/money.js';
import { entry, line, reconcileRows } from '../helpers/engine.js';

// 9,999,999,999,999.99 USD is 999,999,999,999,999 minor units: one such amount is exact, and
// ten of them (1e16) pass 2^53 - 1 = 9,007,199,254,740,991.
const HUGE = '9999999999999.99';

describe('the exact range of sums', () => {
  it('takes a recurring line of exactly 2^53 - 1 minor units: 90,071,992,547,409.91 over 1 month is that amount, and 1/3 of it over 3', async () => {
    const at = (duration: string) =>
      reconcileRows(
        '2026-10',
        [
          line({
            deal_id: 'S2',
            line_id: 'L1',
            revenue_type: 'Subscription',
            contract_value: '90071992547409.91',
            duration_months: duration,
            start_date: '2026-10-01',
          }),
        ],
        [],
      );
    expect((await at('1')).result.discrepancies[0]!.expected).toBe(9_007_199_254_740_991);
    // 9,007,199,254,740,991 / 3 = 3,002,399,751,580,330.33: month 1 of 3 rounds to ...330.
    expect((await at('3')).result.discrepancies[0]!.expected).toBe(3_002_399_751_580_330);
  });

  it('adds amounts near the limit exactly: 50,000,000,000,000.01 + 50,000,000,000,000.02 is not exact, 4,000,000,000,000.01 + .02 is', async () => {
    const ok = await reconcileRows(
      '2026-10',
      [
        line({
          deal_id: 'B1',
          line_id: 'L1',
          revenue_type: 'Setup',
          contract_value: '4000000000000.01',
          duration_months: '',
          start_date: '2026-10-01',
        }),
        line({
          deal_id: 'B1',
          line_id: 'L2',
          revenue_type: 'Setup',
          contract_value: '4000000000000.02',
          duration_months: '',
          start_date: '2026-10-01',
        }),
      ],
      [],
    );
    expect(ok.result.discrepancies[0]!.expected).toBe(800_000_000_000_003);
    await expect(
      reconcileRows(
        '2026-10',
        [
          line({
            deal_id: 'B1',
            line_id: 'L1',
            revenue_type: 'Setup',
            contract_value: '50000000000000.01',
            duration_months: '',
            start_date: '2026-10-01',
          }),
          line({
            deal_id: 'B1',
            line_id: 'L2',
            revenue_type: 'Setup',
            contract_value: '50000000000000.02',
            duration_months: '',
            start_date: '2026-10-01',
          }),
        ],
        [],
      ),
    ).rejects.toThrow(
      /amounts too large to add exactly: the expected revenue of deal B1 \(setup\) passes 9007199254740991 minor units/,
    );
  });

  it('fails when the entries of one key add up past the limit', async () => {
    const entries = Array.from({ length: 10 }, (_, i) =>
      entry({ entry_id: `H${i}`, deal_id: 'B2', recognized_amount: HUGE }),
    );
    await expect(
      reconcileRows('2026-10', [line({ deal_id: 'B2', line_id: 'L1', start_date: '2026-10-01' })], entries),
    ).rejects.toBeInstanceOf(AmountRangeError);
  });

  it('fails when the totals over many keys pass the limit, though each key is exact', async () => {
    const deals = Array.from({ length: 10 }, (_, i) =>
      line({
        deal_id: `B${i}`,
        line_id: 'L1',
        revenue_type: 'Setup',
        contract_value: HUGE,
        duration_months: '',
        start_date: '2026-10-01',
      }),
    );
    await expect(reconcileRows('2026-10', deals, [])).rejects.toThrow(/the USD total of/);
  });
});
