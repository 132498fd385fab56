// Millions of short ids (entry_ids) kept as bytes in one growing buffer instead of as JS strings.
//
// Why: each kept id string was a heap object that survived two young-generation collections and was
// copied twice (README, Performance), plus its object header and an array slot. Here an
// ASCII id costs its bytes and a 4-byte offset; an id with other characters is kept as a string aside.
import { grow } from './memory.js';

/** An arena's ids as plain arrays, compact, to be posted to another thread and appended there. */
export interface IdArenaParts {
  bytes: Uint8Array;
  ends: Int32Array;
  /** [index, id] of ids that are not plain ASCII. */
  wide: [number, string][];
}

export class IdArena {
  private bytes: Uint8Array = new Uint8Array(1 << 16);
  private ends: Int32Array = new Int32Array(1 << 12);
  private used = 0;
  /** Ids that are not plain ASCII, by index. */
  private readonly wide = new Map<number, string>();
  count = 0;

  /** Appends `id` and returns its index. */
  push(id: string): number {
    const index = this.count++;
    if (index >= this.ends.length) this.ends = grow(this.ends, index + 1);
    const len = id.length;
    if (this.used + len > this.bytes.length) this.bytes = grow(this.bytes, this.used + len);
    let ascii = true;
    for (let i = 0; i < len; i++) {
      const c = id.charCodeAt(i);
      if (c > 127) {
        ascii = false;
        break;
      }
      this.bytes[this.used + i] = c;
    }
    if (ascii) this.used += len;
    else this.wide.set(index, id);
    this.ends[index] = this.used;
    return index;
  }

  /** Drops the last id pushed. */
  pop(): void {
    if (this.count === 0) return;
    const index = --this.count;
    this.wide.delete(index);
    this.used = index === 0 ? 0 : this.ends[index - 1]!;
  }

  /** Copies of the ids, sized to fit (their buffers can be transferred). */
  parts(): IdArenaParts {
    return {
      bytes: this.bytes.slice(0, this.used),
      ends: this.ends.slice(0, this.count),
      wide: [...this.wide],
    };
  }

  /** Appends every id of `parts`, in order: a block copy instead of one push per id. */
  append(parts: IdArenaParts): void {
    const n = parts.ends.length;
    const base = this.count;
    const offset = this.used;
    if (base + n > this.ends.length) this.ends = grow(this.ends, base + n);
    if (offset + parts.bytes.length > this.bytes.length)
      this.bytes = grow(this.bytes, offset + parts.bytes.length);
    this.bytes.set(parts.bytes, offset);
    for (let i = 0; i < n; i++) this.ends[base + i] = parts.ends[i]! + offset;
    for (const [index, id] of parts.wide) this.wide.set(base + index, id);
    this.count += n;
    this.used += parts.bytes.length;
  }

  get(index: number): string {
    const wide = this.wide.size === 0 ? undefined : this.wide.get(index);
    if (wide !== undefined) return wide;
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    const end = this.ends[index]!;
    // apply() takes the typed array as it is (array-like): spreading it went through an iterator.
    const chunk = (from: number, to: number) =>
      String.fromCharCode.apply(null, this.bytes.subarray(from, to) as unknown as number[]);
    if (end - start <= 1024) return chunk(start, end);
    let s = '';
    for (let i = start; i < end; i += 1024) s += chunk(i, Math.min(end, i + 1024));
    return s;
  }

  isEmpty(index: number): boolean {
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    return this.ends[index] === start && (this.wide.size === 0 || !this.wide.has(index));
  }

  /** Compares `id` with the id at `index` by UTF-16 code units, as `<` on strings does. */
  compare(id: string, index: number): number {
    const wide = this.wide.size === 0 ? undefined : this.wide.get(index);
    if (wide !== undefined) return id < wide ? -1 : id > wide ? 1 : 0;
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    const len = this.ends[index]! - start;
    const n = Math.min(len, id.length);
    for (let i = 0; i < n; i++) {
      const d = id.charCodeAt(i) - this.bytes[start + i]!;
      if (d !== 0) return d;
    }
    return id.length - len;
  }
}
