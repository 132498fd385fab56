// Life to date over the books (docs/rules.md §7): every key's LTD position at P and P-1, open and closed items, aging.
import { keyCurrency } from '../rules/key-currency.js';
import type { EngineRules, RevenueCategory } from '../core/engine-settings.js';
import {
  AGE_BUCKETS,
  ageBucket,
  ageMonths,
  changeOf,
  closedItemExplanation,
  isLtdOpen,
  ltdPosition,
  openItemExplanation,
  toDateClause,
  toDateOf,
  type AgeBucket,
  type Change,
  type LtdPosition,
  type ToDate,
} from '../rules/life-to-date.js';
import { ltdRules } from '../rules/ltd-tolerance.js';
import { typeDisplayName } from '../rules/classify.js';
import { formatPeriod, monthOfDay, type MonthIndex } from '../core/dates.js';
import type { ExpectedBook } from '../books/expected.js';
import type { HistoryBook, LtdExpectedBook } from '../books/ltd-book.js';
import { AmountRangeError, currencyDigits, isExactSum } from '../core/money.js';
import { comparableSize } from '../rules/report-order.js';
import type { RecognizedBook } from '../books/recognized.js';
import type { ReconResult } from './reconcile.js';
import type { Status } from '../core/status.js';

/** What a discrepancy row of a known deal gains: its LTD figures at P and to_date. */
export interface LtdFigures {
  expected: number;
  recognized: number;
  variance: number;
  toDate: ToDate;
  /** Appended to the row's explanation. */
  clause: string;
}

interface ItemKey {
  dealId: string;
  customerId: string;
  customerName: string;
  segment: string;
  typeKey: string;
  revenueType: string;
  category: RevenueCategory;
  currency: string;
  /** The section 4 status in P, '' when the key is not classified in P. */
  monthStatus: Status | '';
  /** "YYYY-MM", '' when undated. */
  openSince: string;
  explanation: string;
}

export interface OpenItem extends ItemKey {
  ltdExpected: number;
  ltdRecognized: number;
  ltdVariance: number;
  ltdTolerance: number;
  change: Change;
  /** Undefined when undated. */
  ageMonths?: number;
  bucket: AgeBucket;
}

export interface ClosedItem extends ItemKey {
  ltdVariancePrevious: number;
  ltdVariance: number;
}

export interface AgingLine {
  currency: string;
  bucket: AgeBucket;
  openItems: number;
  shortfall: number;
  excess: number;
}

/** Open and closed figures of one summary line (segment x category x currency, or ALL x ALL x currency). */
export interface LtdGroup {
  segment: string;
  category: string;
  currency: string;
  openItems: number;
  /** Sum of the negative LTD variances of open items, as a positive amount. */
  openShortfall: number;
  openExcess: number;
  closedItems: number;
  /** Sum of abs(LTD variance at P-1) of closed items. */
  closedAmount: number;
  /** LTD expected and recognized at P summed over every key of the line (open or clear). */
  ltdExpected: number;
  ltdRecognized: number;
}

export interface LifeToDate {
  /** The run of P-1 whose open items dated this run's, if any. */
  previousRunId?: string;
  /** Keys of this section: known deals with expected revenue or any recognized amount through P. */
  keyCount: number;
  /** The LTD figures of each discrepancy row (figures[i] of discrepancies[i]); undefined for orphans. */
  figures: (LtdFigures | undefined)[];
  openItems: OpenItem[];
  closedItems: ClosedItem[];
  aging: AgingLine[];
  /** Group lines (by segment, category, currency), keyed by ltdGroupKey, ALL lines included. */
  groups: Map<string, LtdGroup>;
  /** Currencies that have a key in this section, alphabetical. */
  currencies: string[];
}

/** The open items of the last completed run of P-1: key → open_since ('' when that run had it undated). */
export interface PreviousOpenItems {
  runId: string;
  openSince: Map<string, string>;
}

export const ltdGroupKey = (segment: string, category: string, currency: string) =>
  `${segment}\u0000${category}\u0000${currency}`;

export const openItemKey = (dealId: string, typeKey: string, currency: string) =>
  `${dealId}\u0000${typeKey}\u0000${currency}`;

