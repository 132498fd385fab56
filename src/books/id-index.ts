// Finds an id's number among the ids of an IdArena in one hash probe, whatever order they came in.
//
// Why: the ids of real tables come in any order and any shape (GUIDs, unpadded integers, free
// text). Searching a sorted arena only works when they ascend, and a Map or Set of millions of id
// strings costs a heap object per id plus rehashing and GC. Here an id costs 8 bytes (its slot and
// its hash) on top of its bytes in the arena.
import type { IdArena } from './id-arena.js';
import { grow } from './memory.js';

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer so that the low bits spread too. */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class IdIndex {
  /** Open addressing, linear probing: 0 is empty, else the id's number + 1. At most half full. */
  private table = new Int32Array(1 << 13);
  private mask = (1 << 13) - 1;
  /** number → its hash, so growing the table never decodes an id. */
  private hashes = new Int32Array(1 << 12);
  private size = 0;

  constructor(private readonly ids: IdArena) {}

  /** The number of `id` in the arena, or -1. */
  find(id: string, hash = idHash(id)): number {
    const { table, mask, ids } = this;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = table[i]!;
      if (entry === 0) return -1;
      const no = entry - 1;
      if (this.hashes[no] === hash && ids.compare(id, no) === 0) return no;
    }
  }

  /** Indexes the arena's id `no` (the caller pushed it) under its hash. */
  add(no: number, hash: number): void {
    if (no >= this.hashes.length) this.hashes = grow(this.hashes, no + 1);
    this.hashes[no] = hash;
    if ((this.size + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    this.place(no, hash);
    this.size++;
  }

  /**
   * Makes room for `count` ids at once, so a table that would have doubled its way there (each time
   * placing every id again, a cache miss each) is sized once. Untouched room costs no memory.
   */
  reserve(count: number): void {
    let length = this.table.length;
    while (count * 2 > length) length *= 2;
    if (length > this.table.length) this.rehash(length);
    this.hashes = grow(this.hashes, count);
  }

  /**
   * Takes the most recently added number out again. Safe in linear probing only for that one: no
   * later id probed past its slot.
   */
  removeLast(no: number): void {
    const { table, mask } = this;
    for (let i = this.hashes[no]! & mask; table[i] !== 0; i = (i + 1) & mask) {
      if (table[i] === no + 1) {
        table[i] = 0;
        this.size--;
        return;
      }
    }
  }

  private place(no: number, hash: number): void {
    const { table, mask } = this;
    let i = hash & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = no + 1;
  }

  private rehash(length: number): void {
    const old = this.table;
    this.table = new Int32Array(length);
    this.mask = length - 1;
    for (const entry of old) if (entry !== 0) this.place(entry - 1, this.hashes[entry - 1]!);
  }
}
