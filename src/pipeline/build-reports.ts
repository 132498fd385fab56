// Builds a run's report model and its CSV files from a reconciliation: the one place outputs get their figures.
import { ltdGroupKey, oldestOpenItems, type LifeToDate } from '../engine/life-to-date.js';
import type { ReconResult } from '../engine/reconcile.js';
import type { DataQualityIssue } from '../core/records.js';
import { STATUSES } from '../core/status.js';
import type { ReconRow } from '../rules/classify.js';
import type { LifecycleResult } from '../rules/lifecycle.js';
import { ALL, type SummaryLine } from '../rules/summary.js';
import type { Reconciliation } from './reconcile-source.js';
import type { Trigger } from '../reports/manifest.js';
import {
  renderDataQuality,
  renderDiscrepancies,
  renderResolved,
  renderSummary,
  type RenderContext,
} from '../reports/render.js';
import { renderLtdFiles } from '../reports/render-ltd.js';
import {
  OLDEST_OPEN_ITEMS,
  TOP_ROWS,
  type DataQualityCount,
  type ReportRow,
  type RunReport,
  type SegmentTotals,
  type StatusTotals,
} from '../reports/run-report.js';
import type { ReportFile } from './ports/report-store.js';

/** The run's CSV files, each handed to `rendered` as soon as it is made (the workbook takes them as they come). */
export function buildReportFiles(
  recon: Reconciliation,
  runId: string,
  history?: LifecycleResult,
  rendered: (file: ReportFile) => void = () => {},
): ReportFile[] {
  const ctx: RenderContext = {
    runId,
    period: recon.period,
    history,
    ...(recon.lifeToDate ? { lifeToDate: recon.lifeToDate } : {}),
  };
  const files: ReportFile[] = [];
  const add = (file: ReportFile) => {
    files.push(file);
    rendered(file);
  };
  add(renderDiscrepancies(recon.result, ctx));
  add(renderSummary(recon.result, ctx));
  add(renderDataQuality(recon.dataQuality, ctx));
  if (history) add(renderResolved(history, ctx));
  if (recon.lifeToDate) for (const file of renderLtdFiles(recon.lifeToDate, ctx)) add(file);
  return files;
}

export interface CompletedRun {
  runId: string;
  trigger: Trigger;
  startedAt: string;
  finishedAt: string;
  settings: Record<string, unknown>;
}

/**
 * The first `n` discrepancies in report order (the largest), each marked new or persisting when there
 * is a previous run, and with life to date its to-date reading and the explanation's to-date clause,
 * as discrepancies.csv has them.
 */
export function reportRows(
  discrepancies: readonly ReconRow[],
  history: LifecycleResult | undefined,
  n: number,
  lifeToDate?: LifeToDate,
): ReportRow[] {
  return discrepancies.slice(0, n).map((row, i) => {
    const lifecycle = history?.lifecycle.get(row);
    const figures = lifeToDate?.figures[i];
    if (!lifecycle && !figures) return row;
    return {
      ...row,
      ...(lifecycle ? { lifecycle } : {}),
      ...(figures ? { explanation: row.explanation + figures.clause, toDate: figures.toDate } : {}),
    };
  });
}

/**
 * The report of a completed run: totals per currency (the summary's ALL lines), counts and sums per
 * status, segment totals, data quality, top rows, history, life to date.
 */
