// Life-to-date figures per (deal, revenue type) slot (docs/rules.md §7): cumulative expected at P and P-1, and history.
//
// Kept in typed arrays indexed by the shared KeyDirectory's slots, like the period's books: a history of
// a million keys must not cost an object per key.
import type { MonthIndex } from '../core/dates.js';
import type { ExpectedBook } from './expected.js';
import { grow } from './memory.js';
import { AmountRangeError, isExactSum } from '../core/money.js';
import type { DealLine, HistoryAmount } from '../core/records.js';
import type { HistoryBatch } from './history-batch.js';
import { lineToDateInto, type LineToDate, type Proration } from '../rules/schedule.js';
import { StringTable } from './string-table.js';

/** Cumulative expected revenue of each key through P and through P-1, and its last day of service. */
export class LtdExpectedBook {
  private through = new Float64Array(1 << 12);
  private before = new Float64Array(1 << 12);
  private endDays = new Float64Array(1 << 12);
  /** 1 when some recurring line of the key has a service end (endDays holds the latest). */
  private hasEnd = new Uint8Array(1 << 12);
  private capacity = 1 << 12;
  private readonly line: LineToDate = { through: 0, before: 0, endDay: undefined };

  constructor(
    private readonly period: MonthIndex,
    private readonly proration: Proration,
  ) {}

  /** Books a deal line already booked in the period's ExpectedBook at `slot`. */
  add(line: DealLine, slot: number): void {
    if (slot >= this.capacity) this.growTo(slot + 1);
    const toDate = lineToDateInto(line, this.period, this.proration, this.line);
    const at = this.through[slot]! + toDate.through;
    const atBefore = this.before[slot]! + toDate.before;
    if (!isExactSum(at) || !isExactSum(atBefore))
      throw new AmountRangeError(
        `the life-to-date expected revenue of deal ${line.dealId} (${line.typeKey})`,
      );
    this.through[slot] = at;
    this.before[slot] = atBefore;
    const end = toDate.endDay;
    if (end !== undefined && (this.hasEnd[slot] === 0 || end > this.endDays[slot]!)) {
      this.endDays[slot] = end;
      this.hasEnd[slot] = 1;
    }
  }

  /** LTD expected through P (previous = false) or P-1. */
  expectedOf(slot: number, previous = false): number {
    if (slot >= this.capacity) return 0;
    return previous ? this.before[slot]! : this.through[slot]!;
  }

  /** The key's last day of service (latest over its recurring lines), or undefined. */
  serviceEndOf(slot: number): number | undefined {
    return slot < this.capacity && this.hasEnd[slot] === 1 ? this.endDays[slot] : undefined;
  }

  private growTo(need: number): void {
    this.through = grow(this.through, need);
    this.before = grow(this.before, need);
    this.endDays = grow(this.endDays, need);
    this.hasEnd = grow(this.hasEnd, need);
    this.capacity = Math.min(
      this.through.length,
      this.before.length,
      this.endDays.length,
      this.hasEnd.length,
    );
  }
}

/** Recognized revenue of the months before P per key and currency, from history rows of known deals. */
export class HistoryBook {
  rowsBooked = 0;
  /** slot → currency number + 1 of its first row (0: no history), the sum in it, entries it stands for. */
  private firstCurrency = new Uint16Array(1 << 12);
  private sums = new Float64Array(1 << 12);
  private entryCounts = new Float64Array(1 << 12);
  private capacity = 1 << 12;
  /** slot → currency number → sum, for the rare key with history in more than one currency. */
  private readonly others = new Map<number, Map<number, number>>();
  private readonly currencies = new StringTable();
  /** The previous row's deal: aggregated history comes a row per type and currency, grouped by deal. */
  private lastDealId = '';
  private lastDealNo: number | undefined;

  constructor(private readonly expected: ExpectedBook) {}

  /** Books one history row; rows of deals the bookings do not know are left out (orphans, docs/rules.md §7). */
  add(row: HistoryAmount): void {
    const dealNo = this.knownDeal(row.dealId);
    if (dealNo === undefined) return;
    const typeNo = this.expected.directory.typeNo(row.typeKey);
    this.book(
      dealNo,
      row.dealId,
      typeNo,
      this.currencies.numberOf(row.currency) + 1,
      row.amount,
      row.entryCount,
    );
  }

