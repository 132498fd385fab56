// The set of entry_ids seen so far (docs/rules.md §6 dedupe): the ids as bytes, found by hash.
//
// Why not a plain Set: a month brings millions of ids, and a Set of them cost seconds of hashing,
// rehashing and GC plus ~60 bytes an id. Here an ASCII id costs its bytes in an IdArena and 8 bytes
// in an IdIndex, in whatever order the ids come.
import { IdArena } from '../books/id-arena.js';
import { IdIndex, idHash } from '../books/id-index.js';

export class IdSet {
  private readonly ids = new IdArena();
  private readonly index = new IdIndex(this.ids);

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    const hash = idHash(id);
    if (this.index.find(id, hash) !== -1) return false;
    this.index.add(this.ids.push(id), hash);
    return true;
  }

  /** True when `id` was added (and not taken back). */
  has(id: string): boolean {
    return this.index.find(id) !== -1;
  }

  /** Takes back the id the last successful add() put in. */
  removeLast(): void {
    const last = this.ids.count - 1;
    if (last < 0) return;
    this.index.removeLast(last);
    this.ids.pop();
  }
}
