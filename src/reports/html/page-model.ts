// The view model of report.html: every figure the page shows, already computed, in minor units.
import type { Severity, Status } from '../../core/status.js';

/** Green: nothing beyond tolerance; amber: warnings only; red: critical rows or a large net variance. */
export type Verdict = 'green' | 'amber' | 'red';

export interface CurrencyTotals {
  currency: string;
  expected: number;
  recognized: number;
  netVariance: number;
  unrecognized: number;
  overRecognized: number;
  /** Keys classified in the period (matched included). */
  keys: number;
}

/** One status in one currency: how many keys, and their sums. */
export interface StatusLine {
  status: Status;
  currency: string;
  count: number;
  expected: number;
  recognized: number;
  variance: number;
}

export interface SegmentLine {
  segment: string;
  currency: string;
  expected: number;
  recognized: number;
}

export const AGE_BUCKETS = ['1', '2-3', '4-6', '7-12', '13+', 'undated'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Open items to date by age (months open), per currency; only when run history is kept. */
export interface AgingLine {
  currency: string;
  bucket: AgeBucket;
  openItems: number;
  shortfall: number;
  excess: number;
}

export interface DiscrepancyRow {
  dealId: string;
  customerId: string;
  customerName: string;
  segment: string;
  revenueType: string;
  currency: string;
  status: Status;
  severity: Exclude<Severity, 'ok'>;
  expected: number;
  recognized: number;
  variance: number;
  /** Variance in percent of expected, as written in the CSV ("12.50"); empty where nothing was expected. */
  variancePct: string;
  entryIds: string[];
  explanation: string;
  /** new or persisting against the previous run, with run history. */
  lifecycle?: string;
}

export interface FileLink {
  name: string;
  href: string;
  description: string;
}

export interface DataQualityGroup {
  source: string;
  problem: string;
  count: number;
}

export interface ReportPage {
  period: string;
  runId: string;
  trigger: string;
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  totals: CurrencyTotals[];
  statuses: StatusLine[];
  segments: SegmentLine[];
  severity: { critical: number; warning: number };
  aging?: AgingLine[];
  history?: { previousRunId: string; new: number; persisting: number; resolved: number };
  discrepancies: {
    /** All discrepancies of the run; `rows` holds at most the page's cap of them. */
    total: number;
    rows: DiscrepancyRow[];
    csvHref: string;
  };
  dataQuality: { total: number; groups: DataQualityGroup[]; csvHref: string };
  /** Label / value pairs: deal lines read, entries rejected, ... */
  inputs: { label: string; value: string }[];
  settings: { name: string; value: string }[];
  files: FileLink[];
}
