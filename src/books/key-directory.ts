// Numbers every deal_id and (deal, revenue type) key once, so the books keep per-key figures in typed arrays.
//
// Why: at a million deals, string-keyed Maps of objects (one per key, one per deal, plus concatenated
// "deal\0type" strings built per row) cost seconds of GC and gigabytes of heap. Here a deal costs its
// deal_id's bytes and a few typed-array slots, and a key a few more; the zod records of records.ts
// stay the shapes sources deliver and validators return.
import { IdArena } from './id-arena.js';
import { IdIndex, UNORDERED_PREFIX } from './id-index.js';
import { grow } from './memory.js';
import { StringTable } from './string-table.js';

/** Probes a gallop makes (from + 0, 1, 3, 7, 15) before it bisects over the rest. */
const GALLOP_PROBES = 5;

export class KeyDirectory {
  /**
   * Deal numbers below sortedCount have deal_ids in ascending order (the usual export) and are
   * found by cursor or binary search; from the first deal_id that arrives out of order on (a file
   * not sorted, an orphan deal_id among entries), deals are found by hash (`others`).
   */
  private sortedCount = 0;
  private readonly others: IdIndex;
  /** deal number → deal_id, as bytes (kept strings cost GC time in the deals read: README, Performance). */
  private readonly dealIds = new IdArena();
  /** deal number → 1 when an accepted deal line names the deal: "known to bookings" (docs/rules.md §4 orphan). */
  private known = new Uint8Array(1 << 12);
  private readonly types = new StringTable();
  /** Type number → lower-cased revenue type. */
  readonly typeKeys: string[] = this.types.names;
  /** deal number → its first slot + 1 (0: none); slot → the deal's next slot + 1. Few keys per deal. */
  private firstSlot = new Int32Array(1 << 12);
  /** How many deals `known` and `firstSlot` both hold. */
  private dealCapacity = 1 << 12;
  private nextSlot = new Int32Array(1 << 12);
  /** slot → deal number and type index. */
  slotDeal = new Int32Array(1 << 12);
  slotType = new Int32Array(1 << 12);
  slotCount = 0;
  private lastDealId: string | undefined;
  private lastDealNo = -1;
  /** The deal findDeal found last: a second file in the deals' order (history) asks for the next one. */
  private lastFoundNo = -1;

  constructor() {
    this.others = new IdIndex(this.dealIds);
  }

  get dealCount(): number {
    return this.dealIds.count;
  }

  dealIdOf(dealNo: number): string {
    return this.dealIds.get(dealNo);
  }

  /** True when the deal is the one of entries that name no deal_id. */
  isBlankDeal(dealNo: number): boolean {
    return this.dealIds.isEmpty(dealNo);
  }

  /** The deal's number, numbering it when new; `known` marks it as named by the deals source. */
  deal(dealId: string, known: boolean): number {
    // Both files usually come grouped by deal: the previous row's deal answers most rows.
    if (dealId === this.lastDealId) {
      if (known) this.known[this.lastDealNo] = 1;
      return this.lastDealNo;
    }
    let no = this.findDeal(dealId);
    if (no === undefined) {
      no = this.dealIds.count;
      const ascends = no === this.sortedCount && (no === 0 || this.dealIds.compare(dealId, no - 1) > 0);
      if (ascends) {
        this.dealIds.push(dealId);
        this.sortedCount++;
      } else {
        if (this.others.isEmpty && this.sortedCount <= UNORDERED_PREFIX) this.hashTheSorted();
        this.others.push(dealId);
      }
      if (no >= this.dealCapacity) {
        this.known = grow(this.known, no + 1);
        this.firstSlot = grow(this.firstSlot, no + 1);
        this.dealCapacity = Math.min(this.known.length, this.firstSlot.length);
      }
    }
    if (known) this.known[no] = 1;
    this.lastDealId = dealId;
    this.lastDealNo = no;
    return no;
  }

  /** Moves the few sorted deals to the hash index: from now on every deal is found by hash. */
  private hashTheSorted(): void {
    for (let no = 0; no < this.sortedCount; no++) this.others.indexExisting(no);
    this.sortedCount = 0;
  }

  findDeal(dealId: string): number | undefined {
    const ids = this.dealIds;
    const n = this.sortedCount;
    // Past the sorted deals: a new deal of a sorted file, or one of the others.
    if (n === 0 || ids.compare(dealId, n - 1) > 0) return this.findOther(dealId);
    // The next deal after the previous row's, or the previous find's or a few past it (a second
    // file in the same order, such as the history, which skips the deals it has no rows for).
    const next = this.lastDealNo + 1;
    if (next < n && ids.compare(dealId, next) === 0) return next;
    const from = this.lastFoundNo + 1;
    if (from < n) {
      const c = ids.compare(dealId, from);
      if (c === 0) return (this.lastFoundNo = from);
      if (c > 0) return this.gallop(dealId, from + 1);
    }
    return this.bisect(dealId, 0, n - 1);
  }

