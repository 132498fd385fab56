// Decodes a file's bytes as UTF-8 chunk by chunk, and tells which chunks held bytes that are not UTF-8.
//
// Why not the stream's own decoding: it turns a byte that is not UTF-8 into U+FFFD without a word,
// and a genuine U+FFFD (valid UTF-8, common in CRM exports) looks the same afterwards. Checking the
// bytes themselves tells the two apart, so only rows of a chunk with bad bytes need a closer look.
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

export interface DecodedChunk {
  text: string;
  /** False when some of the bytes were not UTF-8: the decoder put U+FFFD in their place. */
  valid: boolean;
}

export class Utf8Chunks {
  private readonly decoder = new StringDecoder('utf8');
  /** The last chunk's unfinished character, checked with the next chunk. */
  private pending: Buffer = Buffer.alloc(0);

  decode(chunk: Buffer): DecodedChunk {
    const bytes = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const cut = bytes.length - unfinishedTail(bytes);
    const valid = isUtf8(bytes.subarray(0, cut));
    // A copy: a view would keep the whole chunk alive.
    this.pending = Buffer.from(bytes.subarray(cut));
    return { text: this.decoder.write(chunk), valid };
  }

  /** What is left at the end of the file: a character cut short there is not UTF-8. */
  end(): DecodedChunk {
    return { text: this.decoder.end(), valid: this.pending.length === 0 };
  }
}

/** How many bytes at the end of `bytes` begin a character that is not finished there (0 to 3). */
export function unfinishedTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}
