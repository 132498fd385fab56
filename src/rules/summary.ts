// Totals by segment x revenue category x currency, then one all-rows total per currency (docs/rules.md §5).
import { AmountRangeError, isExactSum } from '../core/money.js';
import { STATUSES, type Status } from '../core/status.js';

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
  return {
    segment,
    category,
    currency,
    expected: 0,
    recognized: 0,
    netVariance: 0,
    unrecognized: 0,
    overRecognized: 0,
    rows: 0,
    counts,
  };
}

/** The figures of one row that the summary adds up. */
export interface SummaryFigures {
  segment: string;
  category: string;
  currency: string;
  expected: number;
  recognized: number;
  variance: number;
  status: Status;
}

function addRow(line: SummaryLine, row: SummaryFigures): void {
  line.expected += row.expected;
  line.recognized += row.recognized;
  line.netVariance += row.variance;
  if (row.variance < 0) line.unrecognized -= row.variance;
  else line.overRecognized += row.variance;
  line.rows++;
  line.counts[row.status]++;
}

/**
 * Adds rows up one at a time, so the engine can count a matched key without building its row
 * object (a million of them in a large month).
 */
export class Summarizer {
  private readonly groups: SummaryLine[] = [];
  // segment → category → currency → line: the same few strings repeat over a million rows, and
  // their hashes stay cached, where a joined key string per row had to be built and hashed.
  private readonly index = new Map<string, Map<string, Map<string, SummaryLine>>>();
  private readonly totals = new Map<string, SummaryLine>();

  add(row: SummaryFigures): void {
    let bySegment = this.index.get(row.segment);
    if (!bySegment) this.index.set(row.segment, (bySegment = new Map()));
    let byCategory = bySegment.get(row.category);
    if (!byCategory) bySegment.set(row.category, (byCategory = new Map()));
    let line = byCategory.get(row.currency);
    if (!line) {
      byCategory.set(row.currency, (line = emptyLine(row.segment, row.category, row.currency)));
      this.groups.push(line);
    }
    addRow(line, row);
    let total = this.totals.get(row.currency);
    if (!total) this.totals.set(row.currency, (total = emptyLine(ALL, ALL, row.currency)));
    addRow(total, row);
  }

  /** Group lines sorted by segment, category, currency; then totals per currency. */
  lines(): SummaryLine[] {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const sorted = [...this.groups].sort(
      (a, b) => cmp(a.segment, b.segment) || cmp(a.category, b.category) || cmp(a.currency, b.currency),
    );
    const sortedTotals = [...this.totals.values()].sort((a, b) => cmp(a.currency, b.currency));
    const lines = [...sorted, ...sortedTotals];
    // Each key's sums were checked as they grew; sums over many keys can still pass the exact range.
    for (const l of lines) {
      if (![l.expected, l.recognized, l.netVariance, l.unrecognized, l.overRecognized].every(isExactSum)) {
        throw new AmountRangeError(`the ${l.currency} total of ${l.segment} / ${l.category}`);
      }
    }
    return lines;
  }
}
