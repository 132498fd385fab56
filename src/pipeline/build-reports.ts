// Assembles a run's report files and the manifest's figures from a reconciliation.
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
import type { ReportFile } from './ports/report-store.js';

export function buildReportFiles(
  recon: Reconciliation,
  runId: string,
  history?: LifecycleResult,
): ReportFile[] {
  const ctx: RenderContext = { runId, period: recon.period, history };
  const files = [
    renderDiscrepancies(recon.result, ctx),
    renderSummary(recon.result, ctx),
    renderDataQuality(recon.dataQuality, ctx),
  ];
  if (history) files.push(renderResolved(history, ctx));
  return files;
}

/** Totals per currency (the summary's ALL lines), counts per status and severity. */
export function manifestFigures(
  recon: Reconciliation,
  history?: LifecycleResult,
): Pick<Manifest, 'totals' | 'counts' | 'severity' | 'history'> {
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
  return {
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
