// The pure reconciliation: expected and recognized books in, classified rows and totals out.
import type { EngineRules, RevenueCategory } from '../config/engine-settings.js';
import { classifyKey, typeDisplayName, type ReconRow } from './classify.js';
import type { MonthIndex } from './dates.js';
import type { ExpectedBook } from './expected.js';
import type { KeyDirectory } from './key-directory.js';
import { grow } from './memory.js';
import { markMisclassified } from './misclassified.js';
import { currencyDigits } from './money.js';
import type { RecognizedBook, RecognizedKey } from './recognized.js';
import { Summarizer, type SummaryFigures, type SummaryLine } from './summary.js';
import { STATUSES, type Severity, type Status } from './status.js';
import { toleranceAmount, withinTolerance } from './tolerance.js';

export interface ReconResult {
  /**
   * Every classified key, matched ones included, in discrepancy order. Built on first access (then
   * kept): a large month has over a million matched keys, and their row objects were a third of the
   * run's heap. Rows are the same objects as in `discrepancies`. Throws after release().
   */
  rows: ReconRow[];
  /** The non-matched rows, critical first, then abs(variance) desc, then deal_id and revenue_type. */
  discrepancies: ReconRow[];
  summary: SummaryLine[];
  /** Rows per status and per severity, for callers that need only the counts (not walking rows). */
  counts: RowCounts;
  /**
   * Lets the books go once nobody will ask for `rows` (the pipeline, after comparing with history):
   * their typed arrays are the largest thing alive while the reports are rendered.
   */
  release(): void;
}

export interface RowCounts {
  status: Record<Status, number>;
  severity: Record<Severity, number>;
}

export interface ReconInput {
  period: MonthIndex;
  rules: EngineRules;
  /** Both books must share one KeyDirectory (RecognizedBook takes the ExpectedBook's by default). */
  expected: ExpectedBook;
  recognized: RecognizedBook;
}

export function reconcile({ period, rules, expected, recognized }: ReconInput): ReconResult {
  const view = new BookView(expected, recognized, rules);
  const dir = view.dir;
  const summarizer = new Summarizer();
  const counts: RowCounts = {
    status: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
    severity: { ok: 0, warning: 0, critical: 0 },
  };
  /** Rows built now: every key that is not a plain match (and any match classifyKey made). */
  const built: ReconRow[] = [];
  const builtSlots: number[] = [];
  /** Plain matches, built only if someone asks for `rows`. */
  let matchedSlots = new Int32Array(1 << 12);
  let matchedCount = 0;
  const figures: SummaryFigures = { segment: '', category: '', currency: '', expected: 0, recognized: 0, variance: 0, status: 'matched' };
  // Slots come in first-seen order: booked keys (the deals file's order), then keys only entries named.
  for (let slot = 0; slot < dir.slotCount; slot++) {
    const count = recognized.countOf(slot);
    if (expected.isBooked(slot) ? expected.expectedOf(slot) === 0 && count === 0 : count === 0) continue;
    if (view.plainMatch(slot)) {
      if (matchedCount >= matchedSlots.length) matchedSlots = grow(matchedSlots, matchedCount + 1);
      matchedSlots[matchedCount++] = slot;
      const E = expected.expectedOf(slot);
      const R = recognized.sumOf(slot);
      figures.segment = expected.segmentOf(dir.slotDeal[slot]!) ?? 'Unassigned';
      figures.category = view.categoryOf(slot);
      figures.currency = view.currencyOf(slot);
      figures.expected = E;
      figures.recognized = R;
      figures.variance = R - E;
      summarizer.add(figures);
      counts.status.matched++;
      counts.severity.ok++;
    } else {
      for (const row of view.classifySlot(slot, period)) {
        built.push(row);
        builtSlots.push(slot);
      }
    }
  }
  markMisclassified(built, rules);
  for (const row of built) {
    summarizer.add(row);
    counts.status[row.status]++;
    counts.severity[row.severity]++;
  }
  const discrepancies = sortRows(built, builtSlots, dir).filter((r) => r.status !== 'matched');
  return new LazyRows(view, built, builtSlots, matchedSlots.subarray(0, matchedCount), discrepancies, summarizer.lines(), counts);
}

/** The result, holding the books only until release(): no closure over reconcile()'s scope keeps them. */
class LazyRows implements ReconResult {
  private all: ReconRow[] | undefined;

  constructor(
    private view: BookView | undefined,
    private readonly built: ReconRow[],
    private readonly builtSlots: number[],
    private matchedSlots: Int32Array,
    readonly discrepancies: ReconRow[],
    readonly summary: SummaryLine[],
    readonly counts: RowCounts,
  ) {}

