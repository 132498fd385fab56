// The one typed model of a run's outcome, built once by the pipeline; every output (manifest, report.html, dashboard, Slack) renders it.
import type { AgingLine, OpenItem } from '../engine/life-to-date.js';
import type { ReconRow } from '../rules/classify.js';
import type { Lifecycle } from '../rules/lifecycle.js';
import type { ToDate } from '../rules/life-to-date.js';
import { currencyDigits, formatMinor } from '../core/money.js';
import type { DataQualityIssue } from '../core/records.js';
import type { Status } from '../core/status.js';
import type { ManifestFile, Trigger } from './manifest.js';

/** A currency's totals in exact minor units (the summary's ALL, ALL line). */
export interface CurrencyTotals {
  currency: string;
  expected: number;
  recognized: number;
  netVariance: number;
  unrecognized: number;
  overRecognized: number;
  /** Gap closed since the previous completed run of the period (only when there is one). */
  recovered?: number;
}

export interface InputCounts {
  deals: { source: string; rows_read: number; rows_rejected: number };
  entries: { source: string; rows_read: number; rows_rejected: number; in_period: number };
  /** With history (life to date): rows read, rejected, ignored (of the period or later). */
  history?: { source: string; rows_read: number; rows_rejected: number; rows_ignored: number };
  data_quality_issues: number;
}

/** Life to date over the whole run (with history), per currency in minor units. */
export interface LifeToDateSummary {
  /** The run of the month before whose open items dated this run's ('' when none). */
  previousRunId: string;
  /** The LTD tolerance used, as the settings give it (percent, and floor in currency units). */
  tolerancePct: string;
  toleranceAbs: string;
  keys: number;
  totals: {
    currency: string;
    openItems: number;
    openShortfall: number;
    openExcess: number;
    closedItems: number;
    closedAmount: number;
    /** Of closedAmount: the shortfalls closed this month (revenue recovered). */
    recovered: number;
    /** Of closedAmount: the excesses closed this month (over-recognition reversed). */
    reversed: number;
  }[];
  /** The oldest open items (at most OLDEST_OPEN_ITEMS): dated ones oldest first, then undated ones. */
  oldestOpenItems: OldestOpenItem[];
  /** Open items by age bucket: per currency (alphabetical), every bucket in order, zeros included (aging.csv). */
  aging: AgingLine[];
}

/**
 * An open item as the people-facing outputs list it: openSince '' and no ageMonths when undated;
 * ltdVariance is LTD recognized - LTD expected at P (negative: short to date).
 */
export type OldestOpenItem = Pick<
  OpenItem,
  | 'dealId'
  | 'customerId'
  | 'customerName'
  | 'revenueType'
  | 'currency'
  | 'openSince'
  | 'ageMonths'
  | 'ltdVariance'
>;

/** Open items the Slack summary, the dashboard and report.html list. */
export const OLDEST_OPEN_ITEMS = 5;

/** One status in one currency: how many keys, and their sums (matched: what the discrepancies leave of the totals). */
export interface StatusTotals {
  status: Status;
  currency: string;
  count: number;
  expected: number;
  recognized: number;
  variance: number;
}

/** Expected and recognized of one segment in one currency, over every revenue category. */
export interface SegmentTotals {
  segment: string;
  currency: string;
  expected: number;
  recognized: number;
}

/**
 * Data-quality rows of one source, field and action: the problem texts name each row's value, so
 * they are counted by what went wrong where, with the first row's problem as an example.
 */
export interface DataQualityCount {
  source: string;
  field: string;
  action: DataQualityIssue['action'];
  count: number;
  example: string;
}

/** This run against the previous completed run of the period. */
export interface HistoryCounts {
  previousRunId: string;
  new: number;
  persisting: number;
  resolved: number;
}

/**
 * A discrepancy as outputs show it: the row, whether it is new or persisting (with a previous run),
 * and with life to date its to-date reading (its explanation then ends in the to-date clause).
 */
export type ReportRow = ReconRow & { lifecycle?: Lifecycle; toDate?: ToDate };

export interface AlertResult {
  status: 'sent' | 'skipped' | 'failed';
  detail?: string;
}

export type RunStatus = 'completed' | 'failed' | 'skipped';

export interface RunReport {
  runId: string;
  period: string;
  trigger: Trigger;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  failureReason?: string;
  skipReason?: string;
  /** The rules used, and where the inputs came from and the files went (as recorded in the manifest). */
  settings: Record<string, unknown>;
  inputs?: InputCounts;
  /** Per currency, in currency order; empty when the run did not complete. */
  totals: CurrencyTotals[];
  counts?: Record<Status, number>;
  /** Per currency (in the order of totals), every status in STATUSES order, zero counts included. */
  statuses?: StatusTotals[];
  /** Per segment and currency, in the summary's order. */
  segments?: SegmentTotals[];
  /** The data-quality rows by source and problem, most frequent first. */
  dataQuality?: DataQualityCount[];
  severity?: { critical: number; warning: number };
  history?: HistoryCounts;
  lifeToDate?: LifeToDateSummary;
  /** All non-matched rows of the run. */
  discrepancyCount: number;
  /** The largest discrepancies in report order (critical first, then by size): at most TOP_ROWS. */
  top: ReportRow[];
  /** The report files written, with their size and checksum. */
  files: ManifestFile[];
  /** Download link per file name. */
  links: Record<string, string>;
  /** How the announcement went; set once the alerter answered. */
  alert?: AlertResult;
}

/** Rows kept in the report's top list: the most any output shows (the dashboard's ten). */
export const TOP_ROWS = 10;

/** An amount in the currency's plain decimals ("-1234.50", JPY "1500"), as files and the manifest write it. */
export function plainAmount(minor: number, currency: string): string {
  return formatMinor(minor, currencyDigits(currency));
}
