// The pure reconciliation: expected and recognized books in, classified rows and totals out.
import type { EngineRules, RevenueCategory } from '../core/engine-settings.js';
import { classifyKey, type ReconRow } from '../rules/classify.js';
import type { MonthIndex } from '../core/dates.js';
import type { ExpectedBook } from '../books/expected.js';
import type { KeyDirectory } from '../books/key-directory.js';
import { grow } from '../books/memory.js';
import { markMisclassified } from '../rules/misclassified.js';
import { currencyDigits } from '../core/money.js';
import { sortOrder, sortRows } from './sort-rows.js';
import type { RecognizedBook } from '../books/recognized.js';
import type { KeyFacts } from '../rules/facts.js';
import { keyCurrency, orphanParts } from '../rules/key-currency.js';
import { statusOf, type KeyTotals } from '../rules/status-precedence.js';
import { Summarizer, type SummaryFigures, type SummaryLine } from '../rules/summary.js';
import { STATUSES, type Severity, type Status } from '../core/status.js';

export interface ReconResult {
  /**
   * Every classified key, matched ones included, in discrepancy order. Built on first access (then
   * kept): a large month has over a million matched keys, and their row objects were a third of the
   * run's heap. Rows are the same objects as in `discrepancies`. Throws after release().
   */
  rows: ReconRow[];
  /** The key's rows (one, or one per currency for an orphan), matched ones built on demand; [] when not classified. Throws after release(). */
  rowsOf(dealId: string, typeKey: string): ReconRow[];
  /** The same by the key's slot in the books' KeyDirectory (callers that walk the slots). Throws after release(). */
  rowsOfSlot(slot: number): ReconRow[];
  /** The non-matched rows, critical first, then abs(variance) desc, then deal_id and revenue_type. */
  discrepancies: ReconRow[];
  /** The key's slot of each discrepancy: discrepancySlots[i] is that of discrepancies[i]. */
  discrepancySlots: Int32Array;
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
  /**
   * Classify matched keys in full too, instead of settling them on the books' totals (the fast
   * path): the outputs are the same, which a property test checks; only slower.
   */
  classifyEveryKey?: boolean;
}

