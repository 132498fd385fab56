// SlackAlerter against the local Slack sink over real HTTP: delivery, escalation, retries, outages, idempotency, secrecy.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryAlertLedger, StoreAlertLedger } from '../../src/alerts/alert-ledger.js';
import {
  createSlackAlerter,
  SlackAlerter,
  type SlackAlerterOptions,
} from '../../src/alerts/slack-alerter.js';
import { COLOUR_HEX, type SlackPayload } from '../../src/alerts/slack-message.js';
import { runLogger } from '../../src/pipeline/ports/logger.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';
import { startSlackSink, type SlackSink } from '../../tools/slack-sink/slack-sink.js';
import { amber, green, grey, red } from './fixtures.js';

let sink: SlackSink;
let logLines: string[];
let waits: number[];
const SUMMARY = '/services/T000/B000/summarySECRET';
const ESCALATION = '/services/T000/B111/escalationSECRET';

beforeEach(async () => {
  sink = await startSlackSink({ port: 0 });
  logLines = [];
  waits = [];
});
afterEach(async () => {
  await sink.close();
});

function alerter(options: Partial<SlackAlerterOptions> = {}): SlackAlerter {
  return new SlackAlerter({
    webhookUrl: sink.url(SUMMARY),
    log: runLogger((level, line) => logLines.push(`${level} ${line}`), { run_id: 'run-1' }),
    // Short waits keep the suite quick; the waits asked for are recorded and checked instead of timed.
    policy: { timeoutMs: 500, maxAttempts: 4, baseDelayMs: 8, maxDelayMs: 40, maxRetryAfterMs: 5_000 },
    deps: {
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((r) => setTimeout(r, Math.min(ms, 5)));
      },
    },
    ...options,
  });
}

const colourOf = (p: unknown) => (p as SlackPayload).attachments?.[0]?.color;

describe('SlackAlerter delivery', () => {
  it.each([
    ['green', green, COLOUR_HEX.green],
    ['amber', amber, COLOUR_HEX.amber],
    ['red', red, COLOUR_HEX.red],
    ['grey', grey, COLOUR_HEX.grey],
  ] as const)('posts one %s summary', async (_name, make, colour) => {
    const result = await alerter().announce(make());
    expect(result.status).toBe('sent');
    expect(sink.payloads).toHaveLength(1);
    expect(sink.payloads[0]?.path).toBe(SUMMARY);
    expect(colourOf(sink.payloads[0]?.body)).toBe(colour);
  });

  it('escalates a red run to the escalation webhook and mentions the user groups', async () => {
    const result = await alerter({
      escalationWebhookUrl: sink.url(ESCALATION),
      userGroups: ['S01ABC'],
    }).announce(red());
    expect(result.status).toBe('sent');
    expect(sink.payloads.map((p) => p.path)).toEqual([SUMMARY, ESCALATION]);
    expect((sink.payloads[0]?.body as SlackPayload).text).toContain('<!subteam^S01ABC>');
    expect((sink.payloads[1]?.body as SlackPayload).text).toContain('<!subteam^S01ABC> Escalation');
  });

  it('does not escalate an amber run', async () => {
    await alerter({ escalationWebhookUrl: sink.url(ESCALATION), userGroups: ['S01ABC'] }).announce(amber());
    expect(sink.payloads.map((p) => p.path)).toEqual([SUMMARY]);
    expect(JSON.stringify(sink.payloads[0]?.body)).not.toContain('subteam');
  });

  it('is skipped when no webhook is configured', async () => {
    const result = await new SlackAlerter({}).announce(red());
    expect(result.status).toBe('skipped');
    expect(sink.requests).toHaveLength(0);
  });

  it('createSlackAlerter reads the SLACK_* settings', async () => {
    const a = createSlackAlerter({
      SLACK_WEBHOOK_URL: sink.url(SUMMARY),
      SLACK_ESCALATION_WEBHOOK_URL: sink.url(ESCALATION),
      SLACK_ESCALATION_USER_GROUPS: ['S9'],
      SLACK_TIMEOUT_MS: 1000,
    });
    expect((await a.announce(red())).status).toBe('sent');
    expect(sink.payloads.map((p) => p.path)).toEqual([SUMMARY, ESCALATION]);
  });
});