  /**
   * A deal_id that sorts after sorted deal `from - 1` and not after the last: probes from, from + 1,
   * from + 3, from + 7 and from + 15 (findDeal passes the previous find + 2, having tried + 1), then
   * bisects between the last two probes, or, past them (a file in another order), over the rest.
   */
  private gallop(dealId: string, from: number): number | undefined {
    const ids = this.dealIds;
    const n = this.sortedCount;
    let lo = from;
    for (let k = 0, step = 1; k < GALLOP_PROBES; k++, step *= 2) {
      const probe = from + step - 1;
      if (probe >= n) break;
      const c = ids.compare(dealId, probe);
      if (c === 0) return (this.lastFoundNo = probe);
      if (c < 0) return this.bisect(dealId, lo, probe - 1);
      lo = probe + 1;
    }
    return this.bisect(dealId, lo, n - 1);
  }

  /** The sorted deal in lo..hi with this deal_id, else one of the others. */
  private bisect(dealId: string, lo: number, hi: number): number | undefined {
    const ids = this.dealIds;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = ids.compare(dealId, mid);
      if (c === 0) return (this.lastFoundNo = mid);
      if (c > 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return this.findOther(dealId);
  }

  private findOther(dealId: string): number | undefined {
    if (this.sortedCount === this.dealIds.count) return undefined;
    const no = this.others.find(dealId);
    return no === -1 ? undefined : no;
  }

  isKnownNo(dealNo: number): boolean {
    return this.known[dealNo] === 1;
  }

  typeNo(typeKey: string): number {
    return this.types.numberOf(typeKey);
  }

  /** The key's slot without numbering anything: -1 when the deal or the key has none. */
  findKey(dealId: string, typeKey: string): number {
    const dealNo = this.findDeal(dealId);
    const typeNo = this.types.find(typeKey);
    return dealNo === undefined || typeNo === undefined ? -1 : this.findSlot(dealNo, typeNo);
  }

  /** The key's slot, or -1 when the key has none yet. */
  findSlot(dealNo: number, typeNo: number): number {
    for (let s = this.firstSlot[dealNo]! - 1; s !== -1; s = this.nextSlot[s]! - 1) {
      if (this.slotType[s] === typeNo) return s;
    }
    return -1;
  }

  /** The key's slot, numbering it when new: slots come in first-seen order. */
  slot(dealNo: number, typeNo: number): number {
    const found = this.findSlot(dealNo, typeNo);
    if (found !== -1) return found;
    const slot = this.slotCount++;
    if (slot >= this.slotDeal.length) {
      this.slotDeal = grow(this.slotDeal, slot + 1);
      this.slotType = grow(this.slotType, slot + 1);
      this.nextSlot = grow(this.nextSlot, slot + 1);
    }
    this.slotDeal[slot] = dealNo;
    this.slotType[slot] = typeNo;
    this.nextSlot[slot] = this.firstSlot[dealNo]!;
    this.firstSlot[dealNo] = slot + 1;
    return slot;
  }

  /**
   * deal number → its rank in deal_id order among `dealNos` (the deals of the rows being sorted;
   * other deals are left 0), for sorting rows by number instead of by string. Deal files usually
   * come sorted by deal_id, and then the numbering already is the order; the other deals' ids are
   * sorted as strings, so only the deals that have rows are decoded, not every deal of the month.
   */
  dealRank(dealNos: Iterable<number>): Int32Array {
    const n = this.dealIds.count;
    const wanted = new Uint8Array(n);
    for (const no of dealNos) wanted[no] = 1;
    const sorted: number[] = [];
    const others: (readonly [string, number])[] = [];
    for (let no = 0; no < n; no++) {
      if (wanted[no] === 0) continue;
      if (no < this.sortedCount) sorted.push(no);
      else others.push([this.dealIds.get(no), no]);
    }
    others.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const rank = new Int32Array(n);
    let i = 0;
    let j = 0;
    for (let r = 0; r < sorted.length + others.length; r++) {
      if (j >= others.length || (i < sorted.length && this.dealIds.compare(others[j]![0], sorted[i]!) > 0))
        rank[sorted[i++]!] = r;
      else rank[others[j++]![1]] = r;
    }
    return rank;
  }
}
