// Renders a reconciliation into the CSV files of docs/rules.md §5; same inputs and run id give the same bytes.
import type { ReconRow } from '../rules/classify.js';
import type { LifeToDate } from '../engine/life-to-date.js';
import type { LifecycleResult } from '../rules/lifecycle.js';
import { currencyDigits, divRoundHalfUp, formatMinor } from '../core/money.js';
import type { DataQualityIssue } from '../core/records.js';
import type { ReconResult } from '../engine/reconcile.js';
import { STATUSES } from '../core/status.js';
import { ALL } from '../rules/summary.js';
import { toCsv } from '../csv/csv-writer.js';
import {
  LTD_DISCREPANCY_COLUMNS,
  LTD_FILE_NAMES,
  LTD_SUMMARY_COLUMNS,
  ltdDiscrepancyCells,
  ltdSummaryCells,
  summaryLinesWithLtd,
} from './render-ltd.js';
import type { ReportFile } from './report-file.js';

export const DISCREPANCY_COLUMNS = [
  'run_id',
  'period',
  'deal_id',
  'customer_id',
  'customer_name',
  'segment',
  'revenue_type',
  'revenue_category',
  'currency',
  'status',
  'severity',
  'expected',
  'recognized',
  'variance',
  'variance_pct',
  'tolerance',
  'entry_count',
  'entry_ids',
  'explanation',
] as const;

export const CSV_TYPE = 'text/csv; charset=utf-8';

/** Every report file a run may write (besides its manifest). */
export const REPORT_FILE_NAMES = [
  'report.html',
  'discrepancies.csv',
  'summary.csv',
  'data-quality.csv',
  'resolved.csv',
  'reconciliation.xlsx',
  ...LTD_FILE_NAMES,
] as const;

const money = (minor: number, currency: string) => formatMinor(minor, currencyDigits(currency));

/** Variance in percent of expected with two decimals, half away from zero; empty where E = 0. */
export function variancePct(variance: number, expected: number): string {
  if (expected === 0) return '';
  const hundredths = divRoundHalfUp(BigInt(variance) * 10000n, BigInt(expected));
  return formatMinor(Number(hundredths), 2);
}

export interface RenderContext {
  runId: string;
  period: string;
  history?: LifecycleResult;
  /** With history of earlier months (docs/rules.md §7): the LTD columns and files. */
  lifeToDate?: LifeToDate;
}

export function renderDiscrepancies(
  result: Pick<ReconResult, 'discrepancies'>,
  ctx: RenderContext,
): ReportFile {
  const ltd = ctx.lifeToDate;
  const header = [
    ...DISCREPANCY_COLUMNS,
    ...(ctx.history ? ['lifecycle'] : []),
    ...(ltd ? LTD_DISCREPANCY_COLUMNS : []),
  ];
  return {
    name: 'discrepancies.csv',
    content: toCsv(header, result.discrepancies, (r, i) => {
      const cells = discrepancyCells(r, ctx);
      if (ctx.history) cells.push(ctx.history.lifecycle.get(r) ?? 'new');
      if (ltd) {
        const figures = ltd.figures[i];
        if (figures) cells[DISCREPANCY_COLUMNS.indexOf('explanation')] += figures.clause;
        cells.push(...ltdDiscrepancyCells(figures, r.currency));
      }
      return cells;
    }),
    contentType: CSV_TYPE,
  };
}

function discrepancyCells(r: ReconRow, ctx: RenderContext): string[] {
  return [
    ctx.runId,
    ctx.period,
    r.dealId,
    r.customerId,
    r.customerName,
    r.segment,
    r.revenueType,
    r.category,
    r.currency,
    r.status,
    r.severity,
    money(r.expected, r.currency),
    money(r.recognized, r.currency),
    money(r.variance, r.currency),
    variancePct(r.variance, r.expected),
    money(r.tolerance, r.currency),
    String(r.entryIds.length),
    r.entryIds.join(';'),
    r.explanation,
  ];
}

