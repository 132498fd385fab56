// The colour of a run for every channel that shows one: the red / amber / green rule in one place.
import type { RunReport } from './run-report.js';

export type RunColour = 'green' | 'amber' | 'red' | 'grey';

/** Net variance beyond this share of expected (per currency) turns a run red. */
const RED_NET_VARIANCE_PERCENT = 1n;

/**
 * Grey: the run failed. Red: any critical row, or a currency whose net variance exceeds 1% of its
 * expected total (when expected is zero, any net variance). Amber: warnings only. Green: nothing
 * beyond tolerance.
 */
export function runColour(report: RunReport): RunColour {
  if (report.status === 'failed') return 'grey';
  if (hasCritical(report)) return 'red';
  if (report.totals.some((t) => netVarianceBeyondLimit(t.netVariance, t.expected))) return 'red';
  const warnings = report.severity?.warning ?? 0;
  return warnings > 0 || report.discrepancyCount > 0 ? 'amber' : 'green';
}

/**
 * Why a completed run is red, in the words every channel uses (Slack's headline and escalation,
 * the page's verdict): its critical rows, or else a net variance past the limit.
 */
export function redReason(report: RunReport): string {
  return hasCritical(report)
    ? 'critical discrepancies'
    : `net variance over ${RED_NET_VARIANCE_PERCENT}% of expected`;
}

/** Any critical row: by the severity counts, or among the rows shown when a report has no counts. */
function hasCritical(report: RunReport): boolean {
  return (report.severity?.critical ?? 0) > 0 || report.top.some((r) => r.severity === 'critical');
}

function netVarianceBeyondLimit(netVariance: number, expected: number): boolean {
  // Integer comparison: |net| > 1% of |expected|  ⇔  100·|net| > |expected|.
  return BigInt(Math.abs(netVariance)) * 100n > BigInt(Math.abs(expected)) * RED_NET_VARIANCE_PERCENT;
}
