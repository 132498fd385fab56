// The console dashboard of a run: totals, counts per status, the largest discrepancies, the links.
import { currencyDigits, formatMinorReadable } from '../core/money.js';
import { STATUSES } from '../core/status.js';
import { TOP_ROWS, type LifeToDateSummary, type RunReport } from '../reports/run-report.js';
import { printable } from './terminal-text.js';

const money = (minor: number, currency: string) => formatMinorReadable(minor, currencyDigits(currency));

export function renderDashboard(report: RunReport): string {
  const lines: string[] = [];
  const rule = '─'.repeat(72);
  lines.push(
    rule,
    `Revenue reconciliation ${report.period}  run ${report.runId}  ${report.status.toUpperCase()}`,
    rule,
  );
  if (report.status === 'failed') {
    lines.push(`Failed: ${report.failureReason ?? 'unknown reason'}`, rule);
    return printable(lines);
  }
  const inputs = report.inputs;
  if (inputs) {
    lines.push(
      `Inputs    deal lines ${inputs.deals.rows_read} (${inputs.deals.rows_rejected} rejected), entries ${inputs.entries.rows_read} (${inputs.entries.rows_rejected} rejected, ${inputs.entries.in_period} in period), data-quality issues ${inputs.data_quality_issues}`,
    );
  }
  for (const t of report.totals) {
    lines.push(
      `Totals ${t.currency}  expected ${money(t.expected, t.currency)}  recognized ${money(t.recognized, t.currency)}  net variance ${money(t.netVariance, t.currency)}`,
      `           unrecognized ${money(t.unrecognized, t.currency)}  over-recognized ${money(t.overRecognized, t.currency)}${t.recovered !== undefined ? `  recovered since last run ${money(t.recovered, t.currency)}` : ''}`,
    );
  }
  if (report.counts) {
    const counts = STATUSES.map((s) => `${s} ${report.counts?.[s] ?? 0}`).join(' · ');
    lines.push(`Statuses  ${counts}`);
  }
  if (report.severity)
    lines.push(`Severity  critical ${report.severity.critical} · warning ${report.severity.warning}`);
  if (report.history) {
    const h = report.history;
    lines.push(
      `History   vs run ${h.previousRunId}: new ${h.new} · persisting ${h.persisting} · resolved ${h.resolved}`,
    );
  }
  if (report.lifeToDate) lines.push(...lifeToDateLines(report.lifeToDate, rule));
  const top = report.top.slice(0, TOP_ROWS);
  if (top.length > 0) {
    lines.push(rule, `Largest discrepancies`);
    for (const r of top) {
      const amount = money(r.variance, r.currency);
      lines.push(
        `  ${r.severity === 'critical' ? '!!' : ' !'} ${r.dealId.padEnd(10)} ${r.revenueType.padEnd(14)} ${r.status.padEnd(17)} ${amount.padStart(14)} ${r.currency}  ${r.explanation}`,
      );
    }
  }
  // The page a person opens first, then the data files.
  const links = Object.entries(report.links).sort(
    ([a], [b]) => Number(b === 'report.html') - Number(a === 'report.html'),
  );
  if (links.length > 0) {
    lines.push(rule, 'Reports');
    for (const [name, url] of links) lines.push(`  ${name.padEnd(19)} ${url}`);
  }
  if (report.alert)
    lines.push(`Alert     ${report.alert.status}${report.alert.detail ? ` (${report.alert.detail})` : ''}`);
  lines.push(rule);
  return printable(lines);
}

/** Open items to date and closed this month per currency, then the oldest open items. */
function lifeToDateLines(ltd: LifeToDateSummary, rule: string): string[] {
  const lines = [rule, `Life to date (${ltd.keys} keys)`];
  for (const t of ltd.totals) {
    const c = t.currency;
    lines.push(
      `  ${c}  open to date ${t.openItems}  short ${money(t.openShortfall, c)}  over ${money(t.openExcess, c)}  ·  closed this month ${t.closedItems}  recovered ${money(t.recovered, c)}  reversed ${money(t.reversed, c)}`,
    );
  }
  if (ltd.oldestOpenItems.length > 0) {
    lines.push('Oldest open items');
    for (const i of ltd.oldestOpenItems) {
      const since = i.openSince ? `since ${i.openSince} (${i.ageMonths} mo)` : 'undated';
      const gap = `${i.ltdVariance < 0 ? 'short' : 'over'} ${money(Math.abs(i.ltdVariance), i.currency)}`;
      lines.push(
        `  ${i.dealId.padEnd(10)} ${i.revenueType.padEnd(14)} ${i.currency}  ${since.padEnd(20)} ${gap.padStart(20)}`,
      );
    }
  }
  return lines;
}
