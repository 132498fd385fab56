// Builds report.html's view model from a finished reconciliation (and its history, when kept).
import type { ReconRow } from '../../rules/classify.js';
import type { LifecycleResult } from '../../rules/lifecycle.js';
import type { DataQualityIssue } from '../../core/records.js';
import type { ReconResult } from '../../engine/reconcile.js';
import { STATUSES } from '../../core/status.js';
import { ALL } from '../../rules/summary.js';
import { variancePct } from '../render.js';
import type {
  AgingLine,
  CurrencyTotals,
  DataQualityGroup,
  DiscrepancyRow,
  ReportPage,
  SegmentLine,
  StatusLine,
  Verdict,
} from './page-model.js';
import { PAGE_ROW_CAP } from './render-page.js';

export interface PageInputs {
  runId: string;
  period: string;
  trigger: string;
  startedAt: string;
  finishedAt: string;
  result: Pick<ReconResult, 'discrepancies' | 'summary' | 'counts'>;
  dataQuality: DataQualityIssue[];
  inputs?: {
    deals: { source: string; rows_read: number; rows_rejected: number };
    entries: { source: string; rows_read: number; rows_rejected: number; in_period: number };
    data_quality_issues: number;
  };
  settings: Record<string, unknown>;
  history?: LifecycleResult;
  aging?: AgingLine[];
  /** File name → the link the page carries for it (a sibling name, or a signed URL). */
  links: Record<string, string>;
}

const FILE_DESCRIPTIONS: Record<string, string> = {
  'discrepancies.csv': 'every discrepancy, the data of record',
  'summary.csv': 'totals by segment, revenue category and currency',
  'data-quality.csv': 'rejected and suspicious input rows',
  'resolved.csv': 'matched now, discrepancies in the previous run',
  'open-items.csv': 'keys open to date',
  'closed-items.csv': 'keys that closed this month',
  'aging.csv': 'open items by age',
  'reconciliation.xlsx': 'the same tables as one Excel workbook',
  'manifest.json': 'the run record: inputs, settings, totals, file checksums',
};

/** Red on any critical row or a currency whose net variance exceeds 1% of its expected; amber on any other discrepancy. */
export function verdictOf(totals: CurrencyTotals[], critical: number, discrepancies: number): Verdict {
  if (critical > 0) return 'red';
  const beyond = totals.some((t) => BigInt(Math.abs(t.netVariance)) * 100n > BigInt(Math.abs(t.expected)));
  if (beyond) return 'red';
  return discrepancies > 0 ? 'amber' : 'green';
}

export function pageFromRun(input: PageInputs): ReportPage {
  const { result } = input;
  const totalLines = result.summary.filter((s) => s.segment === ALL && s.category === ALL);
  const totals: CurrencyTotals[] = totalLines.map((s) => ({
    currency: s.currency,
    expected: s.expected,
    recognized: s.recognized,
    netVariance: s.netVariance,
    unrecognized: s.unrecognized,
    overRecognized: s.overRecognized,
    keys: s.rows,
  }));
  const discrepancies = result.discrepancies;
  return {
    period: input.period,
    runId: input.runId,
    trigger: input.trigger,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    verdict: verdictOf(totals, result.counts.severity.critical, discrepancies.length),
    totals,
    statuses: statusLines(totalLines, discrepancies),
    segments: segmentLines(result.summary),
    severity: { critical: result.counts.severity.critical, warning: result.counts.severity.warning },
    ...(input.aging ? { aging: input.aging } : {}),
    ...(input.history
      ? {
          history: {
            previousRunId: input.history.previousRunId,
            new: [...input.history.lifecycle.values()].filter((l) => l === 'new').length,
            persisting: [...input.history.lifecycle.values()].filter((l) => l === 'persisting').length,
            resolved: input.history.resolved.length,
          },
        }
      : {}),
    discrepancies: {
      total: discrepancies.length,
      // Already ordered critical first, then by abs(variance): the head is the largest rows.
      rows: discrepancies.slice(0, PAGE_ROW_CAP).map((r) => pageRow(r, input.history)),
      csvHref: input.links['discrepancies.csv'] ?? 'discrepancies.csv',
    },
    dataQuality: {
      total: input.dataQuality.length,
      groups: dataQualityGroups(input.dataQuality),
      csvHref: input.links['data-quality.csv'] ?? 'data-quality.csv',
    },
    inputs: inputFacts(input.inputs),
    settings: Object.entries(input.settings)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) })),
    files: Object.entries(input.links).map(([name, href]) => ({
      name,
      href,
      description: FILE_DESCRIPTIONS[name] ?? '',
    })),
  };
}

function pageRow(r: ReconRow, history?: LifecycleResult): DiscrepancyRow {
  const lifecycle = history?.lifecycle.get(r);
  return {
    dealId: r.dealId,
    customerId: r.customerId,
    customerName: r.customerName,
    segment: r.segment,
    revenueType: r.revenueType,
    currency: r.currency,
    status: r.status,
    severity: r.severity === 'critical' ? 'critical' : 'warning',
    expected: r.expected,
    recognized: r.recognized,
    variance: r.variance,
    variancePct: variancePct(r.variance, r.expected),
    entryIds: r.entryIds,
    explanation: r.explanation,
    ...(history ? { lifecycle: lifecycle ?? 'new' } : {}),
  };
}

/** Per currency and status: the discrepancies' sums; matched is what the totals leave. */
function statusLines(totalLines: ReconResult['summary'], discrepancies: ReconRow[]): StatusLine[] {
  const lines: StatusLine[] = [];
  for (const total of totalLines) {
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
    lines.push(...byStatus.values());
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
  }
  return lines;
}

function segmentLines(summary: ReconResult['summary']): SegmentLine[] {
  const bySegment = new Map<string, SegmentLine>();
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

function dataQualityGroups(issues: DataQualityIssue[]): DataQualityGroup[] {
  const groups = new Map<string, DataQualityGroup>();
  for (const i of issues) {
    const key = `${i.source}\u0000${i.problem}`;
    const g = groups.get(key) ?? { source: i.source, problem: i.problem, count: 0 };
    g.count++;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.problem < b.problem ? -1 : 1));
}

function inputFacts(inputs: PageInputs['inputs']): { label: string; value: string }[] {
  if (!inputs) return [];
  const n = (x: number) => x.toLocaleString('en-US');
  const sources =
    inputs.deals.source === inputs.entries.source
      ? [{ label: 'Source', value: inputs.deals.source }]
      : [
          { label: 'Deals source', value: inputs.deals.source },
          { label: 'Entries source', value: inputs.entries.source },
        ];
  return [
    ...sources,
    {
      label: 'Deal lines',
      value: `${n(inputs.deals.rows_read)} read, ${n(inputs.deals.rows_rejected)} rejected`,
    },
    {
      label: 'Entries',
      value: `${n(inputs.entries.rows_read)} read, ${n(inputs.entries.rows_rejected)} rejected, ${n(inputs.entries.in_period)} in the period`,
    },
    { label: 'Data-quality rows', value: n(inputs.data_quality_issues) },
  ];
}
