// Assembles a run's report files and the manifest's figures from a reconciliation.
import { ltdGroupKey } from '../core/life-to-date.js';
import type { LifecycleResult } from '../core/lifecycle.js';
import { currencyDigits, formatMinor } from '../core/money.js';
import { ALL } from '../core/summary.js';
import type { Reconciliation } from './reconcile-source.js';
import type { Manifest } from '../reports/manifest.js';
import {
  renderDataQuality,
  renderDiscrepancies,
  renderResolved,
  renderSummary,
  type RenderContext,
} from '../reports/render.js';
import { renderLtdFiles } from '../reports/render-ltd.js';
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

/** Totals per currency (the summary's ALL lines), counts per status and severity. */
export function manifestFigures(
  recon: Reconciliation,
  history?: LifecycleResult,
): Pick<Manifest, 'totals' | 'counts' | 'severity' | 'history' | 'life_to_date'> {
  const totals = recon.result.summary
    .filter((s) => s.segment === ALL && s.category === ALL)
    .map((s) => {
      const digits = currencyDigits(s.currency);
      const recovered = history?.recoveredByCurrency.get(s.currency);
      return {
        currency: s.currency,
        expected: formatMinor(s.expected, digits),
        recognized: formatMinor(s.recognized, digits),
        net_variance: formatMinor(s.netVariance, digits),
        unrecognized: formatMinor(s.unrecognized, digits),
        over_recognized: formatMinor(s.overRecognized, digits),
        ...(history ? { recovered: formatMinor(recovered ?? 0, digits) } : {}),
      };
    });
  // The engine's counts, not a walk over result.rows: that would build a row object for every matched key.
  const counts = { ...recon.result.counts.status };
  const severity = {
    critical: recon.result.counts.severity.critical,
    warning: recon.result.counts.severity.warning,
  };
  const lifecycle = history ? [...history.lifecycle.values()] : [];
  const ltd = recon.lifeToDate;
  return {
    ...(ltd
      ? {
          life_to_date: {
            previous_run_id: ltd.previousRunId ?? '',
            tolerance_pct: recon.rules.settings.ltd_tolerance_pct ?? '0',
            tolerance_abs: recon.rules.settings.ltd_tolerance_abs ?? recon.rules.settings.tolerance_abs,
            keys: ltd.keyCount,
            totals: ltd.currencies.map((currency) => {
              const g = ltd.groups.get(ltdGroupKey(ALL, ALL, currency));
              const digits = currencyDigits(currency);
              return {
                currency,
                open_items: g?.openItems ?? 0,
                open_shortfall: formatMinor(g?.openShortfall ?? 0, digits),
                open_excess: formatMinor(g?.openExcess ?? 0, digits),
                closed_items: g?.closedItems ?? 0,
                closed_amount: formatMinor(g?.closedAmount ?? 0, digits),
              };
            }),
          },
        }
      : {}),
    totals,
    counts,
    severity,
    ...(history
      ? {
          history: {
            previous_run_id: history.previousRunId,
            new: lifecycle.filter((l) => l === 'new').length,
            persisting: lifecycle.filter((l) => l === 'persisting').length,
            resolved: history.resolved.length,
          },
        }
      : {}),
  };
}