export const SUMMARY_COLUMNS = [
  'run_id',
  'period',
  'segment',
  'revenue_category',
  'currency',
  'rows',
  'expected',
  'recognized',
  'net_variance',
  'unrecognized',
  'over_recognized',
  ...STATUSES.map((s) => `count_${s}`),
] as const;

/** With history, a last column says how much of the earlier run's gaps each group closed ("recovered revenue"). */
export function renderSummary(result: Pick<ReconResult, 'summary'>, ctx: RenderContext): ReportFile {
  const recovered = ctx.history ? recoveredByGroup(ctx.history) : undefined;
  const ltd = ctx.lifeToDate;
  const header = [
    ...SUMMARY_COLUMNS,
    ...(recovered ? ['recovered'] : []),
    ...(ltd ? LTD_SUMMARY_COLUMNS : []),
  ];
  const lines = ltd ? summaryLinesWithLtd(result.summary, ltd) : result.summary;
  return {
    name: 'summary.csv',
    content: toCsv(header, lines, (s) => {
      const cells = [
        ctx.runId,
        ctx.period,
        s.segment,
        s.category,
        s.currency,
        String(s.rows),
        money(s.expected, s.currency),
        money(s.recognized, s.currency),
        money(s.netVariance, s.currency),
        money(s.unrecognized, s.currency),
        money(s.overRecognized, s.currency),
        ...STATUSES.map((st) => String(s.counts[st])),
      ];
      if (recovered)
        cells.push(money(recovered.get(groupKey(s.segment, s.category, s.currency)) ?? 0, s.currency));
      if (ltd) cells.push(...ltdSummaryCells(s, ltd));
      return cells;
    }),
    contentType: CSV_TYPE,
  };
}

const groupKey = (segment: string, category: string, currency: string) =>
  `${segment}\u0000${category}\u0000${currency}`;

function recoveredByGroup(history: LifecycleResult): Map<string, number> {
  const sums = new Map<string, number>();
  const add = (key: string, amount: number) => sums.set(key, (sums.get(key) ?? 0) + amount);
  for (const { current, recovered } of history.resolved) {
    add(groupKey(current.segment, current.category, current.currency), recovered);
    add(groupKey(ALL, ALL, current.currency), recovered);
  }
  return sums;
}

export const DATA_QUALITY_COLUMNS = [
  'run_id',
  'period',
  'source',
  'row_number',
  'row_key',
  'field',
  'value',
  'problem',
  'action',
] as const;

export function renderDataQuality(issues: DataQualityIssue[], ctx: RenderContext): ReportFile {
  return {
    name: 'data-quality.csv',
    content: toCsv(DATA_QUALITY_COLUMNS, issues, (i) => [
      ctx.runId,
      ctx.period,
      i.source,
      String(i.rowNumber),
      i.rowKey,
      i.field,
      i.value,
      i.problem,
      i.action,
    ]),
    contentType: CSV_TYPE,
  };
}

export const RESOLVED_COLUMNS = [
  'run_id',
  'period',
  'previous_run_id',
  'deal_id',
  'customer_id',
  'customer_name',
  'segment',
  'revenue_type',
  'currency',
  'previous_status',
  'previous_variance',
  'variance',
  'recovered',
] as const;

export function renderResolved(history: LifecycleResult, ctx: RenderContext): ReportFile {
  return {
    name: 'resolved.csv',
    content: toCsv(RESOLVED_COLUMNS, history.resolved, ({ previous: p, current: c, recovered }) => [
      ctx.runId,
      ctx.period,
      history.previousRunId,
      c.dealId,
      c.customerId,
      c.customerName,
      c.segment,
      c.revenueType,
      c.currency,
      p.status,
      money(p.variance, c.currency),
      money(c.variance, c.currency),
      money(recovered, c.currency),
    ]),
    contentType: CSV_TYPE,
  };
}
