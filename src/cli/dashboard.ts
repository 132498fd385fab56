// The console dashboard of a run: totals, counts per status, the largest discrepancies, the links.
import { currencyDigits, formatMinorReadable, readableAmount } from '../core/money.js';
import { STATUSES } from '../core/status.js';
import type { RunOutcome } from '../pipeline/run-reconciliation.js';
import { printable } from './terminal-text.js';

const TOP = 10;

export function renderDashboard(outcome: RunOutcome): string {
  const { manifest } = outcome;
  const lines: string[] = [];
  const rule = '─'.repeat(72);
  lines.push(
    rule,
    `Revenue reconciliation ${manifest.period}  run ${manifest.run_id}  ${manifest.status.toUpperCase()}`,
    rule,
  );
  if (manifest.status === 'failed') {
    lines.push(`Failed: ${manifest.failure_reason ?? 'unknown reason'}`, rule);
    return printable(lines);
  }
  const inputs = manifest.inputs;
  if (inputs) {
    lines.push(
      `Inputs    deal lines ${inputs.deals.rows_read} (${inputs.deals.rows_rejected} rejected), entries ${inputs.entries.rows_read} (${inputs.entries.rows_rejected} rejected, ${inputs.entries.in_period} in period), data-quality issues ${inputs.data_quality_issues}`,
    );
  }
  for (const t of manifest.totals) {
    lines.push(
      `Totals ${t.currency}  expected ${readableAmount(t.expected, t.currency)}  recognized ${readableAmount(t.recognized, t.currency)}  net variance ${readableAmount(t.net_variance, t.currency)}`,
      `           unrecognized ${readableAmount(t.unrecognized, t.currency)}  over-recognized ${readableAmount(t.over_recognized, t.currency)}${t.recovered !== undefined ? `  recovered since last run ${readableAmount(t.recovered, t.currency)}` : ''}`,
    );
  }
  if (manifest.counts) {
    const counts = STATUSES.map((s) => `${s} ${manifest.counts?.[s] ?? 0}`).join(' · ');
    lines.push(`Statuses  ${counts}`);
  }
  if (manifest.severity)
    lines.push(`Severity  critical ${manifest.severity.critical} · warning ${manifest.severity.warning}`);
  if (manifest.history) {
    const h = manifest.history;
    lines.push(
      `History   vs run ${h.previous_run_id}: new ${h.new} · persisting ${h.persisting} · resolved ${h.resolved}`,
    );
  }
  const top = outcome.reconciliation?.result.discrepancies.slice(0, TOP) ?? [];
  if (top.length > 0) {
    lines.push(rule, `Largest discrepancies`);
    for (const r of top) {
      const amount = formatMinorReadable(r.variance, currencyDigits(r.currency));
      lines.push(
        `  ${r.severity === 'critical' ? '!!' : ' !'} ${r.dealId.padEnd(10)} ${r.revenueType.padEnd(14)} ${r.status.padEnd(17)} ${amount.padStart(14)} ${r.currency}  ${r.explanation}`,
      );
    }
  }
  // The page a person opens first, then the data files.
  const links = Object.entries(outcome.links).sort(
    ([a], [b]) => Number(b === 'report.html') - Number(a === 'report.html'),
  );
  if (links.length > 0) {
    lines.push(rule, 'Reports');
    for (const [name, url] of links) lines.push(`  ${name.padEnd(19)} ${url}`);
  }
  if (manifest.alert)
    lines.push(
      `Alert     ${manifest.alert.status}${manifest.alert.detail ? ` (${manifest.alert.detail})` : ''}`,
    );
  lines.push(rule);
  return printable(lines);
}
