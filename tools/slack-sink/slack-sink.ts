// A local stand-in for Slack incoming webhooks: records payloads, checks Slack's limits, and fails on request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedPayload {
  /** Webhook path, e.g. /services/T000/B000/XXXX: which "channel" it went to. */
  path: string;
  body: unknown;
}

/** What the sink does with the next request instead of accepting it. */
export type SinkFailure =
  | { status: 429; retryAfterSeconds?: number }
  | { status: number; body?: string }
  | { hang: true }
  | { reset: true };

export interface SlackSink {
  /** Webhook URL for a path (default /services/T000/B000/local). */
  url(path?: string): string;
  /** Accepted payloads, in order. */
  payloads: ReceivedPayload[];
  /** Every request seen, accepted or not. */
  requests: { path: string; outcome: string }[];
  /** Queue failures answered, in order, to the next requests (to any path). */
  failNext(...failures: SinkFailure[]): void;
  /** Resolves when `count` payloads have been accepted. */
  waitForPayloads(count: number): Promise<ReceivedPayload[]>;
  close(): Promise<void>;
}

export interface StartSlackSinkOptions {
  port?: number;
  host?: string;
  /** Called with each accepted payload (the demo prints it). */
  onPayload?: (payload: ReceivedPayload) => void;
}

const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;
const MAX_HEADER_TEXT = 150;

/** The checks Slack makes that our messages could plausibly break; Slack answers 400 invalid_blocks. */
export function slackLimitProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'invalid_payload';
  const payload = body as { text?: unknown; blocks?: unknown[]; attachments?: { blocks?: unknown[] }[] };
  if (typeof payload.text !== 'string' && !payload.blocks && !payload.attachments) return 'no_text';
  const blocks = [...(payload.blocks ?? []), ...(payload.attachments ?? []).flatMap((a) => a.blocks ?? [])];
  if (blocks.length > MAX_BLOCKS) return 'invalid_blocks';
  for (const raw of blocks) {
    const block = raw as {
      type?: string;
      text?: { text?: string };
      fields?: { text?: string }[];
      elements?: { text?: string }[];
    };
    const text = block.text?.text ?? '';
    if (block.type === 'header' && text.length > MAX_HEADER_TEXT) return 'invalid_blocks';
    if (block.type === 'section' && text.length > MAX_SECTION_TEXT) return 'invalid_blocks';
    if ((block.fields?.length ?? 0) > 10 || (block.fields ?? []).some((f) => (f.text ?? '').length > 2000))
      return 'invalid_blocks';
    if ((block.elements?.length ?? 0) > 10) return 'invalid_blocks';
  }
  return undefined;
}

export async function startSlackSink(options: StartSlackSinkOptions = {}): Promise<SlackSink> {
  const payloads: ReceivedPayload[] = [];
  const requests: { path: string; outcome: string }[] = [];
  const failures: SinkFailure[] = [];
  const waiters: { count: number; resolve: (p: ReceivedPayload[]) => void }[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const failure = failures.shift();
    if (failure) {
      if ('hang' in failure) {
        requests.push({ path, outcome: 'hang' });
        hanging.add(res);
        return;
      }
      if ('reset' in failure) {
        requests.push({ path, outcome: 'reset' });
        req.socket.destroy();
        return;
      }
      requests.push({ path, outcome: String(failure.status) });
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (failure.status === 429)
        headers['retry-after'] = String(
          'retryAfterSeconds' in failure ? (failure.retryAfterSeconds ?? 1) : 1,
        );
      res
        .writeHead(failure.status, headers)
        .end(
          'body' in failure && failure.body
            ? failure.body
            : failure.status === 429
              ? 'rate_limited'
              : 'internal_error',
        );
      return;
    }
    if (req.method !== 'POST') {
      requests.push({ path, outcome: '405' });
      res.writeHead(405).end('invalid_method');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      requests.push({ path, outcome: '400' });
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
      return;
    }
    const problem = slackLimitProblem(body);
    if (problem) {
      requests.push({ path, outcome: '400' });
      res.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
      return;
    }
    const received = { path, body };
    payloads.push(received);
    requests.push({ path, outcome: '200' });
    options.onPayload?.(received);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    for (const w of [...waiters]) {
      if (payloads.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payloads.slice());
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;

  return {
    url: (path = '/services/T000/B000/local') =>
      `http://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`,
    payloads,
    requests,
    failNext: (...f) => {
      failures.push(...f);
    },
    waitForPayloads: (count) =>
      payloads.length >= count
        ? Promise.resolve(payloads.slice())
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        // Keep-alive and hanging sockets would hold close() open forever.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
