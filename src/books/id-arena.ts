// Millions of short ids (entry_ids) kept as bytes in one growing buffer instead of as JS strings.
//
// Why: each kept id string was a heap object that survived two young-generation collections and was
// copied twice (README, Performance), plus its object header and an array slot. Here an
// ASCII id costs its bytes and a 4-byte offset; an id with other characters is kept as a string aside.
import { grow } from './memory.js';

/**
 * murmur3_32 over the UTF-16 code units, four to a word (an ASCII id's bytes are its code units), and
 * its finalizer. Why not a byte at a time (FNV-1a): that is one multiply per character in one chain,
 * and for a 36-character GUID the chain, not the memory, was most of a hash probe.
 */
export function idHash(id: string): number {
  const len = id.length;
  let h = len;
  let i = 0;
  for (; i + 4 <= len; i += 4)
    h = mixWord(
      h,
      id.charCodeAt(i) |
        (id.charCodeAt(i + 1) << 8) |
        (id.charCodeAt(i + 2) << 16) |
        (id.charCodeAt(i + 3) << 24),
    );
  for (; i < len; i++) h = mixTail(h, id.charCodeAt(i));
  return finalMix(h);
}

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixTail(h: number, unit: number): number {
  return Math.imul(h ^ unit, 0x01000193);
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** An arena's ids as plain arrays, compact, to be posted to another thread and appended there. */
export interface IdArenaParts {
  bytes: Uint8Array;
  ends: Int32Array;
  /** [index, id] of ids that are not plain ASCII. */
  wide: [number, string][];
}

export class IdArena {
  private bytes: Uint8Array;
  /** `bytes` as a Buffer, for its native decoder (get). */
  private writer: Buffer;
  private ends: Int32Array;
  private used: number;
  /** Ids that are not plain ASCII, by index. */
  private readonly wide = new Map<number, string>();
  count: number;

  /** An empty arena, or one over `parts` as they are (no copy: the caller gives up their buffers). */
  constructor(parts?: IdArenaParts) {
    this.bytes = parts?.bytes ?? new Uint8Array(1 << 16);
    this.writer = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    this.ends = parts?.ends ?? new Int32Array(1 << 12);
    this.count = parts?.ends.length ?? 0;
    this.used = parts?.bytes.length ?? 0;
    for (const [index, id] of parts?.wide ?? []) this.wide.set(index, id);
  }

  /** Appends `id` and returns its index. */
  push(id: string): number {
    return this.pushStaged(id, this.stage(id));
  }

  /**
   * Writes `id`'s bytes after the last id without adding it, so that pushStaged adds it without a
   * second copy. Returns its length in bytes, or -1 when it is not plain ASCII (nothing is staged;
   * such an id is kept as a string).
   */
  stage(id: string): number {
    const len = id.length;
    if (this.used + len > this.bytes.length) this.resize(this.used + len);
    // A loop, not Buffer.write: for ids of a few bytes the native call costs more than the copy.
    const { bytes, used } = this;
    for (let i = 0; i < len; i++) {
      const c = id.charCodeAt(i);
      if (c > 127) return -1;
      bytes[used + i] = c;
    }
    return len;
  }

  /** idHash of the id the last stageHashed() call staged (no meaning when it returned -1). */
  stagedHash = 0;

  /**
   * stage(), hashing the bytes on the way (stagedHash), so that a hash probe reads the id's
   * characters once and compares bytes with bytes (IdIndex.find).
   */
  stageHashed(id: string): number {
    const len = id.length;
    if (this.used + len > this.bytes.length) this.resize(this.used + len);
    const { bytes, used } = this;
    let h = len;
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const c0 = id.charCodeAt(i);
      const c1 = id.charCodeAt(i + 1);
      const c2 = id.charCodeAt(i + 2);
      const c3 = id.charCodeAt(i + 3);
      if ((c0 | c1 | c2 | c3) > 127) return -1;
      bytes[used + i] = c0;
      bytes[used + i + 1] = c1;
      bytes[used + i + 2] = c2;
      bytes[used + i + 3] = c3;
      h = mixWord(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
    }
    for (; i < len; i++) {
      const c = id.charCodeAt(i);
      if (c > 127) return -1;
      bytes[used + i] = c;
      h = mixTail(h, c);
    }
    this.stagedHash = finalMix(h);
    return len;
  }

  /** Adds `id`, staged by the last stage() call (`staged` its result), and returns its index. */
  pushStaged(id: string, staged: number): number {
    const index = this.count++;
    if (index >= this.ends.length) this.ends = grow(this.ends, index + 1);
    if (staged >= 0) this.used += staged;
    else this.wide.set(index, id);
    this.ends[index] = this.used;
    return index;
  }

  /** True when the id at `index` is the `len` staged bytes. */
  equalsStaged(index: number, len: number): boolean {
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    if (this.ends[index]! - start !== len) return false;
    if (this.wide.size !== 0 && this.wide.has(index)) return false;
    const { bytes, used } = this;
    for (let i = 0; i < len; i++) if (bytes[start + i] !== bytes[used + i]) return false;
    return true;
  }

  private resize(need: number): void {
    this.bytes = grow(this.bytes, need);
    this.writer = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
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

  get(index: number): string {
    const wide = this.wide.size === 0 ? undefined : this.wide.get(index);
    if (wide !== undefined) return wide;
    // Every byte kept is ASCII, so latin1 decodes it exactly, natively.
    return this.writer.toString('latin1', index === 0 ? 0 : this.ends[index - 1]!, this.ends[index]!);
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
