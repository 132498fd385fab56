// Numbers every deal_id and (deal, revenue type) key once, so the books keep per-key figures in typed arrays.
//
// Why: at a million deals, string-keyed Maps of objects (one per key, one per deal, plus concatenated
// "deal\0type" strings built per row) cost seconds of GC and gigabytes of heap. Here a deal costs one
// Map entry, and a key one numeric Map entry plus a few typed-array slots; the zod records of
// records.ts stay the shapes sources deliver and validators return.

/** Keys per deal number in the numeric key space; types beyond this fall back to a string map. */
const TYPE_STRIDE = 64;

export class KeyDirectory {
  private readonly dealIndex = new Map<string, number>();
  /** deal number → deal_id. */
  readonly dealIds: string[] = [];
  /** deal number → 1 when any deals row named the deal (valid or rejected): "known to bookings". */
  private known = new Uint8Array(1 << 12);
  /** False once a deal_id arrives that sorts before the previous one (see dealRank). */
  private ascending = true;
  private readonly typeIndex = new Map<string, number>();
  readonly typeKeys: string[] = [];
  private readonly slotByKey = new Map<number, number>();
  private readonly slotByWideKey = new Map<string, number>();
  /** slot → deal number and type index. */
  slotDeal = new Int32Array(1 << 12);
  slotType = new Int32Array(1 << 12);
  slotCount = 0;

  get dealCount(): number {
    return this.dealIds.length;
  }

  /** The deal's number, numbering it when new; `known` marks it as named by the deals source. */
  deal(dealId: string, known: boolean): number {
    let no = this.dealIndex.get(dealId);
    if (no === undefined) {
      no = this.dealIds.length;
      if (no > 0 && this.ascending && dealId <= this.dealIds[no - 1]!) this.ascending = false;
      this.dealIndex.set(dealId, no);
      this.dealIds.push(ownString(dealId));
      if (no >= this.known.length) this.known = grow(this.known, no + 1);
    }
    if (known) this.known[no] = 1;
    return no;
  }

  findDeal(dealId: string): number | undefined {
    return this.dealIndex.get(dealId);
  }

  isKnown(dealId: string): boolean {
    const no = this.dealIndex.get(dealId);
    return no !== undefined && this.known[no] === 1;
  }

  isKnownNo(dealNo: number): boolean {
    return this.known[dealNo] === 1;
  }

  typeNo(typeKey: string): number {
    let t = this.typeIndex.get(typeKey);
    if (t === undefined) {
      t = this.typeKeys.length;
      this.typeIndex.set(typeKey, t);
      this.typeKeys.push(typeKey);
    }
    return t;
  }

  /** The key's slot, or -1 when the key has none yet. */
  findSlot(dealNo: number, typeNo: number): number {
    if (typeNo < TYPE_STRIDE) return this.slotByKey.get(dealNo * TYPE_STRIDE + typeNo) ?? -1;
    return this.slotByWideKey.get(`${dealNo}:${typeNo}`) ?? -1;
  }

  /** The key's slot, numbering it when new: slots come in first-seen order. */
  slot(dealNo: number, typeNo: number): number {
    const found = this.findSlot(dealNo, typeNo);
    if (found !== -1) return found;
    const slot = this.slotCount++;
    if (typeNo < TYPE_STRIDE) this.slotByKey.set(dealNo * TYPE_STRIDE + typeNo, slot);
    else this.slotByWideKey.set(`${dealNo}:${typeNo}`, slot);
    if (slot >= this.slotDeal.length) {
      this.slotDeal = grow(this.slotDeal, slot + 1);
      this.slotType = grow(this.slotType, slot + 1);
    }
    this.slotDeal[slot] = dealNo;
    this.slotType[slot] = typeNo;
    return slot;
  }

  /**
   * deal number → its rank in deal_id order, for sorting rows by number instead of by string. Deal
   * files usually come sorted by deal_id, and then the numbering already is the order.
   */
  dealRank(): Int32Array {
    const n = this.dealIds.length;
    const rank = new Int32Array(n);
    if (this.ascending) {
      for (let i = 0; i < n; i++) rank[i] = i;
      return rank;
    }
    const ids = this.dealIds;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    for (let r = 0; r < n; r++) rank[order[r]!] = r;
    return rank;
  }
}

/** Doubles a typed array until it holds `need` elements. */
export function grow<T extends Int32Array | Uint8Array | Float64Array | Uint16Array>(array: T, need: number): T {
  let size = Math.max(array.length, 16);
  while (size < need) size *= 2;
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
