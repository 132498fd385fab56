// Ids kept in the blocks they arrived in (a reading thread's batches), numbered across the blocks.
//
// Why not one IdArena: appending each batch's ids to one growing buffer copied every byte once more
// and, at each doubling, held the old and the new buffer at once; at a month of GUIDs that copy was
// over a hundred megabytes. Here a batch's buffers, transferred from the reading thread, are kept as
// they came; ids pushed one by one go to an arena of their own at the end.
import { IdArena, type IdArenaParts } from './id-arena.js';

export class IdChunks {
  private readonly chunks: IdArena[] = [];
  /** chunk → the number of its first id. */
  private readonly starts: number[] = [];
  /** Whether the last chunk is this object's own (push appends to it), not a batch's. */
  private lastIsOwn = false;
  /** The chunk get() found last: ids are mostly read in runs from one chunk. */
  private lastChunk = 0;
  count = 0;

  /** Appends `id` and returns its number. */
  push(id: string): number {
    if (!this.lastIsOwn) this.addChunk(new IdArena());
    this.chunks[this.chunks.length - 1]!.push(id);
    this.lastIsOwn = true;
    return this.count++;
  }

  /** Appends every id of `parts` in order, keeping its buffers (the caller gives them up). */
  append(parts: IdArenaParts): void {
    if (parts.ends.length === 0) return;
    this.addChunk(new IdArena(parts));
    this.lastIsOwn = false;
    this.count += parts.ends.length;
  }

  get(index: number): string {
    const c = this.chunkOf(index);
    return this.chunks[c]!.get(index - this.starts[c]!);
  }

  private addChunk(chunk: IdArena): void {
    this.chunks.push(chunk);
    this.starts.push(this.count);
  }

  private chunkOf(index: number): number {
    const { starts } = this;
    const last = this.lastChunk;
    if (index >= starts[last]! && (last + 1 === starts.length || index < starts[last + 1]!)) return last;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return (this.lastChunk = lo);
  }
}
