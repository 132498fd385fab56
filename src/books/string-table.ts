// Numbers for a handful of repeated strings (revenue types, currencies, segments), so arrays hold small ints.
import { ownString } from './memory.js';

export class StringTable {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** The string's number, undefined when it has none. */
  find(name: string): number | undefined {
    return this.numbers.get(name);
  }

  /** The string's number, from 0 in order of first use. */
  numberOf(name: string): number {
    let no = this.numbers.get(name);
    if (no === undefined) {
      no = this.names.length;
      // An own copy: `name` may be a slice that keeps its whole input chunk alive.
      const own = ownString(name);
      this.numbers.set(own, no);
      this.names.push(own);
    }
    return no;
  }
}
