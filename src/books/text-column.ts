// One text per row number (a customer id or name per deal), kept as bytes; repeated texts stored once.
//
// Why: each deal kept a customer_id string that survived two young-generation collections before it
// settled: GC time and heap per deal (README, Performance). Here a text costs its bytes (in a
// sharing column, once for the first SHARE_LIMIT distinct texts) and a row an int32.
import { IdArena } from './id-arena.js';
import { grow, ownString } from './memory.js';

/** Distinct texts remembered for sharing: names repeat over deals, but ids may all differ. */
const SHARE_LIMIT = 4096;

export class TextColumn {
  private readonly texts = new IdArena();
  /** row → text index + 1 (0: not set). */
  private refs = new Int32Array(1 << 12);
  private readonly shared = new Map<string, number>();

  /** `share`: look repeated texts up (names); ids, nearly all distinct, skip the lookup. */
  constructor(private readonly share: boolean) {}

  set(row: number, text: string): void {
    if (row >= this.refs.length) this.refs = grow(this.refs, row + 1);
    let index = this.share ? this.shared.get(text) : undefined;
    if (index === undefined) {
      index = this.texts.push(text);
      // An own copy: the text may be a slice that keeps its whole input chunk alive.
      if (this.share && this.shared.size < SHARE_LIMIT) this.shared.set(ownString(text), index);
    }
    this.refs[row] = index + 1;
  }

  /** The row's text, '' when not set. */
  get(row: number): string {
    const ref = row < this.refs.length ? this.refs[row]! : 0;
    return ref === 0 ? '' : this.texts.get(ref - 1);
  }
}
