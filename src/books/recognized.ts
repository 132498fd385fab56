// Aggregates the period's recognition entries per (deal, revenue type); other months are not kept.
//
// Entries are streamed: per key, the sum in the key's currency and counts; per entry, only what a
// non-matched row may need later (its key, amount, currency and id) in parallel typed arrays and an
// IdArena, since a million-deal month brings millions of entries and an object per entry was most of
// the heap (ids in IdChunks). Entries come one by one (add) or in columns from a reading thread
// (addBatch), booked on their keys a block at a time, deal by deal (settle).
import type { MonthIndex } from '../core/dates.js';
import type { ExpectedBook } from './expected.js';
import { IdChunks } from './id-chunks.js';
import { AmountRangeError, isExactSum } from '../core/money.js';
import { StringTable } from './string-table.js';
import { KeyDirectory } from './key-directory.js';
import { grow } from './memory.js';
import type { EntryBatch } from './entry-batch.js';
import type { Entry } from '../core/records.js';
import type { RecognizedKey } from '../rules/facts.js';
import { keyCurrency } from '../rules/key-currency.js';

/** Batch entries booked at a time (settle()): enough that a block's deals are visited in order. */
const SETTLE_BLOCK = 1 << 19;

export class RecognizedBook {
  entriesInPeriod = 0;
  readonly directory: KeyDirectory;
  /** slot → its first entry's currency, the key's currency (the keyCurrency rule), sum in it, counts. */
  private firstCurrency = new Uint16Array(1 << 12);
  private slotCurrency = new Uint16Array(1 << 12);
  private sameSum = new Float64Array(1 << 12);
  private counts = new Int32Array(1 << 12);
  private foreignCounts = new Int32Array(1 << 12);
  /** How many slots all five per-slot arrays hold (they grow to different lengths: see grow()). */
  private slotCapacity = 1 << 12;
  /** entry → slot, amount, currency number, entry_id. */
  private entrySlot = new Int32Array(1 << 12);
  private entryAmount = new Float64Array(1 << 12);
  private entryCurrency = new Uint16Array(1 << 12);
  private entryCapacity = 1 << 12;
  private readonly entryIds = new IdChunks();
  private readonly currencyTable = new StringTable();
  /** Share one string per currency code across millions of entries. */
  private readonly currencyNames = this.currencyTable.names;
  private grouped: Int32Array | undefined;
  private groupStart: Int32Array | undefined;
  /**
   * Entries below this number are booked on their keys; those from it on came in batches and wait
   * for settle(), their deal number in entrySlot and their type number in pendingType meanwhile.
   */
  private booked = 0;
  private pendingType = new Uint16Array(1 << 12);
  /** The batches' deal numbers (their builder's) → deal numbers of the directory. */
  private batchDeals = new Int32Array(1 << 12);
  private batchDealCount = 0;

  constructor(
    readonly period: MonthIndex,
    private readonly expected?: ExpectedBook,
    directory?: KeyDirectory,
  ) {
    this.directory = directory ?? expected?.directory ?? new KeyDirectory();
  }

  add(entry: Entry): void {
    if (entry.period !== this.period) return;
    this.settle();
    const dir = this.directory;
    const dealNo = dir.deal(entry.dealId, false);
    this.bookEntry(
      dealNo,
      dir.slot(dealNo, dir.typeNo(entry.typeKey)),
      this.currencyIndex(entry.currency),
      entry.amount,
    );
    this.entryIds.push(entry.entryId);
  }