export function reconcile(input: ReconInput): ReconResult {
  const { period, rules, expected, recognized, classifyEveryKey = false } = input;
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
  const figures: SummaryFigures = {
    segment: '',
    category: '',
    currency: '',
    expected: 0,
    recognized: 0,
    variance: 0,
    status: 'matched',
  };
  // Slots come in first-seen order: booked keys (the deals file's order), then keys only entries named.
  for (let slot = 0; slot < dir.slotCount; slot++) {
    const count = recognized.countOf(slot);
    if (expected.isBooked(slot) ? expected.expectedOf(slot) === 0 && count === 0 : count === 0) continue;
    if (!classifyEveryKey && view.plainMatch(slot)) {
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
  const order = sortOrder(built, builtSlots, dir).filter((i) => built[i]!.status !== 'matched');
  const discrepancies = order.map((i) => built[i]!);
  const discrepancySlots = Int32Array.from(order, (i) => builtSlots[i]!);
  return new LazyRows(
    period,
    view,
    built,
    builtSlots,
    matchedSlots.subarray(0, matchedCount),
    discrepancies,
    discrepancySlots,
    summarizer.lines(),
    counts,
  );
}

/** The result, holding the books only until release(): no closure over reconcile()'s scope keeps them. */
class LazyRows implements ReconResult {
  private all: ReconRow[] | undefined;
  /** slot → its built rows, for rowsOf (made on first use). */
  private bySlot: Map<number, ReconRow[]> | undefined;

  constructor(
    private readonly period: MonthIndex,
    private view: BookView | undefined,
    private readonly built: ReconRow[],
    private readonly builtSlots: number[],
    private matchedSlots: Int32Array,
    readonly discrepancies: ReconRow[],
    readonly discrepancySlots: Int32Array,
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
      rows.push(view.matchedRow(slot, this.period));
      slots.push(slot);
    }
    this.all = sortRows(rows, slots, view.dir);
    return this.all;
  }

  rowsOf(dealId: string, typeKey: string): ReconRow[] {
    const view = this.view;
    if (!view) throw new Error('reconcile: rows were released');
    const slot = view.dir.findKey(dealId, typeKey);
    return slot === -1 ? [] : this.rowsOfSlot(slot);
  }

  rowsOfSlot(slot: number): ReconRow[] {
    const view = this.view;
    if (!view) throw new Error('reconcile: rows were released');
    if (this.bySlot === undefined) {
      this.bySlot = new Map();
      this.builtSlots.forEach((s, i) => {
        const rows = this.bySlot!.get(s);
        if (rows) rows.push(this.built[i]!);
        else this.bySlot!.set(s, [this.built[i]!]);
      });
    }
    const built = this.bySlot.get(slot);
    if (built) return built;
    return isIn(this.matchedSlots, slot) ? [view.matchedRow(slot, this.period)] : [];
  }

  release(): void {
    this.view = undefined;
    this.matchedSlots = new Int32Array(0);
    this.bySlot = undefined;
  }
}

/** Binary search in ascending numbers (matched slots are recorded in slot order). */
function isIn(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Reads one key's facts out of the two books, for the rules and for building rows. */
class BookView {
  readonly dir: KeyDirectory;
  private readonly typeCategories: RevenueCategory[];
  /** Reused by plainMatch: it runs once per key of the month. */
  private readonly totals: KeyTotals = {
    hasDealId: false,
    dealKnown: false,
    expected: 0,
    recognized: 0,
    entryCount: 0,
    foreignCount: 0,
    digits: 0,
  };

  constructor(
    private readonly expected: ExpectedBook,
    private readonly recognized: RecognizedBook,
    private readonly rules: EngineRules,
  ) {
    this.dir = expected.directory;
    if (recognized.directory !== this.dir)
      throw new Error('reconcile: the expected and recognized books must share one KeyDirectory');
    this.typeCategories = this.dir.typeKeys.map((t) => rules.types.get(t)?.category ?? 'unknown');
  }

  currencyOf(slot: number): string {
    return this.currencyWith(slot, this.recognized.firstCurrencyOf(slot));
  }

  categoryOf(slot: number): RevenueCategory {
    return this.expected.isBooked(slot)
      ? this.expected.categoryOf(slot)
      : this.typeCategories[this.dir.slotType[slot]!]!;
  }

  /**
   * The status rule on the books' running totals, without building the key's facts: true when the
   * key is matched. A key it cannot settle this way (any other status) is classified in full.
   */
  plainMatch(slot: number): boolean {
    const { dir, recognized, totals } = this;
    const dealNo = dir.slotDeal[slot]!;
    totals.hasDealId = !dir.isBlankDeal(dealNo);
    totals.dealKnown = dir.isKnownNo(dealNo);
    totals.expected = this.expected.expectedOf(slot);
    totals.recognized = recognized.sumOf(slot);
    totals.entryCount = recognized.countOf(slot);
    totals.foreignCount = recognized.foreignCountOf(slot);
    totals.digits = currencyDigits(this.currencyOf(slot));
    return statusOf(totals, this.rules, NO_REPEATS) === 'matched';
  }

  /** The key's facts; `recognized` overrides its entries (an orphan's part in one currency). */
  factsOf(slot: number, period: MonthIndex, recognized = this.recognized.keyOf(slot)): KeyFacts {
    const { expected, dir } = this;
    const dealNo = dir.slotDeal[slot]!;
    return {
      period,
      dealId: dir.dealIdOf(dealNo),
      typeKey: dir.typeKeys[dir.slotType[slot]!]!,
      dealKnown: dir.isKnownNo(dealNo),
      currency: this.currencyWith(slot, recognized?.currencies[0]),
      deal: expected.dealInfo(dealNo),
      expected: expected.keyOf(slot),
      recognized,
    };
  }

  /**
   * Usually one row. An orphan's entries in several currencies become one row per currency
   * (orphanParts): amounts never mix, and none is left out of the totals.
   */
  classifySlot(slot: number, period: MonthIndex): ReconRow[] {
    const facts = this.factsOf(slot, period);
    const orphan = facts.dealId === '' || !facts.dealKnown;
    if (!orphan || !facts.recognized) return [classifyKey(facts, this.rules)];
    return orphanParts(facts.recognized).map((part) =>
      classifyKey(this.factsOf(slot, period, part), this.rules),
    );
  }

  /** The row of a key plainMatch settled, built only when someone asks for every row. */
  matchedRow(slot: number, period: MonthIndex): ReconRow {
    return classifyKey(this.factsOf(slot, period), this.rules);
  }

  /** The keyCurrency rule for the key, given the currency of its first entry. */
  private currencyWith(slot: number, firstEntry: string | undefined): string {
    return keyCurrency(this.expected.currencyFactsOf(slot, firstEntry));
  }
}

const NO_REPEATS = (): boolean => false;
