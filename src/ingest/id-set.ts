// The set of entry_ids seen so far (SPEC §6 dedupe), lean for files whose ids come in ascending order.
//
// Why not a plain Set: a month brings millions of ids, and a Set of them cost seconds of hashing and
// rehashing plus ~30 bytes an id. Ids that arrive in ascending order (the usual export) are appended
// to a sorted array, which answers "seen?" by one comparison with its last id, and by binary search
// for an id that comes out of order; only such ids go to a Set.

export class IdSet {
  private readonly sorted: string[] = [];
  private readonly others = new Set<string>();

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    const sorted = this.sorted;
    const last = sorted.length === 0 ? undefined : sorted[sorted.length - 1]!;
    if (last === undefined || id > last) {
      if (this.others.size > 0 && this.others.has(id)) return false;
      sorted.push(id);
      return true;
    }
    if (this.inSorted(id) || this.others.has(id)) return false;
    this.others.add(id);
    return true;
  }

  /** Takes back the id the last successful add() put in. */
  removeLast(id: string): void {
    const sorted = this.sorted;
    if (sorted.length > 0 && sorted[sorted.length - 1] === id) sorted.pop();
    else this.others.delete(id);
  }

  private inSorted(id: string): boolean {
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = sorted[mid]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