describe('SlackAlerter retries', () => {
  it('honours 429 Retry-After, then delivers', async () => {
    sink.failNext({ status: 429, retryAfterSeconds: 2 });
    const result = await alerter().announce(amber());
    expect(result.status).toBe('sent');
    expect(waits).toEqual([2000]);
    expect(sink.requests.map((r) => r.outcome)).toEqual(['429', '200']);
    expect(sink.payloads).toHaveLength(1);
  });

  it('retries 5xx with growing backoff, then delivers', async () => {
    sink.failNext({ status: 500 }, { status: 503 });
    const result = await alerter().announce(amber());
    expect(result.status).toBe('sent');
    expect(result.detail).toContain('after 3 attempts');
    expect(sink.requests.map((r) => r.outcome)).toEqual(['500', '503', '200']);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(4);
    expect(waits[0]).toBeLessThanOrEqual(8);
    expect(waits[1]).toBeGreaterThanOrEqual(8);
    expect(waits[1]).toBeLessThanOrEqual(16);
  });

  it('does not repeat a request that timed out or was reset: Slack may have posted it (no duplicate)', async () => {
    sink.failNext({ hang: true });
    const hung = await alerter().announce(amber());
    expect(hung.status).toBe('failed');
    expect(hung.detail).toContain('timed out; not retried: Slack may have posted it');
    expect(sink.requests.map((r) => r.outcome)).toEqual(['hang']);
    sink.failNext({ reset: true });
    const reset = await alerter().announce(amber());
    expect(reset.status).toBe('failed');
    expect(reset.detail).toContain('not retried: Slack may have posted it');
    expect(sink.requests.map((r) => r.outcome)).toEqual(['hang', 'reset']);
    expect(sink.payloads).toHaveLength(0);
  });

  it('retries a connection refused before anything was sent', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const result = await alerter({ webhookUrl: `http://127.0.0.1:${port}/services/T/B/x` }).announce(amber());
    expect(result.status).toBe('failed');
    expect(result.detail).toContain('after 4 attempts');
    expect(waits).toHaveLength(3);
  });

  it('still alerts with storage down, saying so, when the ledger cannot be read', async () => {
    const { BlobServiceClient } = await import('@azure/storage-blob');
    const { BlobReportStore } = await import('../../src/storage/blob-report-store.js');
    const down = new BlobReportStore({
      // Nothing listens on port 9 here: every storage call fails at once.
      service: new BlobServiceClient('http://127.0.0.1:9/devstoreaccount1', undefined, {
        retryOptions: { maxTries: 1 },
      }),
      container: 'reports',
      links: { signing: 'account-key', expiryHours: 1 },
      accountDescription: '127.0.0.1:9/devstoreaccount1',
    });
    const result = await alerter({ ledger: new StoreAlertLedger(down) }).announce(grey());
    expect(result.status).toBe('sent');
    const [payload] = await sink.waitForPayloads(1);
    const text = JSON.stringify(payload!.body);
    expect(text).toContain('Report storage is down');
    expect(text).toContain('blob container reports on 127.0.0.1:9/devstoreaccount1: reading');
    expect((payload!.body as SlackPayload).text).toContain('(report storage is down)');
    expect(
      logLines.some((l) => l.startsWith('warn report storage is down; alerting without the ledger')),
    ).toBe(true);
  });

  it('does not retry a 4xx Slack rejects for good', async () => {
    sink.failNext({ status: 404, body: 'no_service' });
    const result = await alerter().announce(amber());
    expect(result.status).toBe('failed');
    expect(result.detail).toContain('HTTP 404 no_service');
    expect(sink.requests).toHaveLength(1);
  });

  it('gives up on a Retry-After longer than it is willing to wait', async () => {
    sink.failNext({ status: 429, retryAfterSeconds: 3600 });
    const result = await alerter().announce(amber());
    expect(result.status).toBe('failed');
    expect(result.detail).toContain('too long to wait');
    expect(waits).toEqual([]);
  });
});