export interface LtdInput {
  period: MonthIndex;
  rules: EngineRules;
  expected: ExpectedBook;
  recognized: RecognizedBook;
  ltdExpected: LtdExpectedBook;
  history: HistoryBook;
  result: Pick<ReconResult, 'discrepancies' | 'discrepancySlots' | 'rowsOfSlot'>;
  previous?: PreviousOpenItems;
}

const ALL = 'ALL';

export function computeLifeToDate(input: LtdInput): LifeToDate {
  const { period, rules, expected, recognized, ltdExpected, history, result, previous } = input;
  const ltd = ltdRules(rules);
  const dir = expected.directory;
  const typeNames = dir.typeKeys.map((t) => typeDisplayName(t, rules));

  // The key's first entry is this period's when it has one, else its history's first. A booked key
  // is in its booked currency whatever its entries (keyCurrency's first rule): no facts to gather.
  const currencyOf = (slot: number): string =>
    expected.currencyOf(slot) ??
    keyCurrency(
      expected.currencyFactsOf(slot, recognized.firstCurrencyOf(slot) ?? history.firstCurrencyOf(slot)),
    );
  const categoryOf = (slot: number): RevenueCategory =>
    expected.isBooked(slot)
      ? expected.categoryOf(slot)
      : (rules.types.get(dir.typeKeys[dir.slotType[slot]!]!)?.category ?? 'unknown');
  const positions = (slot: number, currency: string): { now: LtdPosition; before: LtdPosition } => {
    const digits = currencyDigits(currency);
    const past = history.sumIn(slot, currency);
    const now = past + recognized.sumOf(slot);
    if (!isExactSum(now)) throw new AmountRangeError(`the life-to-date revenue of slot ${slot}`);
    return {
      now: ltdPosition(ltdExpected.expectedOf(slot), now, ltd, digits),
      before: ltdPosition(ltdExpected.expectedOf(slot, true), past, ltd, digits),
    };
  };

  // lastMonthOf is undefined for a key never booked: only a booked one-time key was due.
  const oneTimeDueBy = (slot: number): MonthIndex | undefined => {
    const last = expected.lastMonthOf(slot);
    return last !== undefined && last < period && expected.categoryOf(slot) === 'one_time' ? last : undefined;
  };
  const groups = new Map<string, LtdGroup>();
  const group = (segment: string, category: string, currency: string): LtdGroup => {
    const key = ltdGroupKey(segment, category, currency);
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = {
          segment,
          category,
          currency,
          openItems: 0,
          openShortfall: 0,
          openExcess: 0,
          closedItems: 0,
          closedAmount: 0,
          ltdExpected: 0,
          ltdRecognized: 0,
        }),
      );
    return g;
  };
  // Every key adds to two groups: found through nested maps of the (interned) names, so no group key
  // is built per key.
  const lineGroups = new Map<string, Map<string, Map<string, LtdGroup>>>();
  // The last line group found: a deal's keys come one after the other, mostly in one group.
  let last: { segment: string; category: string; currency: string; group: LtdGroup } | undefined;
  const lineGroup = (segment: string, category: string, currency: string): LtdGroup => {
    if (last && last.segment === segment && last.category === category && last.currency === currency)
      return last.group;
    last = { segment, category, currency, group: lineGroupOf(segment, category, currency) };
    return last.group;
  };
  const lineGroupOf = (segment: string, category: string, currency: string): LtdGroup => {
    let byCategory = lineGroups.get(segment);
    if (!byCategory) lineGroups.set(segment, (byCategory = new Map()));
    let byCurrency = byCategory.get(category);
    if (!byCurrency) byCategory.set(category, (byCurrency = new Map()));
    let g = byCurrency.get(currency);
    if (!g) byCurrency.set(currency, (g = group(segment, category, currency)));
    return g;
  };
  const totalGroups = new Map<string, LtdGroup>();
  const totalGroup = (currency: string): LtdGroup => {
    let g = totalGroups.get(currency);
    if (!g) totalGroups.set(currency, (g = group(ALL, ALL, currency)));
    return g;
  };
  const currencies = new Set<string>();
  let lastCurrency: string | undefined;
  const openItems: OpenItem[] = [];
  const closedItems: ClosedItem[] = [];
  let keyCount = 0;

  const itemKey = (slot: number, dealNo: number, currency: string, openSince: string): ItemKey => {
    const info = expected.dealInfo(dealNo);
    const typeKey = dir.typeKeys[dir.slotType[slot]!]!;
    const dealId = dir.dealIdOf(dealNo);
    const row = result.rowsOfSlot(slot)[0];
    return {
      dealId,
      customerId: info?.customerId ?? '',
      customerName: info?.customerName ?? '',
      segment: info?.segment ?? 'Unassigned',
      typeKey,
      revenueType: typeNames[dir.slotType[slot]!]!,
      category: categoryOf(slot),
      currency,
      monthStatus: row?.status ?? '',
      openSince,
      explanation: '',
    };
  };

  for (let slot = 0; slot < dir.slotCount; slot++) {
    const dealNo = dir.slotDeal[slot]!;
    if (dir.isBlankDeal(dealNo) || !dir.isKnownNo(dealNo)) continue;
    if (ltdExpected.expectedOf(slot) === 0 && !history.has(slot) && recognized.countOf(slot) === 0) continue;
    keyCount++;
    const currency = currencyOf(slot);
    if (currency !== lastCurrency) currencies.add((lastCurrency = currency));
    const digits = currencyDigits(currency);
    const segment = expected.segmentOf(dealNo) ?? 'Unassigned';
    const category = categoryOf(slot);
    const line = lineGroup(segment, category, currency);
    const total = totalGroup(currency);
    const past = history.sumIn(slot, currency);
    const recognizedNow = past + recognized.sumOf(slot);
    if (!isExactSum(recognizedNow)) throw new AmountRangeError(`the life-to-date revenue of slot ${slot}`);
    const expectedNow = ltdExpected.expectedOf(slot);
    line.ltdExpected += expectedNow;
    line.ltdRecognized += recognizedNow;
    total.ltdExpected += expectedNow;
    total.ltdRecognized += recognizedNow;
    // Most keys are clear at P and P-1: their positions are only built when one of them is open.
    if (
      !isLtdOpen(expectedNow, recognizedNow, ltd, digits) &&
      !isLtdOpen(ltdExpected.expectedOf(slot, true), past, ltd, digits)
    )
      continue;
    const { now, before } = positions(slot, currency);
    if (now.open) {
      const change = changeOf(before);
      let since: MonthIndex | undefined;
      if (change === 'new') since = period;
      else if (previous) {
        const text = previous.openSince.get(
          openItemKey(dir.dealIdOf(dealNo), dir.typeKeys[dir.slotType[slot]!]!, currency),
        );
        since = text ? monthFromPeriodText(text) : undefined;
      }
      const key = itemKey(slot, dealNo, currency, since === undefined ? '' : formatPeriod(since));
      const age = since === undefined ? undefined : ageMonths(since, period);
      const row = key.monthStatus === '' ? undefined : result.rowsOfSlot(slot)[0];
      const end = ltdExpected.serviceEndOf(slot);
      // Undefined fields rather than conditional spreads: one object shape for every item.
      key.explanation = openItemExplanation({
        period,
        variance: now.variance,
        digits,
        openSince: since,
        monthStatus: row?.status,
        monthExpected: row?.expected ?? 0,
        monthRecognized: row?.recognized ?? 0,
        monthExplanation: row?.explanation ?? '',
        booked: expected.isBooked(slot),
        typeName: key.revenueType,
        dealId: key.dealId,
        endedOn: end !== undefined && period > monthOfDay(end) ? end : undefined,
        oneTimeDueBy: oneTimeDueBy(slot),
      });
      // Every item one literal of one shape (no spreads): a hundred thousand of them are sorted and rendered.
      openItems.push({
        dealId: key.dealId,
        customerId: key.customerId,
        customerName: key.customerName,
        segment: key.segment,
        typeKey: key.typeKey,
        revenueType: key.revenueType,
        category: key.category,
        currency: key.currency,
        monthStatus: key.monthStatus,
        openSince: key.openSince,
        explanation: key.explanation,
        ltdExpected: now.expected,
        ltdRecognized: now.recognized,
        ltdVariance: now.variance,
        ltdTolerance: now.tolerance,
        change,
        ageMonths: age,
        bucket: ageBucket(age),
      });
      for (const g of [line, total]) {
        g.openItems++;
        if (now.variance < 0) g.openShortfall -= now.variance;
        else g.openExcess += now.variance;
      }
    } else {
      const text = previous?.openSince.get(
        openItemKey(dir.dealIdOf(dealNo), dir.typeKeys[dir.slotType[slot]!]!, currency),
      );
      const since = text ? monthFromPeriodText(text) : undefined;
      const key = itemKey(slot, dealNo, currency, since === undefined ? '' : formatPeriod(since));
      key.explanation = closedItemExplanation(before.variance, now.variance, digits, since);
      closedItems.push({
        dealId: key.dealId,
        customerId: key.customerId,
        customerName: key.customerName,
        segment: key.segment,
        typeKey: key.typeKey,
        revenueType: key.revenueType,
        category: key.category,
        currency: key.currency,
        monthStatus: key.monthStatus,
        openSince: key.openSince,
        explanation: key.explanation,
        ltdVariancePrevious: before.variance,
        ltdVariance: now.variance,
      });
      for (const g of [line, total]) {
        g.closedItems++;
        g.closedAmount += Math.abs(before.variance);
      }
    }
  }

  const figures = result.discrepancies.map((row, i): LtdFigures | undefined => {
    const slot = result.discrepancySlots[i]!;
    if (row.dealId === '' || !dir.isKnownNo(dir.slotDeal[slot]!)) return undefined;
    const { now } = positions(slot, row.currency);
    return {
      expected: now.expected,
      recognized: now.recognized,
      variance: now.variance,
      toDate: toDateOf(now),
      clause: toDateClause(row.variance, now, currencyDigits(row.currency)),
    };
  });

  const sortedOpen = bySizeThenKey(openItems, (i) => i.ltdVariance);
  const sortedClosed = bySizeThenKey(closedItems, (i) => i.ltdVariancePrevious);
  const sortedCurrencies = [...currencies].sort(cmp);
  const agingOf = new Map<string, Map<AgeBucket, AgingLine>>();
  for (const currency of sortedCurrencies)
    agingOf.set(
      currency,
      new Map(
        AGE_BUCKETS.map((bucket) => [bucket, { currency, bucket, openItems: 0, shortfall: 0, excess: 0 }]),
      ),
    );
  for (const item of sortedOpen) {
    const l = agingOf.get(item.currency)!.get(item.bucket)!;
    l.openItems++;
    if (item.ltdVariance < 0) l.shortfall -= item.ltdVariance;
    else l.excess += item.ltdVariance;
  }
  const aging: AgingLine[] = [...agingOf.values()].flatMap((lines) => [...lines.values()]);
  for (const g of groups.values())
    if (![g.openShortfall, g.openExcess, g.closedAmount, g.ltdExpected, g.ltdRecognized].every(isExactSum))
      throw new AmountRangeError(`the ${g.currency} life-to-date total of ${g.segment} / ${g.category}`);
  return {
    ...(previous ? { previousRunId: previous.runId } : {}),
    keyCount,
    figures,
    openItems: sortedOpen,
    closedItems: sortedClosed,
    aging,
    groups,
    currencies: sortedCurrencies,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The items by abs(amount) descending across currencies (in currency units, as discrepancies), then
 * deal_id, revenue type. Each item's comparable size is computed once, not at every comparison.
 */
function bySizeThenKey<T extends Pick<ItemKey, 'dealId' | 'revenueType' | 'currency'>>(
  items: readonly T[],
  amount: (item: T) => number,
): T[] {
  const sizes = items.map((i) => comparableSize({ variance: amount(i), currency: i.currency }));
  const order = items.map((_i, n) => n);
  order.sort((x, y) => {
    const d = sizes[y]! - sizes[x]!;
    if (d !== 0) return d;
    const a = items[x]!;
    const b = items[y]!;
    return cmp(a.dealId, b.dealId) || cmp(a.revenueType, b.revenueType);
  });
  return order.map((n) => items[n]!);
}

function monthFromPeriodText(text: string): MonthIndex | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? Number(m[1]) * 12 + month - 1 : undefined;
}

/**
 * The `n` oldest open items: dated ones by open_since (oldest first), then undated ones (their start
 * is not known); within each, in open-items order (largest gap to date first).
 */
export function oldestOpenItems(items: readonly OpenItem[], n: number): OpenItem[] {
  const dated = items.filter((i) => i.openSince !== '');
  const undated = items.filter((i) => i.openSince === '');
  // Array sort is stable: equal dates keep the open-items order.
  dated.sort((a, b) => (a.openSince < b.openSince ? -1 : a.openSince > b.openSince ? 1 : 0));
  return [...dated, ...undated].slice(0, n);
}
