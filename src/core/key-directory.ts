// Numbers every deal_id and (deal, revenue type) key once, so the books keep per-key figures in typed arrays.
import { StringTable } from './string-table.js';
//
// Why: at a million deals, string-keyed Maps of objects (one per key, one per deal, plus concatenated
// "deal\0type" strings built per row) cost seconds of GC and gigabytes of heap. Here a deal costs one
// Map entry, and a key one numeric Map entry plus a few typed-array slots; the zod records of
// records.ts stay the shapes sources deliver and validators return.

export class KeyDirectory {
  /**
   * Deal numbers below sortedCount have deal_ids in ascending order (the usual export) and are
   * found by cursor or binary search; any deal_id that arrives out of order (a file not sorted,
   * an orphan deal_id among entries) goes to `others`. A million-entry Map cost over a second of
   * lookups at a million deals (a cache miss each).
   */
  private sortedCount = 0;
  private readonly others = new Map<string, number>();
  /** deal number → deal_id. */
  readonly dealIds: string[] = [];
  /** deal number → 1 when an accepted deal line names the deal: "known to bookings" (SPEC §4 orphan). */
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

  get dealCount(): number {
    return this.dealIds.length;
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
      no = this.dealIds.length;
      if (no === this.sortedCount && (no === 0 || dealId > this.dealIds[no - 1]!)) this.sortedCount++;
      else this.others.set(dealId, no);
      this.dealIds.push(ownString(dealId));
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

  findDeal(dealId: string): number | undefined {
    const ids = this.dealIds;
    const n = this.sortedCount;
    if (n === 0 || dealId > ids[n - 1]!) return this.others.size === 0 ? undefined : this.others.get(dealId);
    // The next deal after the previous row's (the second file in the same order), else bisect.
    const next = this.lastDealNo + 1;
    if (next < n && ids[next] === dealId) return next;
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === dealId) return mid;
      if (v < dealId) lo = mid + 1;
      else hi = mid - 1;
    }
    return this.others.size === 0 ? undefined : this.others.get(dealId);
  }

  isKnownNo(dealNo: number): boolean {
    return this.known[dealNo] === 1;
  }

  typeNo(typeKey: string): number {
    return this.types.numberOf(typeKey);
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
   * deal number → its rank in deal_id order, for sorting rows by number instead of by string. Deal
   * files usually come sorted by deal_id, and then the numbering already is the order.
   */
  dealRank(): Int32Array {
    const n = this.dealIds.length;
    const rank = new Int32Array(n);
    const ids = this.dealIds;
    // The sorted numbers merged with the few others, sorted on their own.
    const others = [...this.others.values()].sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    let i = 0;
    let j = 0;
    for (let r = 0; r < n; r++) {
      if (j >= others.length || (i < this.sortedCount && ids[i]! < ids[others[j]!]!)) rank[i++] = r;
      else rank[others[j++]!] = r;
    }
    return rank;
  }
}

/** Above this size a growing array jumps straight to LARGE_BYTES. */
const MEDIUM_BYTES = 1 << 20;
/** glibc's largest mmap threshold: a block this big is always its own mmap. */
const LARGE_BYTES = 32 << 20;

/**
 * Doubles a typed array until it holds `need` elements; from 1 MiB, to at least 32 MiB at once.
 *
 * Why the jump: glibc serves blocks of 32 MiB and more with a fresh mmap, whose pages cost nothing
 * until written and go back to the system when the array is collected. Doubling through 2, 4, 8 and
 * 16 MiB instead raised malloc's mmap threshold with each block freed, so later blocks came from
 * its heap and stayed there once freed: ~75 MB of RSS at a million deals, plus the copies.
 * So arrays of different element sizes grow to different lengths: parallel arrays are indexed up to
 * the shortest one's length (each owner keeps that as its capacity).
 */
export function grow<T extends Int32Array | Uint8Array | Float64Array | Uint16Array>(array: T, need: number): T {
  if (array.length >= need) return array;
  let size = Math.max(array.length, 16);
  while (size < need) size *= 2;
  const bytes = size * array.BYTES_PER_ELEMENT;
  if (bytes >= MEDIUM_BYTES && bytes < LARGE_BYTES) size = LARGE_BYTES / array.BYTES_PER_ELEMENT;
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/**
 * A copy of `s` that does not keep the 1 MB chunk it was cut from alive: V8 makes substrings of 13
 * characters or more "sliced strings" that point into their parent. Shorter ones are copies already.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