  /** The same as add() for each row of the batch, in order. */
  addBatch(batch: HistoryBatch): void {
    const dir = this.expected.directory;
    // The batch's types and currencies are numbered here on first use, as add() numbers them:
    // only for rows of known deals.
    const typeNos = new Int32Array(batch.typeKeys.length).fill(-1);
    const currencies = new Int32Array(batch.currencies.length).fill(-1);
    let i = 0;
    for (let run = 0; run < batch.runDealIds.length; run++) {
      const dealId = batch.runDealIds[run]!;
      const end = batch.runEnds[run]!;
      const dealNo = this.knownDeal(dealId);
      if (dealNo === undefined) {
        i = end;
        continue;
      }
      for (; i < end; i++) {
        const t = batch.typeNos[i]!;
        const c = batch.currencyNos[i]!;
        if (typeNos[t] === -1) typeNos[t] = dir.typeNo(batch.typeKeys[t]!);
        if (currencies[c] === -1) currencies[c] = this.currencies.numberOf(batch.currencies[c]!) + 1;
        this.book(dealNo, dealId, typeNos[t]!, currencies[c]!, batch.amounts[i]!, batch.entryCounts[i]!);
      }
    }
  }

  /** The deal's number when the bookings name it, else undefined (no deal_id, or an orphan). */
  private knownDeal(dealId: string): number | undefined {
    if (dealId === '') return undefined;
    const dir = this.expected.directory;
    if (dealId !== this.lastDealId) {
      this.lastDealId = dealId;
      this.lastDealNo = dir.findDeal(dealId);
    }
    const dealNo = this.lastDealNo;
    return dealNo !== undefined && dir.isKnownNo(dealNo) ? dealNo : undefined;
  }

  /** Books a row of a known deal; `currency` is its number in this book's table + 1. */
  private book(
    dealNo: number,
    dealId: string,
    typeNo: number,
    currency: number,
    amount: number,
    entryCount: number,
  ): void {
    const dir = this.expected.directory;
    const slot = dir.slot(dealNo, typeNo);
    if (slot >= this.capacity) this.growTo(slot + 1);
    this.rowsBooked++;
    this.entryCounts[slot]! += entryCount;
    if (this.firstCurrency[slot] === 0) this.firstCurrency[slot] = currency;
    if (this.firstCurrency[slot] === currency) {
      const sum = this.sums[slot]! + amount;
      if (!isExactSum(sum)) throw this.rangeError(dealId, typeNo);
      this.sums[slot] = sum;
      return;
    }
    let other = this.others.get(slot);
    if (!other) this.others.set(slot, (other = new Map()));
    const sum = (other.get(currency) ?? 0) + amount;
    if (!isExactSum(sum)) throw this.rangeError(dealId, typeNo);
    other.set(currency, sum);
  }

  private rangeError(dealId: string, typeNo: number): AmountRangeError {
    return new AmountRangeError(
      `the history of deal ${dealId} (${this.expected.directory.typeKeys[typeNo]})`,
    );
  }

  /** True when some history row named the key (in any currency). */
  has(slot: number): boolean {
    return slot < this.capacity && this.firstCurrency[slot] !== 0;
  }

  /** Currency of the key's first history row, or undefined. */
  firstCurrencyOf(slot: number): string | undefined {
    return this.has(slot) ? this.currencies.names[this.firstCurrency[slot]! - 1] : undefined;
  }

  /** The key's history in `currency` (0 when none). */
  sumIn(slot: number, currency: string): number {
    if (!this.has(slot)) return 0;
    const no = this.currencies.find(currency);
    if (no === undefined) return 0;
    if (this.firstCurrency[slot] === no + 1) return this.sums[slot]!;
    return this.others.get(slot)?.get(no + 1) ?? 0;
  }

  entryCountOf(slot: number): number {
    return slot < this.capacity ? this.entryCounts[slot]! : 0;
  }

  private growTo(need: number): void {
    this.firstCurrency = grow(this.firstCurrency, need);
    this.sums = grow(this.sums, need);
    this.entryCounts = grow(this.entryCounts, need);
    this.capacity = Math.min(this.firstCurrency.length, this.sums.length, this.entryCounts.length);
  }
}
