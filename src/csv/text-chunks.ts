// Text written piece by piece and encoded as UTF-8 a chunk at a time, for the files made row by row (CSV, worksheets).

/** Text gathered before it is encoded: big enough to encode rarely, small enough not to weigh on the heap. */
const CHUNK_CHARS = 1 << 16;

/**
 * Why chunks: a file's rows concatenated into one string (tens of MB at a million deals, twice that
 * in UTF-16 once a name has an accent) keep every piece they were joined from alive until the end,
 * and each young-generation collection copies them again. Encoded every CHUNK_CHARS, the pieces
 * die young, which costs the collector nothing.
 */
export class TextChunks {
  private readonly chunks: Buffer[] = [];
  private text = '';

  add(text: string): void {
    this.text += text;
    if (this.text.length >= CHUNK_CHARS) this.flush();
  }

  /** Everything added, as one buffer. */
  buffer(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }

  private flush(): void {
    if (this.text === '') return;
    this.chunks.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }
}
