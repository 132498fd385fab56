// The set of entry_ids seen so far (docs/rules.md §6 dedupe): the ids as bytes, in any order.
//
// Why not a plain Set: a month brings millions of ids, and a Set of them cost seconds of hashing,
// rehashing and GC plus ~60 bytes an id. Ids that arrive in ascending order (the usual export) are
// appended to a sorted IdArena, which answers "seen?" by one comparison with the last id (binary
// search for an id that comes out of order); the others go to a second arena found by hash
// (IdIndex). Either way an ASCII id costs its bytes and a few bytes of index.
import { IdArena } from '../books/id-arena.js';
import { IdIndex, UNORDERED_PREFIX } from '../books/id-index.js';

export class IdSet {
  private sorted = new IdArena();
  /** True once the ids came unordered from the start: all of them are in `others`. */
  private hashOnly = false;
  private last: string | undefined;
  private readonly others = new IdArena();
  private readonly othersIndex = new IdIndex(this.others);
  private lastWentToOthers = false;
  /** How many ids the caller expects (0: unknown): the hash index is sized for them when first used. */
  private expected = 0;

  /**
   * Tells the set how many ids to expect (an estimate, say from the file's size): ids out of order
   * then go to a hash index sized once instead of doubling its way there.
   */
  expect(count: number): void {
    this.expected = Math.max(0, Math.floor(count));
    // A reader tells once its first rows are in: ids out of order among them are indexed already.
    if (this.others.count > 0 && this.expected > 0) this.othersIndex.reserve(this.expected);
  }

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    if (this.hashOnly) {
      if (this.othersIndex.find(id) !== -1) return false;
      this.othersIndex.push(id);
      return true;
    }
    if (this.last === undefined || id > this.last) {
      if (this.others.count > 0 && this.othersIndex.find(id) !== -1) return false;
      this.sorted.push(id);
      this.last = id;
      this.lastWentToOthers = false;
      return true;
    }
    if (this.inSorted(id) || this.othersIndex.find(id) !== -1) return false;
    if (this.others.count === 0) {
      if (this.expected > 0) this.othersIndex.reserve(this.expected);
      if (this.sorted.count <= UNORDERED_PREFIX) this.hashTheSorted();
    }
    this.othersIndex.push(id);
    this.lastWentToOthers = true;
    return true;
  }

  /** True when `id` was added (and not taken back). */
  has(id: string): boolean {
    return this.inSorted(id) || (this.others.count > 0 && this.othersIndex.find(id) !== -1);
  }

  /** Takes back the id the last successful add() put in. */
  removeLast(): void {
    if (this.lastWentToOthers) {
      this.othersIndex.removeLast();
      this.others.pop();
      return;
    }
    this.sorted.pop();
    this.last = this.sorted.count === 0 ? undefined : this.sorted.get(this.sorted.count - 1);
  }

  private hashTheSorted(): void {
    for (let i = 0; i < this.sorted.count; i++) this.othersIndex.push(this.sorted.get(i));
    this.sorted = new IdArena();
    this.last = undefined;
    this.hashOnly = true;
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
