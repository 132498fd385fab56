// The pure reconciliation: expected and recognized books in, classified rows and totals out.
import type { EngineRules } from '../config/engine-settings.js';
import { classifyKey, type ReconRow } from './classify.js';
import type { MonthIndex } from './dates.js';
import type { ExpectedBook } from './expected.js';
import { markMisclassified } from './misclassified.js';
import type { RecognizedBook } from './recognized.js';
import { summarize, type SummaryLine } from './summary.js';

export interface ReconResult {
  /** Every classified key, matched ones included, in discrepancy order. */
  rows: ReconRow[];
  /** The non-matched rows, critical first, then abs(variance) desc, then deal_id and revenue_type. */
  discrepancies: ReconRow[];
  summary: SummaryLine[];
}

export interface ReconInput {
  period: MonthIndex;
  rules: EngineRules;
  expected: ExpectedBook;
  recognized: RecognizedBook;
  knownDeals: ReadonlySet<string>;
}

export function reconcile({ period, rules, expected, recognized, knownDeals }: ReconInput): ReconResult {
  const rows: ReconRow[] = [];
  const classify = (key: string, dealId: string, typeKey: string) =>
    rows.push(
      classifyKey(
        {
          period,
          dealId,
          typeKey,
          dealKnown: knownDeals.has(dealId),
          deal: expected.deals.get(dealId),
          expected: expected.keys.get(key),
          recognized: recognized.keys.get(key),
        },
        rules,
      ),
    );
  for (const [key, booked] of expected.keys) {
    if (booked.expected !== 0 || recognized.keys.has(key)) classify(key, booked.dealId, booked.typeKey);
  }
  for (const [key, acc] of recognized.keys) {
    if (!expected.keys.has(key)) classify(key, acc.dealId, acc.typeKey);
  }
  markMisclassified(rows, rules);
  rows.sort(discrepancyOrder);
  return { rows, discrepancies: rows.filter((r) => r.status !== 'matched'), summary: summarize(rows) };
}

export function discrepancyOrder(a: ReconRow, b: ReconRow): number {
  const crit = Number(b.severity === 'critical') - Number(a.severity === 'critical');
  if (crit !== 0) return crit;
  const size = Math.abs(b.variance) - Math.abs(a.variance);
  if (size !== 0) return size;
  if (a.dealId !== b.dealId) return a.dealId < b.dealId ? -1 : 1;
  return a.revenueType < b.revenueType ? -1 : a.revenueType > b.revenueType ? 1 : 0;
}