  /** The same as add() for each entry of the batch, in order; a batch of another period is skipped. */
  addBatch(batch: EntryBatch): void {
    if (batch.period !== this.period) return;
    const dir = this.directory;
    const typeNos = batch.typeKeys.map((t) => dir.typeNo(t));
    const currencies = batch.currencies.map((c) => this.currencyIndex(c));
    if (batch.firstNewDeal !== this.batchDealCount)
      throw new Error(
        `entry batches out of order: deals from ${batch.firstNewDeal}, ${this.batchDealCount} known`,
      );
    for (const dealId of batch.newDealIds) {
      const n = this.batchDealCount++;
      if (n >= this.batchDeals.length) this.batchDeals = grow(this.batchDeals, n + 1);
      this.batchDeals[n] = dir.deal(dealId, false);
    }
    // Grouped by deal (runs of two entries or more on average), each run's key lookup is shared
    // and the next deal's slots follow: booked at once, as they come. Scattered, they wait.
    const atOnce = batch.runDeals.length * 2 <= batch.count;
    if (atOnce) this.settle();
    const first = this.entriesInPeriod;
    this.reserveEntries(first + batch.count);
    const { entrySlot, entryAmount, entryCurrency, pendingType } = this;
    let i = 0;
    for (let run = 0; run < batch.runDeals.length; run++) {
      const dealNo = this.batchDeals[batch.runDeals[run]!]!;
      for (const end = batch.runEnds[run]!; i < end; i++) {
        const e = first + i;
        const typeNo = typeNos[batch.typeNos[i]!]!;
        const currency = currencies[batch.currencyNos[i]!]!;
        const amount = batch.amounts[i]!;
        entryCurrency[e] = currency;
        entryAmount[e] = amount;
        if (atOnce) this.bookOn(e, dealNo, dir.slot(dealNo, typeNo), currency, amount);
        else {
          entrySlot[e] = dealNo;
          pendingType[e] = typeNo;
        }
      }
    }
    this.entriesInPeriod = first + batch.count;
    if (atOnce) this.booked = this.entriesInPeriod;
    this.grouped = undefined;
    this.entryIds.append(batch.ids);
    // Booked a block at a time, so most of it is done while a reading thread still sends batches.
    if (this.entriesInPeriod - this.booked >= SETTLE_BLOCK) this.settle();
  }

  /**
   * Books the entries batches left pending on their keys, deal by deal (input order kept within a
   * deal). Call it once the last batch is in; every read of the book calls it too.
   *
   * Why not each entry as its batch comes: in random order each entry's key lookup (the deal's
   * first slot, then the slot's type, then the key's figures) is a chain of cache misses, each
   * waiting for the one before. Sorted by deal (a counting sort), the slots are visited in the
   * order they were numbered.
   */
  settle(): void {
    const from = this.booked;
    const to = this.entriesInPeriod;
    if (from === to) return;
    const dir = this.directory;
    const deals = dir.dealCount;
    const { entrySlot, pendingType, entryCurrency, entryAmount } = this;
    // fill[d]: where deal d's entries go in `order`; once they are in, where the next deal's start.
    const fill = new Int32Array(deals + 1);
    for (let e = from; e < to; e++) fill[entrySlot[e]! + 1]!++;
    for (let d = 1; d <= deals; d++) fill[d]! += fill[d - 1]!;
    const order = new Int32Array(to - from);
    for (let e = from; e < to; e++) order[fill[entrySlot[e]!]!++] = e;
    this.booked = to;
    let k = 0;
    for (let d = 0; d < deals; d++) {
      for (const end = fill[d]!; k < end; k++) {
        const e = order[k]!;
        this.bookOn(e, d, dir.slot(d, pendingType[e]!), entryCurrency[e]!, entryAmount[e]!);
      }
    }
  }

  /** Books one entry of the period on its key (its id is appended by the caller). */
  private bookEntry(dealNo: number, slot: number, currency: number, amount: number): void {
    const n = this.entriesInPeriod++;
    this.reserveEntries(n + 1);
    this.booked = n + 1;
    this.entryAmount[n] = amount;
    this.entryCurrency[n] = currency;
    this.grouped = undefined;
    this.bookOn(n, dealNo, slot, currency, amount);
  }

  /** Adds entry `e` to its key's figures and notes the key as the entry's. */
  private bookOn(e: number, dealNo: number, slot: number, currency: number, amount: number): void {
    if (slot >= this.slotCapacity) this.growSlots(slot + 1);
    if (this.counts[slot] === 0) {
      this.firstCurrency[slot] = currency;
      // The currency the key's entries are summed in; without bookings every key is judged as an orphan.
      const firstEntry = this.currencyNames[currency]!;
      this.slotCurrency[slot] = this.currencyIndex(
        keyCurrency(
          this.expected?.currencyFactsOf(slot, firstEntry) ?? { firstEntry, dealBooksInFirstEntry: false },
        ),
      );
    }
    this.counts[slot]!++;
    if (this.slotCurrency[slot] === currency) {
      const sum = this.sameSum[slot]! + amount;
      if (!isExactSum(sum))
        throw new AmountRangeError(
          `the recognized revenue of deal ${this.directory.dealIdOf(dealNo)} (${this.directory.typeKeys[this.directory.slotType[slot]!]})`,
        );
      this.sameSum[slot] = sum;
    } else this.foreignCounts[slot]!++;
    this.entrySlot[e] = slot;
  }

