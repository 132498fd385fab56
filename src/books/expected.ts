// Sums what each (deal, revenue type) should recognize in the period, keeping what explanations need.
//
// Per-key figures live in typed arrays indexed by the KeyDirectory's slot numbers, per-deal facts in
// arrays indexed by deal number: at a million deals, an object per key and per deal dominated GC time.
import type { MonthIndex } from '../core/dates.js';
import { KeyDirectory } from './key-directory.js';
import { grow } from './memory.js';
import type { DealLine } from '../core/records.js';
import { AmountRangeError, isExactSum } from '../core/money.js';
import { lineShareInto, type LineShare, type Proration } from '../rules/schedule.js';
import { StringTable } from './string-table.js';
import { TextColumn } from './text-column.js';
import type { DealInfo, ExpectedKey } from '../rules/facts.js';
import type { KeyCurrencyFacts } from '../rules/key-currency.js';

export class ExpectedBook {
  /** slot → figures; lineCount 0 means the key was never booked (a slot an entry opened). */
  private expectedSum = new Float64Array(1 << 12);
  private lineCounts = new Int32Array(1 << 12);
  private activeLines = new Int32Array(1 << 12);
  /** 0 when not "one recurring line active" (month numbers here are stored + 2^30 to keep 0 free). */
  private monthNumbers = new Int32Array(1 << 12);
  private scheduleMonths = new Float64Array(1 << 12);
  private firstMonths = new Int32Array(1 << 12);
  /** Float64: a huge duration_months pushes the last month past int32. */
  private lastMonths = new Float64Array(1 << 12);
  private recurring = new Uint8Array(1 << 12);
  /** slot → currency number + 1 of the key's first line (a number, not a pointer per key). */
  private slotCurrency = new Uint16Array(1 << 12);
  /** How many slots all the per-slot arrays above hold (they grow to different lengths: see grow()). */
  private slotCapacity = 1 << 12;
  /** deal number → facts of its first valid line (dealCurrency 0: the deal has none). */
  private readonly customerIds = new TextColumn(false);
  private readonly customerNames = new TextColumn(true);
  private segmentNos = new Int32Array(1 << 12);
  /** deal number → currency number + 1 of its first valid line; 0 when it has none. */
  private dealCurrency = new Uint16Array(1 << 12);
  /** How many deals segmentNos and dealCurrency both hold. */
  private dealCapacity = 1 << 12;
  private readonly segmentTable = new StringTable();
  private readonly segments = this.segmentTable.names;
  private readonly currencyTable = new StringTable();
  private readonly currencies = this.currencyTable.names;
  /** deal number → currency numbers + 1 of its later lines in other currencies than its first (rare). */
  private readonly otherDealCurrencies = new Map<number, Set<number>>();
  private readonly share: LineShare = {
    amount: 0,
    monthNumber: 0,
    scheduleMonths: 0,
    firstMonth: 0,
    lastMonth: 0,
  };

  constructor(
    private readonly period: MonthIndex,
    private readonly proration: Proration,
    readonly directory: KeyDirectory = new KeyDirectory(),
  ) {}

  /** Books the line; returns its key's slot (the life-to-date book books the line there too). */
  add(line: DealLine): number {
    const dir = this.directory;
    const dealNo = dir.deal(line.dealId, true);
    if (dealNo >= this.dealCapacity) {
      this.segmentNos = grow(this.segmentNos, dealNo + 1);
      this.dealCurrency = grow(this.dealCurrency, dealNo + 1);
      this.dealCapacity = Math.min(this.segmentNos.length, this.dealCurrency.length);
    }
    if (this.dealCurrency[dealNo] === 0) {
      this.customerIds.set(dealNo, line.customerId);
      this.customerNames.set(dealNo, line.customerName);
      this.segmentNos[dealNo] = this.segmentTable.numberOf(line.segment);
      this.dealCurrency[dealNo] = this.currencyRef(line.currency);
    } else if (this.currencies[this.dealCurrency[dealNo]! - 1] !== line.currency) {
      let others = this.otherDealCurrencies.get(dealNo);
      if (!others) this.otherDealCurrencies.set(dealNo, (others = new Set()));
      others.add(this.currencyRef(line.currency));
    }
    const share = lineShareInto(line, this.period, this.proration, this.share);
    const slot = dir.slot(dealNo, dir.typeNo(line.typeKey));
    if (slot >= this.slotCapacity) this.growTo(slot + 1);
    if (this.lineCounts[slot] === 0) {
      this.slotCurrency[slot] = this.currencyRef(line.currency);
      this.recurring[slot] = line.category === 'recurring' ? 1 : 0;
      this.firstMonths[slot] = share.firstMonth;
      this.lastMonths[slot] = share.lastMonth;
    }
    this.lineCounts[slot]!++;
    if (share.firstMonth < this.firstMonths[slot]!) this.firstMonths[slot] = share.firstMonth;
    if (share.lastMonth > this.lastMonths[slot]!) this.lastMonths[slot] = share.lastMonth;
    if (share.amount === 0) return slot;
    const sum = this.expectedSum[slot]! + share.amount;
    if (!isExactSum(sum))
      throw new AmountRangeError(`the expected revenue of deal ${line.dealId} (${line.typeKey})`);
    this.expectedSum[slot] = sum;
    const active = ++this.activeLines[slot]!;
    if (active === 1 && line.category === 'recurring') {
      this.monthNumbers[slot] = share.monthNumber + MONTH_BIAS;
      this.scheduleMonths[slot] = share.scheduleMonths;
    } else {
      this.monthNumbers[slot] = 0;
      this.scheduleMonths[slot] = 0;
    }
    return slot;
  }

