// Finds an id's number among the ids of an IdArena in one hash probe, whatever order they came in.
//
// Why: the ids of real tables come in any order and any shape (GUIDs, unpadded integers, free
// text). Searching a sorted arena only works when they ascend, and a Map or Set of millions of id
// strings costs a heap object per id plus rehashing and GC. Here an id costs 8 bytes (its slot and
// its hash) on top of its bytes in the arena.
import { idHash, type IdArena } from './id-arena.js';
import { grow } from './memory.js';

/**
 * At most this many ascending ids before the first out of order, and a file is taken as unordered:
 * its owner (KeyDirectory, IdSet) hashes those few too and looks every later id up by hash alone,
 * without first comparing it with the sorted ones (a few string comparisons per row that never pay
 * off). The price: a sorted file with a stray among its first rows is looked up by hash too, a few
 * times slower per lookup than by cursor, with the same answers.
 */
export const UNORDERED_PREFIX = 1024;

export class IdIndex {
  /**
   * Open addressing, linear probing, at most half full: 0 is empty, else the id's number + 1 in the
   * low bits (those of `mask`: a number is below half the length) and its hash's in the high ones.
   */
  private table = new Int32Array(1 << 13);
  private mask = (1 << 13) - 1;
  /** number → its whole hash, so growing the table never decodes an id. */
  private hashes = new Int32Array(1 << 12);
  private size = 0;
  /** Where the last push() placed its id, for removeLast(). */
  private lastSlot = -1;

  /** What the last find() staged in the arena (IdArena.stageHashed), for push() to add without a second copy. */
  private lastId: string | undefined;
  private lastStaged = -1;
  private lastHash = 0;
  private stagedAt = -1;

  constructor(private readonly ids: IdArena) {}

  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** The number of `id` in the arena, or -1. */
  find(id: string): number {
    const { table, mask, ids } = this;
    const staged = ids.stageHashed(id);
    const hash = staged >= 0 ? ids.stagedHash : idHash(id);
    this.lastId = id;
    this.lastStaged = staged;
    this.lastHash = hash;
    this.stagedAt = ids.count;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = table[i]!;
      if (entry === 0) return -1;
      // The slot's high bits are its id's hash's: most other ids are passed over without a read elsewhere.
      if (((entry ^ hash) & ~mask) !== 0) continue;
      const no = (entry & mask) - 1;
      if (staged >= 0 ? ids.equalsStaged(no, staged) : ids.compare(id, no) === 0) return no;
    }
  }

  /** Appends `id`, which find() did not find, to the arena and indexes it; returns its number. */
  push(id: string): number {
    // Staged by the last find unless the arena has grown since or that was another id.
    if (this.stagedAt !== this.ids.count || id !== this.lastId) this.find(id);
    const no = this.ids.pushStaged(id, this.lastStaged);
    this.stagedAt = -1;
    this.lastSlot = this.insert(no, this.lastHash);
    return no;
  }

  /** Indexes the arena's id number `no`, pushed to the arena without this index (say, found another way until now). */
  indexExisting(no: number): void {
    this.insert(no, idHash(this.ids.get(no)));
    this.lastSlot = -1;
  }

  /** Indexes number `no` under `hash`; returns its slot. */
  private insert(no: number, hash: number): number {
    if (no >= this.hashes.length) this.hashes = grow(this.hashes, no + 1);
    this.hashes[no] = hash;
    // Numbers are the arena's (ids indexed elsewhere come before): the table covers the highest.
    if ((no + 1) * 2 > this.table.length) this.rehash(tableLengthFor(no + 1, this.table.length));
    this.size++;
    return this.place(no, hash);
  }

  /**
   * Makes room for `count` ids at once, so a table that would have doubled its way there (each time
   * placing every id again, a cache miss each) is sized once. Untouched room costs no memory.
   */
  reserve(count: number): void {
    const length = tableLengthFor(count, this.table.length);
    if (length > this.table.length) this.rehash(length);
    this.hashes = grow(this.hashes, count);
  }

  /**
   * Takes the most recently pushed id out of the index again (the caller pops it from the arena).
   * Safe in linear probing only for that one: no later id probed past its slot.
   */
  removeLast(): void {
    if (this.lastSlot === -1) return;
    this.table[this.lastSlot] = 0;
    this.lastSlot = -1;
    this.size--;
  }

  /** Puts number `no` in the first free slot from its hash on; returns the slot. */
  private place(no: number, hash: number): number {
    const { table, mask } = this;
    let i = hash & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = (hash & ~mask) | (no + 1);
    return i;
  }

  private rehash(length: number): void {
    const old = this.table;
    this.table = new Int32Array(length);
    this.mask = length - 1;
    this.lastSlot = -1;
    const oldMask = old.length - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      const no = (entry & oldMask) - 1;
      this.place(no, this.hashes[no]!);
    }
  }
}

/**
 * The table length, doubled from `length`, that keeps `count` numbers at most half full (far under
 * 2^31 slots: an arena's byte offsets are int32, so it holds fewer ids than that).
 */
function tableLengthFor(count: number, length: number): number {
  while (count * 2 > length) length *= 2;
  return length;
}
