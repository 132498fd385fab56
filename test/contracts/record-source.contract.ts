// The cases every RecordSource must pass, whatever it reads (memory, CSV files, SQL Server).
import { describe, expect, it } from 'vitest';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import {
  MalformedRow,
  type PeriodWindow,
  type RecordSource,
  type SourceRow,
} from '../../src/pipeline/ports/record-source.js';
import { entry, line } from '../helpers/engine.js';

export const WINDOW: PeriodWindow = { period: '2026-10', periodStart: '2026-10-01', periodEnd: '2026-10-31' };

/**
 * The data every source is seeded with: ids in several shapes (GUIDs, unpadded integers, free text),
 * rows out of order, a deal line with no period at all, non-ASCII names, entries of other months.
 */
export const CONTRACT_DEALS: DealLineRow[] = [
  line({ deal_id: '10', line_id: 'L-10', customer_name: 'Zoë Ltd', contract_value: '1200.50' }),
  line({ deal_id: '9', line_id: 'L-9', revenue_type: 'Support', currency: 'EUR', contract_value: '600.00' }),
  line({
    deal_id: '6f1c2a9e-1b5d-4c3e-9a7f-2d8e4b6c1a0f',
    line_id: 'L-guid',
    revenue_type: 'Consulting',
    contract_value: '5000.00',
    duration_months: '1',
    start_date: '2026-10-01',
  }),
  line({ deal_id: 'Acme Renewal 2026', line_id: 'L-text', segment: 'SMB', contract_value: '360.00' }),
];

export const CONTRACT_ENTRIES: EntryRow[] = [
  entry({
    entry_id: 'E-3',
    deal_id: '9',
    revenue_type: 'Support',
    recognized_amount: '50.00',
    currency: 'EUR',
  }),
  entry({ entry_id: 'E-1', deal_id: '10', recognized_amount: '100.04' }),
  entry({ entry_id: 'E-2', deal_id: 'Acme Renewal 2026', recognized_amount: '30.00' }),
  entry({ entry_id: 'E-4', deal_id: 'D-unknown', recognized_amount: '12.00' }),
  entry({ entry_id: 'E-old', deal_id: '10', recognition_period: '2026-09', recognized_amount: '100.04' }),
];

export interface RecordSourceHarness {
  /** A source holding CONTRACT_DEALS and CONTRACT_ENTRIES. */
  make(): RecordSource;
}

async function readAll<T>(rows: AsyncIterable<SourceRow<T>[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of rows) for (const row of batch) if (!(row instanceof MalformedRow)) out.push(row);
  return out;
}

/** The fields the engine reads, as it reads them (amounts and dates by value, not by spelling). */
const dealFacts = (r: DealLineRow) => ({
  deal_id: r.deal_id,
  line_id: r.line_id,
  customer_name: r.customer_name,
  segment: r.segment,
  revenue_type: r.revenue_type,
  contract_value: Number(r.contract_value),
  currency: r.currency,
  duration_months: Number(r.duration_months),
  booking_date: r.booking_date?.slice(0, 10),
  start_date: r.start_date ? r.start_date.slice(0, 10) : '',
});
const entryFacts = (r: EntryRow) => ({
  entry_id: r.entry_id,
  deal_id: r.deal_id,
  revenue_type: r.revenue_type,
  recognition_period: r.recognition_period?.slice(0, 7),
  recognized_amount: Number(r.recognized_amount),
  currency: r.currency,
});
const byId =
  <T extends Record<string, unknown>>(key: keyof T) =>
  (a: T, b: T) =>
    String(a[key]).localeCompare(String(b[key]));

export function recordSourceContract(name: string, harness: () => RecordSourceHarness): void {
  describe(`${name} (RecordSource contract)`, () => {
    it('reads every deal line once, whatever its id looks like', async () => {
      const deals = await readAll(harness().make().deals(WINDOW));
      expect(deals.map(dealFacts).sort(byId('line_id'))).toEqual(
        CONTRACT_DEALS.map(dealFacts).sort(byId('line_id')),
      );
    });

    it("reads each of the period's entries once (other months may come too)", async () => {
      const entries = await readAll(harness().make().entries(WINDOW));
      const inPeriod = entries.filter((e) => e.recognition_period?.startsWith(WINDOW.period));
      expect(inPeriod.map(entryFacts).sort(byId('entry_id'))).toEqual(
        CONTRACT_ENTRIES.filter((e) => e.recognition_period === WINDOW.period)
          .map(entryFacts)
          .sort(byId('entry_id')),
      );
    });

    it('starts every read from the beginning: a second read gives the same rows', async () => {
      const source = harness().make();
      const first = await readAll(source.deals(WINDOW));
      const second = await readAll(source.deals(WINDOW));
      expect(second.map(dealFacts)).toEqual(first.map(dealFacts));
      expect((await readAll(source.entries(WINDOW))).length).toBe(
        (await readAll(source.entries(WINDOW))).length,
      );
    });

    it('says what it reads from', () => {
      expect(harness().make().description).toMatch(/\S/);
    });
  });
}
