// TDS packet framing: splits an incoming byte stream into messages and writes messages as packets.
import type { Writable } from 'node:stream';

export const PacketType = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  TRANSACTION_MANAGER: 0x0e,
  FEDAUTH_TOKEN: 0x08,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
} as const;

const HEADER = 8;
const STATUS_EOM = 0x01;

export interface TdsMessage {
  type: number;
  payload: Buffer;
}

/**
 * Reassembles packets into messages. ATTENTION is reported at once through `onAttention`
 * (not queued), because it arrives while the server is still streaming a result.
 */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private readonly queue: TdsMessage[] = [];
  private waiter: ((m: TdsMessage | undefined) => void) | undefined;
  private ended = false;

  constructor(private readonly onAttention: () => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= HEADER) {
      const length = this.pending.readUInt16BE(2);
      if (length < HEADER) {
        this.end();
        return;
      }
      if (this.pending.length < length) return;
      const type = this.pending[0]!;
      const status = this.pending[1]!;
      this.parts.push(this.pending.subarray(HEADER, length));
      this.pending = this.pending.subarray(length);
      if ((status & STATUS_EOM) === 0) continue;
      const payload = Buffer.concat(this.parts);
      this.parts = [];
      if (type === PacketType.ATTENTION) {
        this.onAttention();
        continue;
      }
      this.deliver({ type, payload });
    }
  }

  end(): void {
    this.ended = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.(undefined);
  }

  private deliver(m: TdsMessage): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(m);
    } else {
      this.queue.push(m);
    }
  }

  /** The next message, or undefined once the connection is gone. */
  next(): Promise<TdsMessage | undefined> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiter = resolve));
  }
}

/**
 * Writes one response message as a sequence of packets, streaming: callers append tokens and the
 * writer flushes full packets as it goes, waiting for 'drain' so a slow client slows the server.
 */
export class MessageWriter {
  private chunks: Buffer[] = [];
  private size = 0;
  private packetId = 1;

  constructor(
    private readonly out: () => Writable,
    private readonly type: number,
    private readonly packetSize: number,
  ) {}

  append(buf: Buffer): void {
    this.chunks.push(buf);
    this.size += buf.length;
  }

  /** Sends every full packet accumulated so far; resolves when the socket can take more. */
  async flushFull(): Promise<void> {
    const body = this.packetSize - HEADER;
    if (this.size < body * 4) return;
    const data = Buffer.concat(this.chunks);
    const full = Math.floor(data.length / body) * body;
    const keep = data.subarray(full);
    const ok = this.writePackets(data.subarray(0, full), false);
    this.chunks = keep.length ? [keep] : [];
    this.size = keep.length;
    if (!ok) await waitDrain(this.out());
  }

  /** Sends everything accumulated so far (the last packet may be short), without ending the message. */
  async flushAll(): Promise<void> {
    const data = Buffer.concat(this.chunks);
    this.chunks = [];
    this.size = 0;
    if (data.length === 0) return;
    const ok = this.writePackets(data, false);
    if (!ok) await waitDrain(this.out());
  }

  /** Sends the rest with the end-of-message flag. */
  async end(): Promise<void> {
    const data = Buffer.concat(this.chunks);
    this.chunks = [];
    this.size = 0;
    const ok = this.writePackets(data, true);
    if (!ok) await waitDrain(this.out());
  }

  private writePackets(data: Buffer, last: boolean): boolean {
    const body = this.packetSize - HEADER;
    const out = this.out();
    if (out.destroyed || out.writableEnded) return true;
    const packets: Buffer[] = [];
    let offset = 0;
    do {
      const n = Math.min(body, data.length - offset);
      const isLast = last && offset + n >= data.length;
      const header = Buffer.alloc(HEADER);
      header[0] = this.type;
      header[1] = isLast ? STATUS_EOM : 0;
      header.writeUInt16BE(n + HEADER, 2);
      header.writeUInt16BE(0, 4);
      header[6] = this.packetId++ & 0xff;
      header[7] = 0;
      packets.push(header, data.subarray(offset, offset + n));
      offset += n;
    } while (offset < data.length);
    return out.write(Buffer.concat(packets));
  }
}

function waitDrain(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded || !out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Sends a whole message at once (login answers, small results). */
export async function sendMessage(
  out: () => Writable,
  type: number,
  packetSize: number,
  payload: Buffer,
): Promise<void> {
  const w = new MessageWriter(out, type, packetSize);
  w.append(payload);
  await w.end();
}