  get rows(): ReconRow[] {
    if (this.all) return this.all;
    const view = this.view;
    if (!view) throw new Error('reconcile: rows were released');
    const rows = [...this.built];
    const slots = [...this.builtSlots];
    for (const slot of this.matchedSlots) {
      rows.push(view.matchedRow(slot));
      slots.push(slot);
    }
    this.all = sortRows(rows, slots, view.dir);
    return this.all;
  }

  release(): void {
    this.view = undefined;
    this.matchedSlots = new Int32Array(0);
  }
}

/** Reads one key's facts out of the two books, for classification and for building rows. */
class BookView {
  readonly dir: KeyDirectory;
  private readonly typeNames: string[];
  private readonly typeCategories: RevenueCategory[];

  constructor(
    private readonly expected: ExpectedBook,
    private readonly recognized: RecognizedBook,
    private readonly rules: EngineRules,
  ) {
    this.dir = expected.directory;
    if (recognized.directory !== this.dir) throw new Error('reconcile: the expected and recognized books must share one KeyDirectory');
    this.typeNames = this.dir.typeKeys.map((t) => typeDisplayName(t, rules));
    this.typeCategories = this.dir.typeKeys.map((t) => rules.types.get(t)?.category ?? 'unknown');
  }

  currencyOf(slot: number): string {
    const { expected, recognized } = this;
    const dealNo = this.dir.slotDeal[slot]!;
    return (expected.isBooked(slot) ? expected.currencyOf(slot) : expected.dealCurrencyOf(dealNo) ?? recognized.currencyOf(slot)) ?? 'USD';
  }

  categoryOf(slot: number): RevenueCategory {
    return this.expected.isBooked(slot) ? this.expected.categoryOf(slot) : this.typeCategories[this.dir.slotType[slot]!]!;
  }

  /** A matched key of a known deal in one currency: classifyKey would say `matched` and nothing else. */
  plainMatch(slot: number): boolean {
    const dealNo = this.dir.slotDeal[slot]!;
    if (this.dir.isBlankDeal(dealNo) || !this.dir.isKnownNo(dealNo) || this.recognized.foreignCountOf(slot) > 0) return false;
    const E = this.expected.expectedOf(slot);
    return withinTolerance(this.recognized.sumOf(slot) - E, E, this.rules, currencyDigits(this.currencyOf(slot)));
  }

  /** Field for field what classifyKey returns for a plain match, without building its facts. */
  matchedRow(slot: number): ReconRow {
    const { expected, recognized, dir } = this;
    const dealNo = dir.slotDeal[slot]!;
    const currency = this.currencyOf(slot);
    const E = expected.expectedOf(slot);
    const R = recognized.sumOf(slot);
    const typeNo = dir.slotType[slot]!;
    return {
      dealId: dir.dealIdOf(dealNo),
      customerId: expected.customerIdOf(dealNo),
      customerName: expected.customerNameOf(dealNo),
      segment: expected.segmentOf(dealNo) ?? 'Unassigned',
      typeKey: dir.typeKeys[typeNo]!,
      revenueType: this.typeNames[typeNo]!,
      category: this.categoryOf(slot),
      currency,
      status: 'matched',
      severity: 'ok',
      expected: E,
      recognized: R,
      variance: R - E,
      tolerance: toleranceAmount(E, this.rules, currencyDigits(currency)),
      entryIds: recognized.idsOf(slot),
      explanation: '',
    };
  }

  /**
   * Usually one row. An orphan has no deal line to set its currency, so entries in several currencies
   * become one row per currency: amounts never mix, and none is left out of the totals.
   */
  classifySlot(slot: number, period: MonthIndex): ReconRow[] {
    const { expected, recognized, dir, rules } = this;
    const dealNo = dir.slotDeal[slot]!;
    const dealId = dir.dealIdOf(dealNo);
    const dealKnown = dir.isKnownNo(dealNo);
    const entries = recognized.keyOf(slot);
    const facts = {
      period,
      dealId,
      typeKey: dir.typeKeys[dir.slotType[slot]!]!,
      dealKnown,
      deal: expected.dealInfo(dealNo),
      expected: expected.keyOf(slot),
    };
    const orphan = dealId === '' || !dealKnown;
    if (!orphan || !entries) return [classifyKey({ ...facts, recognized: entries }, rules)];
    return splitByCurrency(entries).map((part) => classifyKey({ ...facts, recognized: part }, rules));
  }
}

