// The line_ids seen per deal (docs/rules.md §6: a repeated deal line is rejected), kept as bytes, not strings.
//
// Why: a large month has more line ids than deals. As strings in per-deal arrays they cost heap and
// were copied by every young-generation collection of the deals read (figures: README, Performance).
// Here a line id costs its bytes and two int32s: ids go to an IdArena and each deal chains its ids, newest first.
import { IdArena } from '../books/id-arena.js';
import { grow } from '../books/memory.js';

/** A deal with more lines than this gets a Set, so a huge deal is not checked by a long chain walk. */
const CHAIN_LIMIT = 16;

export class LineIds {
  private readonly ids = new IdArena();
  /** deal number → index + 1 of its newest line id (0: none). */
  private newest = new Int32Array(1 << 12);
  /** line index → index + 1 of the deal's previous line id. */
  private previous = new Int32Array(1 << 12);
  /** deal number → how many ids its chain holds. */
  private chainLength = new Uint8Array(1 << 12);
  /** How many deals `newest` and `chainLength` both hold. */
  private dealCapacity = 1 << 12;
  private readonly large = new Map<number, Set<string>>();

  has(dealNo: number, lineId: string): boolean {
    const set = this.large.size === 0 ? undefined : this.large.get(dealNo);
    if (set !== undefined) return set.has(lineId);
    if (dealNo >= this.dealCapacity) return false;
    for (let i = this.newest[dealNo]! - 1; i !== -1; i = this.previous[i]! - 1) {
      if (this.ids.compare(lineId, i) === 0) return true;
    }
    return false;
  }

  add(dealNo: number, lineId: string): void {
    const set = this.large.size === 0 ? undefined : this.large.get(dealNo);
    if (set !== undefined) {
      set.add(lineId);
      return;
    }
    if (dealNo >= this.dealCapacity) {
      this.newest = grow(this.newest, dealNo + 1);
      this.chainLength = grow(this.chainLength, dealNo + 1);
      this.dealCapacity = Math.min(this.newest.length, this.chainLength.length);
    }
    if (this.chainLength[dealNo] === CHAIN_LIMIT) {
      this.large.set(dealNo, new Set([...this.chain(dealNo), lineId]));
      return;
    }
    const index = this.ids.push(lineId);
    if (index >= this.previous.length) this.previous = grow(this.previous, index + 1);
    this.previous[index] = this.newest[dealNo]!;
    this.newest[dealNo] = index + 1;
    this.chainLength[dealNo]!++;
  }

  private chain(dealNo: number): string[] {
    const out: string[] = [];
    for (let i = this.newest[dealNo]! - 1; i !== -1; i = this.previous[i]! - 1) out.push(this.ids.get(i));
    return out;
  }
}
