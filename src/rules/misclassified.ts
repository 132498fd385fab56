// Pairs a shortfall on one revenue type with a matching excess on another type of the same deal.
import type { EngineRules } from '../core/engine-settings.js';
import { severityOf, type ReconRow } from './classify.js';
import { moneyFormatter } from './explain.js';
import { currencyDigits } from '../core/money.js';
import { withinTolerance } from './tolerance.js';

const SHORTFALL = new Set(['missing', 'under']);
const EXCESS = new Set(['unexpected', 'over']);

/** Rewrites paired rows in place to `misclassified`; rows must be grouped by nothing in particular. */
export function markMisclassified(rows: ReconRow[], rules: EngineRules): void {
  const byDeal = new Map<string, ReconRow[]>();
  for (const row of rows) {
    if (row.dealId === '' || (!SHORTFALL.has(row.status) && !EXCESS.has(row.status))) continue;
    const list = byDeal.get(row.dealId);
    if (list) list.push(row);
    else byDeal.set(row.dealId, [row]);
  }
  for (const dealRows of byDeal.values()) {
    const shortfalls = dealRows.filter((r) => SHORTFALL.has(r.status)).sort(byType);
    const excesses = dealRows.filter((r) => EXCESS.has(r.status)).sort(byType);
    if (excesses.length === 0) continue;
    for (const short of shortfalls) {
      const digits = currencyDigits(short.currency);
      const gap = -short.variance;
      let best: ReconRow | undefined;
      for (const extra of excesses) {
        if (extra.status === 'misclassified' || extra.currency !== short.currency) continue;
        if (!withinTolerance(extra.variance - gap, short.expected, rules, digits)) continue;
        if (!best || Math.abs(extra.variance - gap) < Math.abs(best.variance - gap)) best = extra;
      }
      if (best) pair(short, best, rules);
    }
  }
}

function pair(short: ReconRow, extra: ReconRow, rules: EngineRules): void {
  const digits = currencyDigits(short.currency);
  const fmt = moneyFormatter(digits);
  const head = `booked as ${short.revenueType}, recognized as ${extra.revenueType}`;
  short.status = 'misclassified';
  short.explanation = `${head}: ${fmt(-short.variance)} expected here was recognized on the ${extra.revenueType} row of deal ${extra.dealId}`;
  extra.status = 'misclassified';
  extra.explanation = `${head}: ${fmt(extra.variance)} recognized here belongs to the ${short.revenueType} row of deal ${short.dealId}`;
  short.severity = severityOf('misclassified', short.variance, rules, digits);
  extra.severity = severityOf('misclassified', extra.variance, rules, digits);
}

function byType(a: ReconRow, b: ReconRow): number {
  return a.typeKey < b.typeKey ? -1 : a.typeKey > b.typeKey ? 1 : 0;
}