function splitByCurrency(key: RecognizedKey): RecognizedKey[] {
  const parts = new Map<string, RecognizedKey>();
  key.currencies.forEach((currency, i) => {
    let part = parts.get(currency);
    if (!part) parts.set(currency, (part = { dealId: key.dealId, typeKey: key.typeKey, ids: [], amounts: [], currencies: [] }));
    part.ids.push(key.ids[i]!);
    part.amounts.push(key.amounts[i]!);
    part.currencies.push(currency);
  });
  return [...parts.values()];
}

/**
 * discrepancyOrder over all rows, comparing deals by rank (a number) instead of by deal_id text:
 * with a million-plus rows, string comparisons in the sort were most of reconcile's time. Rows
 * that are neither critical nor off by anything (most matched keys) all come last, ordered by deal
 * and type alone: they are sorted as plain numbers, without a comparator.
 */
function sortRows(rows: ReconRow[], rowSlots: number[], dir: KeyDirectory): ReconRow[] {
  const n = rows.length;
  const dealRank = dir.dealRank();
  const typeOrder = typeNameOrder(rows, rowSlots, dir);
  const critical = new Uint8Array(n);
  const size = new Float64Array(n);
  const rank = new Int32Array(n);
  const rest: number[] = [];
  const zero: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    critical[i] = row.severity === 'critical' ? 1 : 0;
    size[i] = comparableSize(row);
    rank[i] = dealRank[dir.slotDeal[rowSlots[i]!]!]!;
    if (critical[i] === 0 && size[i] === 0 && typeOrder) zero.push(i);
    else rest.push(i);
  }
  rest.sort((a, b) => {
    if (critical[a] !== critical[b]) return critical[b]! - critical[a]!;
    const d = size[b]! - size[a]!;
    if (d !== 0) return d;
    if (rank[a] !== rank[b]) return rank[a]! - rank[b]!;
    const ta = rows[a]!.revenueType;
    const tb = rows[b]!.revenueType;
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  });
  const sorted = new Array<ReconRow>(n);
  let k = 0;
  for (const i of rest) sorted[k++] = rows[i]!;
  if (zero.length > 0 && typeOrder) {
    // (deal rank, type order, row) as one exact number: unique per row, so a numeric sort is the order.
    const types = dir.typeKeys.length;
    const keys = new Float64Array(zero.length);
    for (let j = 0; j < zero.length; j++) {
      const i = zero[j]!;
      keys[j] = (rank[i]! * types + typeOrder[dir.slotType[rowSlots[i]!]!]!) * n + i;
    }
    keys.sort();
    for (let j = 0; j < keys.length; j++) sorted[k++] = rows[keys[j]! % n]!;
  }
  return sorted;
}

/** Type number → rank of its display name; undefined when names repeat or keys could overflow. */
function typeNameOrder(rows: ReconRow[], rowSlots: number[], dir: KeyDirectory): Int32Array | undefined {
  const types = dir.typeKeys.length;
  if (dir.dealCount * types * Math.max(rows.length, 1) >= Number.MAX_SAFE_INTEGER) return undefined;
  const names = new Array<string | undefined>(types);
  for (let i = 0; i < rows.length; i++) names[dir.slotType[rowSlots[i]!]!] = rows[i]!.revenueType;
  const present = [...names.keys()].filter((t) => names[t] !== undefined);
  present.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  for (let j = 1; j < present.length; j++) if (names[present[j]!] === names[present[j - 1]!]) return undefined;
  const order = new Int32Array(types);
  present.forEach((t, r) => (order[t] = r));
  return order;
}

/** The most minor-unit digits an ISO 4217 currency has (CLF, UYW). */
const MAX_DIGITS = 4;

/**
 * abs(variance) in currency units, scaled to 4 decimals so that rows of different currencies compare
 * by amount (20.000 BHD < 100.00 USD < 3000 JPY), not by their minor units; exact below 2^53.
 */
export function comparableSize(row: Pick<ReconRow, 'variance' | 'currency'>): number {
  return Math.abs(row.variance) * 10 ** (MAX_DIGITS - currencyDigits(row.currency));
}

export function discrepancyOrder(a: ReconRow, b: ReconRow): number {
  const crit = Number(b.severity === 'critical') - Number(a.severity === 'critical');
  if (crit !== 0) return crit;
  const size = comparableSize(b) - comparableSize(a);
  if (size !== 0) return size;
  if (a.dealId !== b.dealId) return a.dealId < b.dealId ? -1 : 1;
  return a.revenueType < b.revenueType ? -1 : a.revenueType > b.revenueType ? 1 : 0;
}