  isBooked(slot: number): boolean {
    return slot < this.lineCounts.length && this.lineCounts[slot]! > 0;
  }

  expectedOf(slot: number): number {
    return slot < this.expectedSum.length ? this.expectedSum[slot]! : 0;
  }

  categoryOf(slot: number): 'recurring' | 'one_time' {
    return this.recurring[slot] === 1 ? 'recurring' : 'one_time';
  }

  /** The last month any line of the booked key recognizes something in (undefined when not booked). */
  lastMonthOf(slot: number): MonthIndex | undefined {
    return this.isBooked(slot) ? this.lastMonths[slot] : undefined;
  }

  /** The key's currency when booked, else undefined. */
  currencyOf(slot: number): string | undefined {
    return this.isBooked(slot) ? this.currencies[this.slotCurrency[slot]! - 1] : undefined;
  }

  /** The ExpectedKey view of a booked slot (for explanations), or undefined. */
  keyOf(slot: number): ExpectedKey | undefined {
    if (!this.isBooked(slot)) return undefined;
    const dir = this.directory;
    const monthNumber = this.monthNumbers[slot]!;
    const key: ExpectedKey = {
      dealId: dir.dealIdOf(dir.slotDeal[slot]!),
      typeKey: dir.typeKeys[dir.slotType[slot]!]!,
      category: this.recurring[slot] === 1 ? 'recurring' : 'one_time',
      currency: this.currencies[this.slotCurrency[slot]! - 1]!,
      expected: this.expectedSum[slot]!,
      lineCount: this.lineCounts[slot]!,
      activeLines: this.activeLines[slot]!,
      firstMonth: this.firstMonths[slot]!,
      lastMonth: this.lastMonths[slot]!,
    };
    if (monthNumber !== 0) {
      key.monthNumber = monthNumber - MONTH_BIAS;
      key.scheduleMonths = this.scheduleMonths[slot]!;
    }
    return key;
  }

  /** Facts of the deal's first valid line, or undefined when it has none. */
  dealInfo(dealNo: number): DealInfo | undefined {
    const currency = this.dealCurrencyOf(dealNo);
    if (currency === undefined) return undefined;
    return {
      customerId: this.customerIds.get(dealNo),
      customerName: this.customerNames.get(dealNo),
      segment: this.segments[this.segmentNos[dealNo]!]!,
      currency,
    };
  }

  /** True when some valid line of the deal is in `currency`. */
  dealBooksIn(dealNo: number, currency: string): boolean {
    if (this.dealCurrencyOf(dealNo) === currency) return true;
    const others = this.otherDealCurrencies.size === 0 ? undefined : this.otherDealCurrencies.get(dealNo);
    const ref = this.currencyTable.find(currency);
    return others !== undefined && ref !== undefined && others.has(ref + 1);
  }

  /**
   * What the bookings know for the keyCurrency rule about a key, given the currency of its first
   * entry (undefined without one); the rule itself is rules/key-currency.ts.
   */
  currencyFactsOf(slot: number, firstEntry: string | undefined): KeyCurrencyFacts {
    const dealNo = this.directory.slotDeal[slot]!;
    return {
      booked: this.currencyOf(slot),
      firstEntry,
      dealBooksInFirstEntry: firstEntry !== undefined && this.dealBooksIn(dealNo, firstEntry),
      dealCurrency: this.dealCurrencyOf(dealNo),
    };
  }

  dealCurrencyOf(dealNo: number): string | undefined {
    const ref = dealNo < this.dealCurrency.length ? this.dealCurrency[dealNo]! : 0;
    return ref === 0 ? undefined : this.currencies[ref - 1];
  }

  customerIdOf(dealNo: number): string {
    return this.customerIds.get(dealNo);
  }

  customerNameOf(dealNo: number): string {
    return this.customerNames.get(dealNo);
  }

  segmentOf(dealNo: number): string | undefined {
    return this.dealCurrencyOf(dealNo) === undefined ? undefined : this.segments[this.segmentNos[dealNo]!];
  }

  /** The currency's number + 1: 0 in the per-slot and per-deal arrays means none yet. */
  private currencyRef(code: string): number {
    return this.currencyTable.numberOf(code) + 1;
  }

  private growTo(need: number): void {
    this.expectedSum = grow(this.expectedSum, need);
    this.lineCounts = grow(this.lineCounts, need);
    this.activeLines = grow(this.activeLines, need);
    this.monthNumbers = grow(this.monthNumbers, need);
    this.scheduleMonths = grow(this.scheduleMonths, need);
    this.firstMonths = grow(this.firstMonths, need);
    this.lastMonths = grow(this.lastMonths, need);
    this.recurring = grow(this.recurring, need);
    this.slotCurrency = grow(this.slotCurrency, need);
    this.slotCapacity = Math.min(
      ...[
        this.expectedSum,
        this.lineCounts,
        this.activeLines,
        this.monthNumbers,
        this.scheduleMonths,
        this.firstMonths,
        this.lastMonths,
        this.recurring,
        this.slotCurrency,
      ].map((a) => a.length),
    );
  }
}

const MONTH_BIAS = 1 << 30;
