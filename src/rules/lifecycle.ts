// Compares this run's discrepancies with the last completed run of the same period (docs/rules.md §5, history).
import type { ReconRow } from './classify.js';
import { reconKey } from '../core/keys.js';
import { discrepancyOrder } from './report-order.js';

export interface PreviousDiscrepancy {
  dealId: string;
  /** Lower-cased revenue type, as in the key. */
  typeKey: string;
  currency: string;
  status: string;
  variance: number;
  customerId: string;
  customerName: string;
  segment: string;
  revenueType: string;
}

export type Lifecycle = 'new' | 'persisting';

export interface ResolvedRow {
  previous: PreviousDiscrepancy;
  current: ReconRow;
  /** |previous variance| - |current variance|: the gap closed since the earlier run. */
  recovered: number;
}

export interface LifecycleResult {
  previousRunId: string;
  lifecycle: Map<ReconRow, Lifecycle>;
  resolved: ResolvedRow[];
  recoveredByCurrency: Map<string, number>;
}

/** What compareRuns reads of this run: its discrepancies, and any key's rows (matched ones included). */
export interface CurrentRun {
  discrepancies: ReconRow[];
  rowsOf(dealId: string, typeKey: string): ReconRow[];
}

/**
 * Each discrepancy is new or persisting; each earlier discrepancy whose key is matched now is resolved.
 * Matched rows are looked up by the earlier keys, not walked: a large month has a million of them.
 * Resolved rows come in discrepancy order, as they would in a walk over all rows.
 */
export function compareRuns(
  previousRunId: string,
  previous: PreviousDiscrepancy[],
  current: CurrentRun,
): LifecycleResult {
  const before = new Map(previous.map((p) => [reconKey(p.dealId, p.typeKey), p]));
  const lifecycle = new Map<ReconRow, Lifecycle>();
  for (const row of current.discrepancies)
    lifecycle.set(row, before.has(reconKey(row.dealId, row.typeKey)) ? 'persisting' : 'new');
  const resolved: ResolvedRow[] = [];
  for (const earlier of before.values()) {
    for (const row of current.rowsOf(earlier.dealId, earlier.typeKey)) {
      if (row.status === 'matched')
        resolved.push({
          previous: earlier,
          current: row,
          recovered: Math.abs(earlier.variance) - Math.abs(row.variance),
        });
    }
  }
  resolved.sort((a, b) => discrepancyOrder(a.current, b.current));
  const recoveredByCurrency = new Map<string, number>();
  for (const { current: row, recovered } of resolved)
    recoveredByCurrency.set(row.currency, (recoveredByCurrency.get(row.currency) ?? 0) + recovered);
  return { previousRunId, lifecycle, resolved, recoveredByCurrency };
}