  private reserveEntries(need: number): void {
    if (need <= this.entryCapacity) return;
    this.entrySlot = grow(this.entrySlot, need);
    this.entryAmount = grow(this.entryAmount, need);
    this.entryCurrency = grow(this.entryCurrency, need);
    this.pendingType = grow(this.pendingType, need);
    this.entryCapacity = Math.min(
      this.entrySlot.length,
      this.entryAmount.length,
      this.entryCurrency.length,
      this.pendingType.length,
    );
  }

  countOf(slot: number): number {
    this.settle();
    return slot < this.counts.length ? this.counts[slot]! : 0;
  }

  /** Entries of the key not in its currency. */
  foreignCountOf(slot: number): number {
    this.settle();
    return slot < this.foreignCounts.length ? this.foreignCounts[slot]! : 0;
  }

  /** Sum of the key's entries in the key's currency. */
  sumOf(slot: number): number {
    this.settle();
    return slot < this.sameSum.length ? this.sameSum[slot]! : 0;
  }

  /** The key's currency (see keyCurrency), or undefined without entries. */
  currencyOf(slot: number): string | undefined {
    return this.countOf(slot) === 0 ? undefined : this.currencyNames[this.slotCurrency[slot]!];
  }

  /** The currency of the key's first entry, or undefined without entries. */
  firstCurrencyOf(slot: number): string | undefined {
    return this.countOf(slot) === 0 ? undefined : this.currencyNames[this.firstCurrency[slot]!];
  }

  /** The key's entry ids in input order. */
  idsOf(slot: number): string[] {
    const count = this.countOf(slot);
    if (count === 0) return [];
    const { grouped, start } = this.groups(slot);
    const ids = new Array<string>(count);
    for (let i = 0; i < count; i++) ids[i] = this.entryIds.get(grouped[start + i]!);
    return ids;
  }

  /** The whole RecognizedKey view (ids, amounts, currencies) of a slot, or undefined without entries. */
  keyOf(slot: number): RecognizedKey | undefined {
    const count = this.countOf(slot);
    if (count === 0) return undefined;
    const dir = this.directory;
    const { grouped, start } = this.groups(slot);
    const key: RecognizedKey = {
      dealId: dir.dealIdOf(dir.slotDeal[slot]!),
      typeKey: dir.typeKeys[dir.slotType[slot]!]!,
      ids: new Array<string>(count),
      amounts: new Array<number>(count),
      currencies: new Array<string>(count),
    };
    for (let i = 0; i < count; i++) {
      const e = grouped[start + i]!;
      key.ids[i] = this.entryIds.get(e);
      key.amounts[i] = this.entryAmount[e]!;
      key.currencies[i] = this.currencyNames[this.entryCurrency[e]!]!;
    }
    return key;
  }

  /** Entry numbers grouped by slot (a counting sort, input order kept within a slot). */
  private groups(slot?: number): { grouped: Int32Array; start: number } {
    if (!this.grouped || !this.groupStart) {
      const slots = this.directory.slotCount;
      const start = new Int32Array(slots + 1);
      for (let s = 0; s < slots; s++) start[s + 1] = start[s]! + this.countOf(s);
      const fill = start.slice(0, slots);
      const grouped = new Int32Array(this.entriesInPeriod);
      for (let e = 0; e < this.entriesInPeriod; e++) grouped[fill[this.entrySlot[e]!]!++] = e;
      this.grouped = grouped;
      this.groupStart = start;
    }
    return { grouped: this.grouped, start: slot === undefined ? 0 : this.groupStart[slot]! };
  }

  private currencyIndex(code: string): number {
    return this.currencyTable.numberOf(code);
  }

  private growSlots(need: number): void {
    this.firstCurrency = grow(this.firstCurrency, need);
    this.slotCurrency = grow(this.slotCurrency, need);
    this.sameSum = grow(this.sameSum, need);
    this.counts = grow(this.counts, need);
    this.foreignCounts = grow(this.foreignCounts, need);
    this.slotCapacity = Math.min(
      this.firstCurrency.length,
      this.slotCurrency.length,
      this.sameSum.length,
      this.counts.length,
      this.foreignCounts.length,
    );
  }
}
