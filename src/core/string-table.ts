// Numbers for a handful of repeated strings (revenue types, currencies), so per-key arrays hold small ints.
export class StringTable {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** The string's number, from 0 in order of first use. */
  numberOf(name: string): number {
    let no = this.numbers.get(name);
    if (no === undefined) {
      no = this.names.length;
      this.numbers.set(name, no);
      this.names.push(name);
    }
    return no;
  }
}
