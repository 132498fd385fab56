// Totals by segment x revenue category x currency, then one all-rows total per currency (SPEC §5).
import type { ReconRow } from './classify.js';
import { STATUSES, type Status } from './status.js';

export interface SummaryLine {
  segment: string;
  category: string;
  currency: string;
  expected: number;
  recognized: number;
  netVariance: number;
  /** Sum of shortfalls: -variance over rows below expectation. */
  unrecognized: number;
  /** Sum of excesses: variance over rows above expectation. */
  overRecognized: number;
  rows: number;
  counts: Record<Status, number>;
}

export const ALL = 'ALL';

function emptyLine(segment: string, category: string, currency: string): SummaryLine {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  return { segment, category, currency, expected: 0, recognized: 0, netVariance: 0, unrecognized: 0, overRecognized: 0, rows: 0, counts };
}

function addRow(line: SummaryLine, row: ReconRow): void {
  line.expected += row.expected;
  line.recognized += row.recognized;
  line.netVariance += row.variance;
  if (row.variance < 0) line.unrecognized -= row.variance;
  else line.overRecognized += row.variance;
  line.rows++;
  line.counts[row.status]++;
}

/** Group lines sorted by segment, category, currency; then totals per currency (amounts never mix currencies). */
export function summarize(rows: ReconRow[]): SummaryLine[] {
  const groups: SummaryLine[] = [];
  // segment → category → currency → line: the same few strings repeat over a million rows, and
  // their hashes stay cached, where a joined key string per row had to be built and hashed.
  const index = new Map<string, Map<string, Map<string, SummaryLine>>>();
  const totals = new Map<string, SummaryLine>();
  for (const row of rows) {
    let bySegment = index.get(row.segment);
    if (!bySegment) index.set(row.segment, (bySegment = new Map()));
    let byCategory = bySegment.get(row.category);
    if (!byCategory) bySegment.set(row.category, (byCategory = new Map()));
    let line = byCategory.get(row.currency);
    if (!line) {
      byCategory.set(row.currency, (line = emptyLine(row.segment, row.category, row.currency)));
      groups.push(line);
    }
    addRow(line, row);
    let total = totals.get(row.currency);
    if (!total) totals.set(row.currency, (total = emptyLine(ALL, ALL, row.currency)));
    addRow(total, row);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = groups.sort(
    (a, b) => cmp(a.segment, b.segment) || cmp(a.category, b.category) || cmp(a.currency, b.currency),
  );
  const sortedTotals = [...totals.values()].sort((a, b) => cmp(a.currency, b.currency));
  return [...sorted, ...sortedTotals];
}