describe('SlackAlerter failures never fail the run', () => {
  it('a Slack outage returns failed without throwing, and logs no webhook URL', async () => {
    sink.failNext({ status: 500 }, { status: 500 }, { status: 502 }, { status: 503 });
    const result = await alerter({ escalationWebhookUrl: sink.url(ESCALATION) }).announce(red());
    expect(result.status).toBe('failed');
    expect(result.detail).toContain('summary failed');
    expect(result.detail).toContain('HTTP 503');
    const everything = JSON.stringify(result) + logLines.join('\n');
    expect(everything).not.toContain('SECRET');
    expect(everything).not.toContain('/services/');
    expect(logLines.some((l) => l.startsWith('warn slack alert failed'))).toBe(true);
  });

  it('an unreachable Slack (connection refused) returns failed without throwing or leaking the URL', async () => {
    const url = sink.url(SUMMARY);
    await sink.close();
    const result = await alerter({ webhookUrl: url }).announce(amber());
    expect(result.status).toBe('failed');
    expect(result.detail).toContain('ECONNREFUSED');
    expect(JSON.stringify(result) + logLines.join('\n')).not.toContain('SECRET');
  });

  it('a fetch error quoting the URL is redacted', async () => {
    const leaky: typeof fetch = async (input) => {
      throw new Error(`request to ${String(input)} failed`);
    };
    const result = await alerter({ deps: { fetch: leaky, sleep: async () => {} } }).announce(amber());
    expect(result.status).toBe('failed');
    expect(result.detail).toContain('[webhook]');
    expect(JSON.stringify(result) + logLines.join('\n')).not.toContain('SECRET');
  });

  it('a broken ledger does not stop the alert (it was a failed alert with nothing posted)', async () => {
    const ledger = {
      wasPosted: async () => {
        throw new Error('storage down');
      },
      markPosted: async () => {},
    };
    const result = await alerter({ ledger }).announce(amber());
    expect(result.status).toBe('sent');
    expect(sink.payloads).toHaveLength(1);
  });
});

describe('SlackAlerter idempotency', () => {
  it('a retried run with the same run id does not post twice (ledger in the run folder)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-ledger-'));
    try {
      const ledger = new StoreAlertLedger(new FolderReportStore(dir));
      const options = { ledger, escalationWebhookUrl: sink.url(ESCALATION) };
      expect((await alerter(options).announce(red())).status).toBe('sent');
      const again = await alerter(options).announce(red());
      expect(again.status).toBe('skipped');
      expect(again.detail).toContain('already posted');
      expect(sink.payloads).toHaveLength(2);
      expect((await readdir(join(dir, '2026-10', 'run-1'))).sort()).toEqual([
        'alert-run-1-completed-escalation.json',
        'alert-run-1-completed-summary.json',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('after a failed post, the retry posts; only the channel that failed is posted again', async () => {
    const ledger = new MemoryAlertLedger();
    sink.failNext({ status: 404, body: 'no_service' });
    // The summary fails for good; the escalation goes through.
    const first = await alerter({ ledger, escalationWebhookUrl: sink.url(ESCALATION) }).announce(red());
    expect(first.status).toBe('failed');
    const second = await alerter({ ledger, escalationWebhookUrl: sink.url(ESCALATION) }).announce(red());
    expect(second.status).toBe('sent');
    expect(sink.payloads.map((p) => p.path)).toEqual([ESCALATION, SUMMARY]);
  });

  it('a run that failed and then completes under the same id announces both outcomes once', async () => {
    const ledger = new MemoryAlertLedger();
    await alerter({ ledger }).announce(grey());
    await alerter({ ledger }).announce(grey());
    await alerter({ ledger }).announce(amber());
    await alerter({ ledger }).announce(amber());
    expect(sink.payloads.map((p) => colourOf(p.body))).toEqual([COLOUR_HEX.grey, COLOUR_HEX.amber]);
  });
});
