// Renders the life-to-date files of docs/rules.md §7 (open-items, closed-items, aging) and the LTD columns of the others.
import {
  ltdGroupKey,
  type AgingLine,
  type ClosedItem,
  type LifeToDate,
  type LtdFigures,
  type OpenItem,
} from '../engine/life-to-date.js';
import { currencyDigits, formatMinor } from '../core/money.js';
import { STATUSES, type Status } from '../core/status.js';
import { ALL, type SummaryLine } from '../rules/summary.js';
import { toCsv } from '../csv/csv-writer.js';
import type { ReportFile } from './report-file.js';

const CSV_TYPE = 'text/csv; charset=utf-8';
const money = (minor: number, currency: string) => formatMinor(minor, currencyDigits(currency));

export const LTD_DISCREPANCY_COLUMNS = ['ltd_expected', 'ltd_recognized', 'ltd_variance', 'to_date'] as const;
export const LTD_SUMMARY_COLUMNS = [
  'open_items',
  'open_shortfall',
  'open_excess',
  'closed_items',
  'closed_amount',
] as const;
export const LTD_FILE_NAMES = ['open-items.csv', 'closed-items.csv', 'aging.csv'] as const;

/** The LTD cells of a discrepancy row: empty for an orphan (no known deal). */
export function ltdDiscrepancyCells(figures: LtdFigures | undefined, currency: string): string[] {
  if (!figures) return ['', '', '', ''];
  return [
    money(figures.expected, currency),
    money(figures.recognized, currency),
    money(figures.variance, currency),
    figures.toDate,
  ];
}

/**
 * The summary lines with a line for every segment x category x currency that only keys of this
 * section have (no row classified in P), in the summary's order: groups, then ALL per currency.
 */
export function summaryLinesWithLtd(summary: SummaryLine[], ltd: LifeToDate): SummaryLine[] {
  const present = new Set(summary.map((s) => ltdGroupKey(s.segment, s.category, s.currency)));
  const added: SummaryLine[] = [];
  for (const [key, g] of ltd.groups) {
    if (present.has(key)) continue;
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    added.push({
      segment: g.segment,
      category: g.category,
      currency: g.currency,
      expected: 0,
      recognized: 0,
      netVariance: 0,
      unrecognized: 0,
      overRecognized: 0,
      rows: 0,
      counts,
    });
  }
  if (added.length === 0) return summary;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const all = [...summary, ...added];
  const groups = all
    .filter((l) => !(l.segment === ALL && l.category === ALL))
    .sort((a, b) => cmp(a.segment, b.segment) || cmp(a.category, b.category) || cmp(a.currency, b.currency));
  const totals = all
    .filter((l) => l.segment === ALL && l.category === ALL)
    .sort((a, b) => cmp(a.currency, b.currency));
  return [...groups, ...totals];
}

export function ltdSummaryCells(line: SummaryLine, ltd: LifeToDate): string[] {
  const g = ltd.groups.get(ltdGroupKey(line.segment, line.category, line.currency));
  const c = line.currency;
  return [
    String(g?.openItems ?? 0),
    money(g?.openShortfall ?? 0, c),
    money(g?.openExcess ?? 0, c),
    String(g?.closedItems ?? 0),
    money(g?.closedAmount ?? 0, c),
  ];
}

/** The columns that name an open or closed item's key, first in both files (SPEC section 5). */
const ITEM_KEY_COLUMNS = [
  'run_id',
  'period',
  'deal_id',
  'customer_id',
  'customer_name',
  'segment',
  'revenue_type',
  'revenue_category',
  'currency',
  'month_status',
] as const;

export const OPEN_ITEM_COLUMNS = [
  ...ITEM_KEY_COLUMNS,
  'ltd_expected',
  'ltd_recognized',
  'ltd_variance',
  'ltd_tolerance',
  'change',
  'open_since',
  'age_months',
  'explanation',
] as const;

export const CLOSED_ITEM_COLUMNS = [
  ...ITEM_KEY_COLUMNS,
  'ltd_variance_previous',
  'ltd_variance',
  'open_since',
  'explanation',
] as const;

export const AGING_COLUMNS = [
  'run_id',
  'period',
  'currency',
  'age_bucket',
  'open_items',
  'shortfall',
  'excess',
] as const;

interface Ctx {
  runId: string;
  period: string;
}

/** open-items.csv, closed-items.csv and aging.csv, each made when the next is asked for. */
export function* renderLtdFiles(ltd: LifeToDate, ctx: Ctx): Generator<ReportFile> {
  const file = (name: string, content: Buffer): ReportFile => ({ name, content, contentType: CSV_TYPE });
  yield file(
    'open-items.csv',
    toCsv(OPEN_ITEM_COLUMNS, ltd.openItems, (i) => openItemCells(i, ctx)),
  );
  yield file(
    'closed-items.csv',
    toCsv(CLOSED_ITEM_COLUMNS, ltd.closedItems, (i) => closedItemCells(i, ctx)),
  );
  yield file(
    'aging.csv',
    toCsv(AGING_COLUMNS, ltd.aging, (a) => agingCells(a, ctx)),
  );
}

function itemKeyCells(i: OpenItem | ClosedItem, ctx: Ctx): string[] {
  return [
    ctx.runId,
    ctx.period,
    i.dealId,
    i.customerId,
    i.customerName,
    i.segment,
    i.revenueType,
    i.category,
    i.currency,
    i.monthStatus,
  ];
}

function openItemCells(i: OpenItem, ctx: Ctx): string[] {
  return [
    ...itemKeyCells(i, ctx),
    money(i.ltdExpected, i.currency),
    money(i.ltdRecognized, i.currency),
    money(i.ltdVariance, i.currency),
    money(i.ltdTolerance, i.currency),
    i.change,
    i.openSince,
    i.ageMonths === undefined ? '' : String(i.ageMonths),
    i.explanation,
  ];
}

function closedItemCells(i: ClosedItem, ctx: Ctx): string[] {
  return [
    ...itemKeyCells(i, ctx),
    money(i.ltdVariancePrevious, i.currency),
    money(i.ltdVariance, i.currency),
    i.openSince,
    i.explanation,
  ];
}

function agingCells(a: AgingLine, ctx: Ctx): string[] {
  return [
    ctx.runId,
    ctx.period,
    a.currency,
    a.bucket,
    String(a.openItems),
    money(a.shortfall, a.currency),
    money(a.excess, a.currency),
  ];
}