export function completedReport(
  run: CompletedRun,
  recon: Reconciliation,
  history?: LifecycleResult,
): RunReport {
  const totals = recon.result.summary
    .filter((s) => s.segment === ALL && s.category === ALL)
    .map((s) => ({
      currency: s.currency,
      expected: s.expected,
      recognized: s.recognized,
      netVariance: s.netVariance,
      unrecognized: s.unrecognized,
      overRecognized: s.overRecognized,
      ...(history ? { recovered: history.recoveredByCurrency.get(s.currency) ?? 0 } : {}),
    }));
  // The engine's counts, not a walk over result.rows: that would build a row object for every matched key.
  const counts = { ...recon.result.counts.status };
  const severity = {
    critical: recon.result.counts.severity.critical,
    warning: recon.result.counts.severity.warning,
  };
  const { discrepancies, summary } = recon.result;
  const top = reportRows(discrepancies, history, TOP_ROWS, recon.lifeToDate);
  const lifecycle = history ? [...history.lifecycle.values()] : [];
  const ltd = recon.lifeToDate;
  return {
    runId: run.runId,
    period: recon.period,
    trigger: run.trigger,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    status: 'completed',
    settings: run.settings,
    inputs: recon.inputs,
    ...(ltd
      ? {
          lifeToDate: {
            previousRunId: ltd.previousRunId ?? '',
            tolerancePct: recon.rules.settings.ltd_tolerance_pct ?? '0',
            toleranceAbs: recon.rules.settings.ltd_tolerance_abs ?? recon.rules.settings.tolerance_abs,
            keys: ltd.keyCount,
            totals: ltd.currencies.map((currency) => {
              const g = ltd.groups.get(ltdGroupKey(ALL, ALL, currency));
              const closed = ltd.closedItems.filter((c) => c.currency === currency);
              const recovered = closed.reduce((n, c) => n + Math.max(-c.ltdVariancePrevious, 0), 0);
              return {
                currency,
                openItems: g?.openItems ?? 0,
                openShortfall: g?.openShortfall ?? 0,
                openExcess: g?.openExcess ?? 0,
                closedItems: g?.closedItems ?? 0,
                closedAmount: g?.closedAmount ?? 0,
                recovered,
                reversed: (g?.closedAmount ?? 0) - recovered,
              };
            }),
            oldestOpenItems: oldestOpenItems(ltd.openItems, OLDEST_OPEN_ITEMS).map((i) => ({
              dealId: i.dealId,
              customerId: i.customerId,
              customerName: i.customerName,
              revenueType: i.revenueType,
              currency: i.currency,
              openSince: i.openSince,
              ...(i.ageMonths === undefined ? {} : { ageMonths: i.ageMonths }),
              ltdVariance: i.ltdVariance,
            })),
            aging: ltd.aging,
          },
        }
      : {}),
    totals,
    counts,
    statuses: statusTotals(summary, discrepancies),
    segments: segmentTotals(summary),
    dataQuality: dataQualityCounts(recon.dataQuality),
    severity,
    ...(history
      ? {
          history: {
            previousRunId: history.previousRunId,
            new: lifecycle.filter((l) => l === 'new').length,
            persisting: lifecycle.filter((l) => l === 'persisting').length,
            resolved: history.resolved.length,
          },
        }
      : {}),
    discrepancyCount: discrepancies.length,
    top,
    // The files are written after the report is built (report.html renders it): their sizes,
    // checksums and links join it then.
    files: [],
    links: {},
  };
}

/** Per currency and status: the discrepancies' sums; matched is what the currency's totals leave. */
function statusTotals(summary: readonly SummaryLine[], discrepancies: readonly ReconRow[]): StatusTotals[] {
  const lines: StatusTotals[] = [];
  for (const total of summary.filter((s) => s.segment === ALL && s.category === ALL)) {
    const byStatus = new Map(
      STATUSES.map((status) => [
        status,
        {
          status,
          currency: total.currency,
          count: total.counts[status],
          expected: 0,
          recognized: 0,
          variance: 0,
        },
      ]),
    );
    for (const r of discrepancies) {
      if (r.currency !== total.currency) continue;
      const line = byStatus.get(r.status)!;
      line.expected += r.expected;
      line.recognized += r.recognized;
      line.variance += r.variance;
    }
    const matched = byStatus.get('matched')!;
    const others = [...byStatus.values()].filter((l) => l.status !== 'matched');
    matched.expected = total.expected - others.reduce((n, l) => n + l.expected, 0);
    matched.recognized = total.recognized - others.reduce((n, l) => n + l.recognized, 0);
    matched.variance = total.netVariance - others.reduce((n, l) => n + l.variance, 0);
    lines.push(...byStatus.values());
  }
  return lines;
}

/** The summary's segment lines added up over revenue categories, per segment and currency. */
function segmentTotals(summary: ReconResult['summary']): SegmentTotals[] {
  const bySegment = new Map<string, SegmentTotals>();
  for (const s of summary) {
    if (s.segment === ALL) continue;
    const key = `${s.segment}\u0000${s.currency}`;
    const line = bySegment.get(key) ?? {
      segment: s.segment,
      currency: s.currency,
      expected: 0,
      recognized: 0,
    };
    line.expected += s.expected;
    line.recognized += s.recognized;
    bySegment.set(key, line);
  }
  return [...bySegment.values()];
}

/** Data-quality rows counted by source, field and action, most frequent first (then in file order). */
function dataQualityCounts(issues: readonly DataQualityIssue[]): DataQualityCount[] {
  const groups = new Map<string, DataQualityCount>();
  for (const i of issues) {
    const key = `${i.source}\u0000${i.field}\u0000${i.action}`;
    const g = groups.get(key);
    if (g) g.count++;
    else
      groups.set(key, { source: i.source, field: i.field, action: i.action, count: 1, example: i.problem });
  }
  // A stable sort: equal counts keep the order their first rows came in.
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
