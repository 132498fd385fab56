// Compares this run's discrepancies with the last completed run of the same period (SPEC §5, history).
import type { ReconRow } from './classify.js';
import { reconKey } from './keys.js';

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

export function compareRuns(previousRunId: string, previous: PreviousDiscrepancy[], rows: ReconRow[]): LifecycleResult {
  const before = new Map(previous.map((p) => [reconKey(p.dealId, p.typeKey), p]));
  const lifecycle = new Map<ReconRow, Lifecycle>();
  const resolved: ResolvedRow[] = [];
  const recoveredByCurrency = new Map<string, number>();
  for (const row of rows) {
    const earlier = before.get(reconKey(row.dealId, row.typeKey));
    if (row.status !== 'matched') {
      lifecycle.set(row, earlier ? 'persisting' : 'new');
      continue;
    }
    if (!earlier) continue;
    const recovered = Math.abs(earlier.variance) - Math.abs(row.variance);
    resolved.push({ previous: earlier, current: row, recovered });
    recoveredByCurrency.set(row.currency, (recoveredByCurrency.get(row.currency) ?? 0) + recovered);
  }
  return { previousRunId, lifecycle, resolved, recoveredByCurrency };
}
