// TLS for TDS: a self-signed certificate made at start, and the handshake carried inside PRELOGIN packets.
import { execFileSync } from 'node:child_process';
import { Duplex } from 'node:stream';
import tls from 'node:tls';

let cached: { key: string; cert: string } | undefined;

/** A throwaway certificate for localhost / 127.0.0.1, made with the openssl CLI once per process. */
export function selfSignedCertificate(): { key: string; cert: string } {
  if (cached) return cached;
  const pem = execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      '-',
      '-out',
      '-',
      '-days',
      '7',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!key || !cert) throw new Error('openssl did not produce a key and certificate');
  cached = { key, cert };
  return cached;
}

/** One end of an in-memory pipe: what is written to one side is read from the other. */
class PipeEnd extends Duplex {
  other!: PipeEnd;
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.other.push(chunk);
    cb();
  }
  override _final(cb: (e?: Error | null) => void): void {
    this.other.push(null);
    cb();
  }
}

export function duplexPair(): [PipeEnd, PipeEnd] {
  const a = new PipeEnd();
  const b = new PipeEnd();
  a.other = b;
  b.other = a;
  return [a, b];
}

/**
 * The server side of the handshake. TDS clients wrap each TLS flight in a PRELOGIN message and
 * expect exactly one PRELOGIN message back per flight, so `feed` waits until the TLS engine has
 * gone quiet and returns everything it produced.
 */
export class TlsHandshake {
  readonly encrypted: PipeEnd;
  readonly cleartext: tls.TLSSocket;
  secure = false;
  private produced: Buffer[] = [];
  private lastData = 0;

  constructor() {
    const [encrypted, inner] = duplexPair();
    this.encrypted = encrypted;
    const { key, cert } = selfSignedCertificate();
    // Clients (tedious) cap TLS at 1.2 for TDS 7.x; match them so one flight answers each message.
    this.cleartext = new tls.TLSSocket(inner, {
      isServer: true,
      secureContext: tls.createSecureContext({ key, cert, maxVersion: 'TLSv1.2' }),
    });
    this.cleartext.on('secure', () => (this.secure = true));
    this.cleartext.on('error', () => undefined);
    encrypted.on('data', this.collect);
  }

  private readonly collect = (chunk: Buffer): void => {
    this.produced.push(chunk);
    this.lastData = Date.now();
  };

  async feed(clientData: Buffer): Promise<Buffer> {
    this.encrypted.write(clientData);
    const started = Date.now();
    // Wait for output, then for 5 ms without more output (one flight), at most 2 s.
    while (Date.now() - started < 2000) {
      await new Promise((r) => setTimeout(r, 2));
      if (this.produced.length && Date.now() - this.lastData >= 5) break;
    }
    const out = Buffer.concat(this.produced);
    this.produced = [];
    return out;
  }

  /** After the handshake, TLS records travel bare on the socket. */
  switchToRaw(send: (b: Buffer) => void): void {
    this.encrypted.off('data', this.collect);
    this.encrypted.on('data', send);
  }
}
