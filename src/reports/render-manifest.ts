// manifest.json from the run report: the record of one run, amounts as plain decimals (docs/rules.md §5).
import type { Manifest } from './manifest.js';
import { plainAmount, type LifeToDateSummary, type RunReport } from './run-report.js';

export function renderManifest(report: RunReport): Manifest {
  const head = {
    run_id: report.runId,
    period: report.period,
    trigger: report.trigger,
    started_at: report.startedAt,
  };
  const alert = report.alert ? { alert: report.alert } : {};
  if (report.status === 'failed')
    return {
      ...head,
      finished_at: report.finishedAt,
      status: 'failed',
      failure_reason: report.failureReason ?? 'unknown reason',
      settings: report.settings,
      totals: [],
      files: [],
      ...alert,
    };
  if (report.status === 'skipped')
    return {
      ...head,
      finished_at: report.finishedAt,
      status: 'skipped',
      skip_reason: report.skipReason ?? '',
      settings: report.settings,
      totals: [],
      files: [],
      ...alert,
    };
  const h = report.history;
  return {
    ...head,
    settings: report.settings,
    finished_at: report.finishedAt,
    status: 'completed',
    ...(report.inputs ? { inputs: report.inputs } : {}),
    ...(report.lifeToDate ? { life_to_date: lifeToDate(report.lifeToDate) } : {}),
    totals: report.totals.map((t) => {
      const c = t.currency;
      return {
        currency: c,
        expected: plainAmount(t.expected, c),
        recognized: plainAmount(t.recognized, c),
        net_variance: plainAmount(t.netVariance, c),
        unrecognized: plainAmount(t.unrecognized, c),
        over_recognized: plainAmount(t.overRecognized, c),
        ...(t.recovered !== undefined ? { recovered: plainAmount(t.recovered, c) } : {}),
      };
    }),
    ...(report.counts ? { counts: report.counts } : {}),
    ...(report.severity ? { severity: report.severity } : {}),
    ...(h
      ? {
          history: {
            previous_run_id: h.previousRunId,
            new: h.new,
            persisting: h.persisting,
            resolved: h.resolved,
          },
        }
      : {}),
    files: report.files,
    ...alert,
  };
}

function lifeToDate(ltd: LifeToDateSummary): NonNullable<Manifest['life_to_date']> {
  return {
    previous_run_id: ltd.previousRunId,
    tolerance_pct: ltd.tolerancePct,
    tolerance_abs: ltd.toleranceAbs,
    keys: ltd.keys,
    totals: ltd.totals.map((t) => ({
      currency: t.currency,
      open_items: t.openItems,
      open_shortfall: plainAmount(t.openShortfall, t.currency),
      open_excess: plainAmount(t.openExcess, t.currency),
      closed_items: t.closedItems,
      closed_amount: plainAmount(t.closedAmount, t.currency),
    })),
  };
}
