// Test helpers for life to date: a month with history through the real ingestion, engine and CSV renderers.
import { parseEngineSettings, type EngineSettingsInput } from '../../src/core/engine-settings.js';
import type { PreviousOpenItems } from '../../src/engine/life-to-date.js';
import type { DealLineRow, EntryRow, HistoryRow } from '../../src/core/records.js';
import { parseCsvRecords } from '../../src/history/parse-csv.js';
import { reconcileSource, type Reconciliation } from '../../src/pipeline/reconcile-source.js';
import { buildReportFiles } from '../../src/pipeline/build-reports.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';

export interface LtdRun {
  recon: Reconciliation;
  /** File name → its text (without the BOM). */
  files: Map<string, string>;
  /** File name → header-keyed records. */
  csv(name: string): Record<string, string>[];
}

export async function runWithHistory(
  period: string,
  deals: DealLineRow[],
  entries: EntryRow[],
  history: HistoryRow[] | undefined,
  settings: EngineSettingsInput = {},
  previous?: PreviousOpenItems,
): Promise<LtdRun> {
  const recon = await reconcileSource(
    new MemoryRecordSource(
      shuffled(deals),
      shuffled(entries),
      'in-memory rows',
      history && shuffled(history),
    ),
    period,
    parseEngineSettings(settings),
    undefined,
    previous ? { previousOpenItems: previous } : {},
  );
  // The CSV files start with a BOM (for Excel); the texts here are without it.
  const files = new Map(
    buildReportFiles(recon, 'run-1').map((f) => [f.name, f.content.toString('utf8').replace(/^\uFEFF/, '')]),
  );
  return {
    recon,
    files,
    csv: (name) => {
      const text = files.get(name);
      if (text === undefined) throw new Error(`no ${name}`);
      return parseCsvRecords(text);
    },
  };
}

/** A deterministic shuffle (the tests' rows never come in the order they were written). */
export function shuffled<T>(rows: readonly T[], seed = 7): T[] {
  const out = [...rows];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function deal(partial: Partial<DealLineRow> & { deal_id: string }): DealLineRow {
  return {
    line_id: '1',
    customer_id: 'C-1',
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

let counter = 0;
/** An entry-shaped row (period entries and entry-shaped history alike); ids are free text with a GUID-ish tail. */
export function posting(
  dealId: string,
  period: string,
  amount: string,
  partial: Partial<EntryRow> = {},
): EntryRow & HistoryRow {
  counter++;
  return {
    entry_id: `je ${counter}/${(counter * 2_654_435_761) % 4_294_967_296}-${period}`,
    deal_id: dealId,
    revenue_type: 'Subscription',
    recognition_period: period,
    recognized_amount: amount,
    currency: 'USD',
    entry_count: undefined,
    ...partial,
  };
}

/** Monthly postings of the same amount from `from` to `to` (YYYY-MM, inclusive). */
export function monthly(
  dealId: string,
  from: string,
  to: string,
  amount: string,
  partial: Partial<EntryRow> = {},
): (EntryRow & HistoryRow)[] {
  const rows: (EntryRow & HistoryRow)[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const p = `${y}-${String(m).padStart(2, '0')}`;
    if (p > to) break;
    rows.push(posting(dealId, p, amount, partial));
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return rows;
}
