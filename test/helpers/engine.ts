// Test helpers: reconcile rows in memory through the real ingestion and engine.
import { parseEngineSettings, type EngineSettingsInput } from '../../src/core/engine-settings.js';
import type { ReconRow } from '../../src/rules/classify.js';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import {
  reconcileSource,
  type ReconcileOptions,
  type Reconciliation,
} from '../../src/pipeline/reconcile-source.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';

export async function reconcileRows(
  period: string,
  deals: DealLineRow[],
  entries: EntryRow[],
  settings: EngineSettingsInput = {},
  options: ReconcileOptions = {},
): Promise<Reconciliation> {
  return reconcileSource(
    new MemoryRecordSource(deals, entries),
    period,
    parseEngineSettings(settings),
    undefined,
    options,
  );
}

/**
 * What a reconciliation tells its readers, as plain data: every row, the discrepancies, the summary,
 * the counts, the data-quality lines and life to date (its groups map as an entry list). Comparing these,
 * never the result object itself, keeps equivalence tests to behaviour: the result also holds the
 * books, whose layout is free to change.
 */
export function publicOutputs(recon: Reconciliation) {
  const { rows, discrepancies, summary, counts } = recon.result;
  const ltd = recon.lifeToDate;
  return {
    rows,
    discrepancies,
    summary,
    counts,
    dataQuality: recon.dataQuality,
    lifeToDate: ltd && {
      ...ltd,
      groups: [...ltd.groups.entries()],
    },
  };
}

export function rowOf(recon: Reconciliation, dealId: string, revenueType: string): ReconRow {
  const row = recon.result.rows.find((r) => r.dealId === dealId && r.typeKey === revenueType.toLowerCase());
  if (!row) throw new Error(`no row for ${dealId}/${revenueType}`);
  return row;
}

export function line(partial: Partial<DealLineRow> & { deal_id: string }): DealLineRow {
  return {
    line_id: '',
    customer_id: 'C1',
    customer_name: 'Acme Inc',
    segment: 'Enterprise',
    revenue_type: 'Subscription',
    contract_value: '12000.00',
    currency: 'USD',
    duration_months: '12',
    booking_date: '2026-01-01',
    start_date: '',
    close_date: '',
    ...partial,
  };
}

export function entry(partial: Partial<EntryRow> & { entry_id: string }): EntryRow {
  return {
    deal_id: '',
    revenue_type: 'Subscription',
    recognition_period: '2026-10',
    recognized_amount: '0.00',
    currency: 'USD',
    ...partial,
  };
}
