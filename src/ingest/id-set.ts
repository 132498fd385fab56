// The set of entry_ids seen so far (docs/rules.md §6 dedupe), lean for files whose ids come in ascending order.
//
// Why not a plain Set: a month brings millions of ids, and a Set of them cost seconds of hashing,
// rehashing and GC plus ~60 bytes an id. Ids that arrive in ascending order (the usual export) are
// appended as bytes to a sorted IdArena, which answers "seen?" by one comparison with the last id,
// and by binary search for an id that comes out of order; only such ids go to a Set.
import { IdArena } from '../books/id-arena.js';

export class IdSet {
  private readonly sorted = new IdArena();
  private last: string | undefined;
  private readonly others = new Set<string>();
  private lastWentToOthers = false;

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    if (this.last === undefined || id > this.last) {
      if (this.others.size > 0 && this.others.has(id)) return false;
      this.sorted.push(id);
      this.last = id;
      this.lastWentToOthers = false;
      return true;
    }
    if (this.inSorted(id) || this.others.has(id)) return false;
    this.others.add(id);
    this.lastWentToOthers = true;
    return true;
  }

  /** True when `id` was added (and not taken back). */
  has(id: string): boolean {
    return this.inSorted(id) || this.others.has(id);
  }

  /** Takes back the id the last successful add() put in. */
  removeLast(id: string): void {
    if (this.lastWentToOthers) {
      this.others.delete(id);
      return;
    }
    this.sorted.pop();
    this.last = this.sorted.count === 0 ? undefined : this.sorted.get(this.sorted.count - 1);
  }

  private inSorted(id: string): boolean {
    let lo = 0;
    let hi = this.sorted.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.sorted.compare(id, mid);
      if (c === 0) return true;
      if (c > 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
