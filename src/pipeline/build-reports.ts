// Builds a run's report model and its CSV files from a reconciliation: the one place outputs get their figures.
import { ltdGroupKey, oldestOpenItems } from '../engine/life-to-date.js';
import type { LifecycleResult } from '../rules/lifecycle.js';
import { ALL } from '../rules/summary.js';
import type { Reconciliation } from './reconcile-source.js';
import type { ManifestFile, Trigger } from '../reports/manifest.js';
import {
  renderDataQuality,
  renderDiscrepancies,
  renderResolved,
  renderSummary,
  type RenderContext,
} from '../reports/render.js';
import { renderLtdFiles } from '../reports/render-ltd.js';
import { OLDEST_OPEN_ITEMS, TOP_ROWS, type RunReport } from '../reports/run-report.js';
import type { ReportFile } from './ports/report-store.js';

export function buildReportFiles(
  recon: Reconciliation,
  runId: string,
  history?: LifecycleResult,
): ReportFile[] {
  const ctx: RenderContext = {
    runId,
    period: recon.period,
    history,
    ...(recon.lifeToDate ? { lifeToDate: recon.lifeToDate } : {}),
  };
  const files = [
    renderDiscrepancies(recon.result, ctx),
    renderSummary(recon.result, ctx),
    renderDataQuality(recon.dataQuality, ctx),
  ];
  if (history) files.push(renderResolved(history, ctx));
  if (recon.lifeToDate) files.push(...renderLtdFiles(recon.lifeToDate, ctx));
  return files;
}

export interface CompletedRun {
  runId: string;
  trigger: Trigger;
  startedAt: string;
  finishedAt: string;
  settings: Record<string, unknown>;
  files: ManifestFile[];
  links: Record<string, string>;
}

/** The report of a completed run: totals per currency (the summary's ALL lines), counts, top rows, history. */
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
  const { discrepancies } = recon.result;
  const top = discrepancies.slice(0, TOP_ROWS).map((row) => {
    const lifecycle = history?.lifecycle.get(row);
    return lifecycle ? { ...row, lifecycle } : row;
  });
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
          },
        }
      : {}),
    totals,
    counts,
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
    files: run.files,
    links: run.links,
  };
}
