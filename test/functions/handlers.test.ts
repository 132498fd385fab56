// The Functions handlers called directly, with @azure/functions objects, against Azurite, the SQL emulator and the Slack stand-in.
import { HttpRequest, InvocationContext, type HttpResponseInit, type Timer } from '@azure/functions';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getReconciliation,
  listReconciliations,
  startReconciliation,
} from '../../functions/http-reconcile.js';
import { recordPoisonedRun, runQueuedReconciliation } from '../../functions/queue-reconcile.js';
import { resetServices } from '../../functions/runtime.js';
import { monthEndTimer, timerPeriod, timerRunId } from '../../functions/timer-reconcile.js';
import { loadAppSettings } from '../../src/config/app-settings.js';
import { parseCsvRecords } from '../../src/history/parse-csv.js';
import { listPeriodRuns, readRun } from '../../src/history/run-history.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';
import { blobRunStorage } from '../../src/service/storage-wiring.js';
import { requestFile } from '../../src/service/queued-requests.js';
import { startLocalStack, type LocalStack } from '../../tools/local-stack/local-stack.js';
import { COLOUR_HEX } from '../../src/alerts/slack-message.js';

const PERIOD = '2026-10';
const QUEUE = 'recon-runs-test';
let stack: LocalStack;
const logs: string[] = [];

function context(name: string, dequeueCount?: number): InvocationContext {
  return new InvocationContext({
    functionName: name,
    invocationId: `test-${name}`,
    logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
    ...(dequeueCount ? { triggerMetadata: { dequeueCount } } : {}),
  });
}

function post(body: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'https://recon.example/api/reconciliations',
    body: { string: body },
    headers: { 'content-type': 'application/json' },
  });
}

function body(response: HttpResponseInit): Record<string, unknown> {
  return response.jsonBody as Record<string, unknown>;
}

async function takeQueued(): Promise<unknown> {
  const queue = new QueueClient(stack.env.REPORTS_STORAGE_CONNECTION_STRING!, QUEUE);
  const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 1 });
  const item = receivedMessageItems[0];
  if (!item) throw new Error('no message on the run queue');
  await queue.deleteMessage(item.messageId, item.popReceipt);
  // The host base64-decodes and JSON-parses queue messages before calling the handler.
  return JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8'));
}

beforeAll(async () => {
  stack = await startLocalStack({ period: PERIOD, deals: 200, seed: 5 });
  Object.assign(process.env, stack.env, { RUN_QUEUE_NAME: QUEUE });
  resetServices();
}, 120_000);

afterAll(async () => {
  for (const key of Object.keys(stack?.env ?? {})) delete process.env[key];
  delete process.env.RUN_QUEUE_NAME;
  delete process.env.RECON_RERUN_COMPLETED;
  resetServices();
  await stack?.close();
});

describe('POST /api/reconciliations validation', () => {
  it.each([
    ['not JSON', '{period:', '(body)', 'must be a JSON object like {"period": "2026-10"}'],
    ['JSON but not an object', '["2026-10"]', '(body)', 'must be a JSON object like {"period": "2026-10"}'],
    ['null', 'null', '(body)', 'must be a JSON object like {"period": "2026-10"}'],
    ['missing period', '{}', 'period', 'is required'],
    ['malformed period', '{"period":"2026-13"}', 'period', 'must be a calendar month "YYYY-MM"'],
    ['period as a number', '{"period":202610}', 'period', 'must be a string "YYYY-MM"'],
    ['notify not a boolean', '{"period":"2026-10","notify":"yes"}', 'notify', 'must be true or false'],
    ['force as a number', '{"period":"2026-10","force":1}', 'force', 'must be true or false'],
    [
      'unknown field',
      '{"period":"2026-10","perod":"x"}',
      'perod',
      'is not a known field (period, notify, force)',
    ],
  ])('answers 400 naming the field and why: %s', async (_name, text, field, reason) => {
    const response = await startReconciliation(post(text), context('startReconciliation'));
    expect(response.status).toBe(400);
    expect([body(response).field, body(response).reason, body(response).error]).toEqual([
      field,
      reason,
      `${field} ${reason}`,
    ]);
  });

  it('answers 413 for a body past 16 KiB, read or declared, without parsing it', async () => {
    const big = `{"period":"2026-10","pad":"${'x'.repeat(20_000)}"}`;
    const response = await startReconciliation(post(big), context('startReconciliation'));
    expect([response.status, body(response).field, body(response).reason]).toEqual([
      413,
      '(body)',
      'must be at most 16384 bytes',
    ]);
    const declared = await startReconciliation(
      new HttpRequest({
        method: 'POST',
        url: 'https://recon.example/api/reconciliations',
        headers: { 'content-length': '99999999', 'content-type': 'application/json' },
        body: { string: '{"period":"2026-10"}' },
      }),
      context('startReconciliation'),
    );
    expect(declared.status).toBe(413);
  });

  it('answers 415 naming the content-type for a body sent as a form or other non-JSON type; JSON, +json and text/plain are read as JSON', async () => {
    const send = (contentType: string | undefined) =>
      startReconciliation(
        new HttpRequest({
          method: 'POST',
          url: 'https://recon.example/api/reconciliations',
          body: { string: '{"period":"not-a-month"}' },
          ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
        }),
        context('startReconciliation'),
      );
    // curl -d without -H sends a form: refused before the body is read.
    const form = await send('application/x-www-form-urlencoded');
    expect([form.status, body(form).field, body(form).reason]).toEqual([
      415,
      'content-type',
      'must be application/json, not "application/x-www-form-urlencoded"',
    ]);
    expect((await send('multipart/form-data; boundary=x')).status).toBe(415);
    // These reach the body's own check (the period is not a month: 400 naming it).
    for (const accepted of [
      undefined,
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/merge-patch+json',
    ]) {
      const response = await send(accepted);
      expect([accepted, response.status, body(response).field]).toEqual([accepted, 400, 'period']);
    }
  });

  it('answers 400 for a malformed run id and a missing period query', async () => {
    for (const runId of ['../etc', '2026-10.a..b', `2026-10.${'x'.repeat(100)}`]) {
      const get = await getReconciliation(
        new HttpRequest({
          method: 'GET',
          url: 'https://recon.example/api/reconciliations/x',
          params: { runId },
        }),
        context('getReconciliation'),
      );
      expect([get.status, body(get).field]).toEqual([400, 'runId']);
    }
    const list = await listReconciliations(
      new HttpRequest({ method: 'GET', url: 'https://recon.example/api/reconciliations' }),
      context('listReconciliations'),
    );
    expect([list.status, body(list).field]).toEqual([400, 'period']);
  });
});

describe('an on-demand run: HTTP → queue → worker → status', () => {
  let runId: string;

  it('queues the run and answers 202 with the run id and a status URL', async () => {
    const response = await startReconciliation(
      post(`{"period":"${PERIOD}"}`),
      context('startReconciliation'),
    );
    expect(response.status).toBe(202);
    runId = String(body(response).runId);
    expect(runId.startsWith(`${PERIOD}.`)).toBe(true);
    expect(body(response).statusUrl).toBe(
      `https://recon.example/api/reconciliations/${encodeURIComponent(runId)}`,
    );
    const pending = await getReconciliation(
      new HttpRequest({ method: 'GET', url: String(body(response).statusUrl), params: { runId } }),
      context('getReconciliation'),
    );
    expect([pending.status, body(pending).status]).toEqual([404, 'pending']);
    // The list says the same of it; a run id never requested is told apart from a queued one.
    const list = await listReconciliations(
      new HttpRequest({
        method: 'GET',
        url: `https://recon.example/api/reconciliations?period=${PERIOD}`,
        query: { period: PERIOD },
      }),
      context('listReconciliations'),
    );
    const listed = (body(list).runs as { runId: string; status: string }[]).find((r) => r.runId === runId);
    expect(listed).toEqual({ runId, period: PERIOD, status: 'pending' });
    const stranger = `${PERIOD}.20260101T000000Z-abcdef`;
    const unknown = await getReconciliation(
      new HttpRequest({ method: 'GET', url: 'https://recon.example/x', params: { runId: stranger } }),
      context('getReconciliation'),
    );
    expect([unknown.status, body(unknown).status]).toEqual([404, 'unknown']);
    expect(body(unknown).error).toContain('never requested');
  });

  it('the queue worker runs the pipeline from SQL into Blob Storage and posts to Slack', async () => {
    const message = await takeQueued();
    expect(message).toMatchObject({ runId, period: PERIOD, notify: true, force: false, trigger: 'http' });
    await runQueuedReconciliation(message, context('runQueuedReconciliation'));
    const response = await getReconciliation(
      new HttpRequest({ method: 'GET', url: 'https://recon.example/x', params: { runId } }),
      context('getReconciliation'),
    );
    expect(response.status).toBe(200);
    const status = body(response);
    expect(status).toMatchObject({ runId, period: PERIOD, status: 'completed' });
    const links = status.links as Record<string, string>;
    expect(Object.keys(links)).toEqual([
      'report.html',
      'discrepancies.csv',
      'summary.csv',
      'data-quality.csv',
      'open-items.csv',
      'closed-items.csv',
      'aging.csv',
      'reconciliation.xlsx',
    ]);
    expect(status.reportUrl).toBe(links['report.html']);
    // The page opens in the browser (inline); the data files download under a name saying month and run.
    const page = await fetch(links['report.html']!);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-disposition')).toMatch(/^inline; filename=/);
    expect(await page.text()).toContain('<meta http-equiv="Content-Security-Policy"');
    const csv = await (await fetch(links['discrepancies.csv']!)).text();
    expect(csv.startsWith('run_id,period,deal_id')).toBe(true);
    // With history the status carries the open items to date per currency: as many as open-items.csv lists.
    const openCsv = parseCsvRecords(
      (await (await fetch(links['open-items.csv']!)).text()).replace(/^\uFEFF/, ''),
    );
    const openByCurrency = new Map<string, number>();
    for (const r of openCsv) openByCurrency.set(r.currency!, (openByCurrency.get(r.currency!) ?? 0) + 1);
    const ltd = status.lifeToDate as { totals: { currency: string; open_items: number }[] };
    expect(ltd.totals.filter((t) => t.open_items > 0).map((t) => [t.currency, t.open_items])).toEqual(
      [...openByCurrency].sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    expect(openCsv.length).toBeGreaterThan(0);
    expect(stack.slack.payloads.length).toBeGreaterThan(0);
    expect(logs.some((l) => l.includes(`run_id=${runId}`) && l.includes('run completed'))).toBe(true);
  });

  it("lists the period's runs with their status and totals", async () => {
    const response = await listReconciliations(
      new HttpRequest({
        method: 'GET',
        url: `https://recon.example/api/reconciliations?period=${PERIOD}`,
        query: { period: PERIOD },
      }),
      context('listReconciliations'),
    );
    expect(response.status).toBe(200);
    const runs = body(response).runs as { runId: string; status: string; totals: unknown[] }[];
    expect(runs.find((r) => r.runId === runId)).toMatchObject({ status: 'completed' });
    expect(runs.find((r) => r.runId === runId)!.totals.length).toBeGreaterThan(0);
  });

  it('refuses a second run of a reconciled period without force (409), queues it with force (202)', async () => {
    const again = await startReconciliation(post(`{"period":"${PERIOD}"}`), context('startReconciliation'));
    expect([again.status, body(again).runId]).toEqual([409, runId]);
    const forced = await startReconciliation(
      post(`{"period":"${PERIOD}","force":true,"notify":false}`),
      context('startReconciliation'),
    );
    expect(forced.status).toBe(202);
    const message = await takeQueued();
    await runQueuedReconciliation(message, context('runQueuedReconciliation'));
    const rerun = await getReconciliation(
      new HttpRequest({
        method: 'GET',
        url: 'https://recon.example/x',
        params: { runId: String(body(forced).runId) },
      }),
      context('getReconciliation'),
    );
    // The re-run is compared with the first run: nothing changed, so everything persists.
    expect(body(rerun)).toMatchObject({
      status: 'completed',
      history: { previous_run_id: runId, new: 0, resolved: 0 },
    });
  });

  it('a second POST while the first waits in the queue is refused (409) naming it; two that raced past that check run once', async () => {
    const first = await startReconciliation(
      post('{"period":"2026-06","notify":false}'),
      context('startReconciliation'),
    );
    expect(first.status).toBe(202);
    const second = await startReconciliation(
      post('{"period":"2026-06","notify":false,"force":true}'),
      context('startReconciliation'),
    );
    expect([second.status, body(second).runId]).toEqual([409, body(first).runId]);
    expect(String(body(second).error)).toMatch(/^a run of 2026-06 is already queued \(run 2026-06\./);
    // Two POSTs at the same instant can both pass the check: the later request, run after the first, is skipped.
    const raced = {
      runId: '2026-06.raced',
      period: '2026-06',
      notify: false,
      force: false,
      trigger: 'http',
      requestedAt: new Date().toISOString(),
    };
    await runQueuedReconciliation(await takeQueued(), context('runQueuedReconciliation'));
    await runQueuedReconciliation(raced, context('runQueuedReconciliation'));
    const status = async (id: unknown) =>
      body(
        await getReconciliation(
          new HttpRequest({ method: 'GET', url: 'https://recon.example/x', params: { runId: String(id) } }),
          context('getReconciliation'),
        ),
      );
    expect(await status(body(first).runId)).toMatchObject({ status: 'completed' });
    expect(await status('2026-06.raced')).toMatchObject({
      status: 'skipped',
      skipReason: `2026-06 was reconciled by run ${String(body(first).runId)} after this request was made; send "force": true to run it again`,
    });
  });

  it('a request queued more than 30 minutes ago without any outcome (a lost message) no longer blocks the month', async () => {
    const storage = blobRunStorage(loadAppSettings(process.env), silentLogger);
    const hourAgo = new Date(Date.now() - 60 * 60_000).toISOString();
    await storage.store.write(
      { period: '2026-04', runId: '2026-04.lost' },
      requestFile({
        runId: '2026-04.lost',
        period: '2026-04',
        notify: false,
        force: false,
        trigger: 'http',
        requestedAt: hourAgo,
        waits: 0,
      }),
    );
    const response = await startReconciliation(
      post('{"period":"2026-04","notify":false}'),
      context('startReconciliation'),
    );
    expect(response.status).toBe(202);
    await takeQueued();
  });

  it('a queued request that meets a run in progress is skipped, or waits for it when forced; its own redelivery (after a crash) takes over its lease and runs', async () => {
    const storage = blobRunStorage(loadAppSettings(process.env), silentLogger);
    const lease = await storage.lock.acquire('2026-05', '2026-05.long-run');
    const message = (runId: string, force: boolean) => ({
      runId,
      period: '2026-05',
      notify: false,
      force,
      trigger: 'http',
      requestedAt: new Date().toISOString(),
    });
    try {
      await runQueuedReconciliation(message('2026-05.duplicate', false), context('runQueuedReconciliation'));
      await runQueuedReconciliation(message('2026-05.forced', true), context('runQueuedReconciliation'));
      await runQueuedReconciliation(message('2026-05.long-run', false), context('runQueuedReconciliation'));
    } finally {
      await lease.release();
    }
    const runs = await listPeriodRuns(storage.store, '2026-05');
    expect(runs.map((r) => [r.runId, r.status, r.skipReason])).toEqual([
      [
        '2026-05.duplicate',
        'skipped',
        'run 2026-05.long-run of 2026-05 was in progress when this request came up; its reports answer it',
      ],
      // The lease the test holds stands for a crashed first attempt of this run: the redelivery took it over.
      ['2026-05.long-run', 'completed', undefined],
    ]);
    // The forced request went back on the queue, invisible for two minutes, counting its waits.
    const queue = new QueueClient(stack.env.REPORTS_STORAGE_CONNECTION_STRING!, QUEUE);
    expect((await queue.peekMessages()).peekedMessageItems).toEqual([]);
    expect((await queue.getProperties()).approximateMessagesCount).toBe(1);
    await queue.clearMessages();
  });

  it('a redelivered message of a run that has an outcome changes nothing', async () => {
    const storage = blobRunStorage(loadAppSettings(process.env), silentLogger);
    const done = (await listPeriodRuns(storage.store, PERIOD)).find((r) => r.status === 'completed')!;
    const before = stack.slack.payloads.length;
    // Even forced, and even with a source that would now fail: the completed run keeps its reports.
    stack.sql.faults.add({ on: 'query', database: 'Accounting', error: 229, times: Infinity });
    try {
      await runQueuedReconciliation(
        {
          runId: done.runId,
          period: PERIOD,
          notify: true,
          force: true,
          trigger: 'http',
          requestedAt: new Date().toISOString(),
        },
        context('runQueuedReconciliation'),
      );
    } finally {
      stack.sql.faults.clear();
    }
    expect((await readRun(storage.store, { period: PERIOD, runId: done.runId })).status).toBe('completed');
    expect(
      await storage.store.read({ period: PERIOD, runId: done.runId }, 'discrepancies.csv'),
    ).toBeDefined();
    expect(stack.slack.payloads.length).toBe(before);
  });

  it('answers 409 while the period is running', async () => {
    const storage = blobRunStorage(loadAppSettings(process.env), silentLogger);
    const lease = await storage.lock.acquire('2026-09', '2026-09.someone-else');
    try {
      const response = await startReconciliation(
        post('{"period":"2026-09"}'),
        context('startReconciliation'),
      );
      expect(response.status).toBe(409);
      expect(String(body(response).error)).toMatch(/^run in progress for 2026-09 since /);
    } finally {
      await lease.release();
    }
  });
});

describe('a run whose source fails', () => {
  it('publishes no report, records failed with the reason, and sends the grey failure alert', async () => {
    const before = stack.slack.payloads.length;
    // 229: permission denied on the Accounting query, a non-transient error: no retry, the run fails.
    stack.sql.faults.add({ on: 'query', database: 'Accounting', error: 229, times: Infinity });
    const runId = '2026-07.source-down';
    try {
      await runQueuedReconciliation(
        {
          runId,
          period: '2026-07',
          notify: true,
          force: false,
          trigger: 'http',
          requestedAt: new Date().toISOString(),
        },
        context('runQueuedReconciliation'),
      );
    } finally {
      stack.sql.faults.clear();
    }
    const response = await getReconciliation(
      new HttpRequest({ method: 'GET', url: 'https://recon.example/x', params: { runId } }),
      context('getReconciliation'),
    );
    expect(body(response)).toMatchObject({
      status: 'failed',
      failureReason: expect.stringMatching(/Accounting.*229/),
    });
    expect(body(response).links).toEqual({});
    const storage = blobRunStorage(loadAppSettings(process.env), silentLogger);
    for (const name of ['discrepancies.csv', 'summary.csv', 'data-quality.csv']) {
      expect(await storage.store.read({ period: '2026-07', runId }, name)).toBeUndefined();
    }
    expect(stack.slack.payloads.length).toBe(before + 1);
    const alert = stack.slack.payloads.at(-1)!.body as { attachments?: { color?: string }[] };
    expect(JSON.stringify(alert)).toContain('229');
    expect(alert.attachments?.[0]?.color).toBe(COLOUR_HEX.grey);
  });
});

describe('poison messages', () => {
  it('end as a failed manifest and a failure alert', async () => {
    const before = stack.slack.payloads.length;
    const runId = '2026-08.poisoned-1';
    await recordPoisonedRun(
      {
        runId,
        period: '2026-08',
        notify: true,
        force: false,
        trigger: 'http',
        requestedAt: new Date().toISOString(),
      },
      context('recordPoisonedRun', 5),
    );
    const response = await getReconciliation(
      new HttpRequest({ method: 'GET', url: 'https://recon.example/x', params: { runId } }),
      context('getReconciliation'),
    );
    expect(body(response)).toMatchObject({
      status: 'failed',
      failureReason: expect.stringContaining('after 5 attempts'),
    });
    expect(stack.slack.payloads.length).toBe(before + 1);
    expect(JSON.stringify(stack.slack.payloads.at(-1)!.body)).toContain('2026-08');
  });

  it('a malformed message is refused by the worker so the host retries and poisons it', async () => {
    await expect(
      runQueuedReconciliation({ period: 'soon' }, context('runQueuedReconciliation')),
    ).rejects.toThrow(/malformed run message/);
    // A run id of another month would never be found by its status URL; one with ".." is no safe path.
    for (const runId of ['2026-09.x', '2026-10.a..b']) {
      const message = {
        runId,
        period: '2026-10',
        notify: false,
        force: false,
        trigger: 'http',
        requestedAt: new Date().toISOString(),
      };
      await expect(runQueuedReconciliation(message, context('runQueuedReconciliation'))).rejects.toThrow(
        /malformed run message: runId/,
      );
    }
  });

  it('leave a run that already completed as it is, and log anything that is not a run request', async () => {
    const storage = blobRunStorage(loadAppSettings(process.env), silentLogger);
    const done = (await listPeriodRuns(storage.store, PERIOD)).find((r) => r.status === 'completed')!;
    const before = stack.slack.payloads.length;
    await recordPoisonedRun(
      {
        runId: done.runId,
        period: PERIOD,
        notify: true,
        force: false,
        trigger: 'http',
        requestedAt: new Date().toISOString(),
      },
      context('recordPoisonedRun', 5),
    );
    expect((await readRun(storage.store, { period: PERIOD, runId: done.runId })).status).toBe('completed');
    expect(stack.slack.payloads.length).toBe(before);
    logs.length = 0;
    await recordPoisonedRun(undefined, context('recordPoisonedRun', 5));
    expect(logs.some((l) => l.includes('poison message is not a run request'))).toBe(true);
  });
});

describe('month-end timer', () => {
  const timer: Timer = {
    isPastDue: true,
    schedule: { adjustForDST: true },
    scheduleStatus: { last: '', next: '', lastUpdated: '' },
  };

  // Fired on 1 October, the timer reconciles September (the HTTP tests above already did October).
  const runsOf = async (period: string) =>
    body(
      await listReconciliations(
        new HttpRequest({ method: 'GET', url: 'https://recon.example/x', query: { period } }),
        context('listReconciliations'),
      ),
    ).runs as { runId: string; status: string }[];

  it('reconciles the month that just ended, logging that it is past due', async () => {
    logs.length = 0;
    await monthEndTimer(timer, context('monthEndReconciliation'), new Date('2026-10-01T06:00:00Z'));
    expect(logs.some((l) => l.includes('timer is past due'))).toBe(true);
    expect(await runsOf('2026-09')).toEqual([
      expect.objectContaining({ runId: '2026-09.timer-20261001T0600', status: 'completed' }),
    ]);
  });

  it('names a run after its scheduled occurrence, so a retry an hour later keeps the id', () => {
    const scheduled: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: {
        last: '2026-09-01T06:00:00+00:00',
        next: '2026-10-01T06:00:00+00:00',
        lastUpdated: '',
      },
    };
    const first = timerRunId('2026-09', scheduled, new Date('2026-10-01T06:59:30Z'));
    expect(first).toBe('2026-09.timer-20261001T0600');
    expect(timerRunId('2026-09', scheduled, new Date('2026-10-01T07:14:00Z'))).toBe(first);
  });

  it('reconciles the month before its scheduled occurrence, also when it fires late after an outage', () => {
    const late: Timer = {
      isPastDue: true,
      schedule: { adjustForDST: true },
      scheduleStatus: {
        last: '2026-10-01T06:00:00+00:00',
        next: '2026-11-01T06:00:00+00:00',
        lastUpdated: '',
      },
    };
    expect(timerPeriod(late, new Date('2026-12-03T09:00:00Z'))).toBe('2026-10');
    expect(
      timerRunId(timerPeriod(late, new Date('2026-12-03T09:00:00Z')), late, new Date('2026-12-03T09:00:00Z')),
    ).toBe('2026-10.timer-20261101T0600');
  });

  it('run by hand mid-month (its status still points at the next occurrence), reconciles the month that just ended', () => {
    const manual: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: {
        last: '2026-11-01T06:00:00+00:00',
        next: '2026-12-01T06:00:00+00:00',
        lastUpdated: '',
      },
    };
    const now = new Date('2026-11-15T10:30:00Z');
    expect(timerPeriod(manual, now)).toBe('2026-10');
    expect(timerRunId('2026-10', manual, now)).toBe('2026-10.timer-20261115T1030');
  });

  it('does not re-run a completed month unless RECON_RERUN_COMPLETED says so', async () => {
    const [completed] = await runsOf('2026-09');
    await monthEndTimer(timer, context('monthEndReconciliation'), new Date('2026-10-01T07:00:00Z'));
    // The same occurrence delivered again (same run id) does not redo it either.
    await monthEndTimer(timer, context('monthEndReconciliation'), new Date('2026-10-01T06:00:00Z'));
    expect(await runsOf('2026-09')).toEqual([completed]);
    process.env.RECON_RERUN_COMPLETED = 'true';
    resetServices();
    await monthEndTimer(timer, context('monthEndReconciliation'), new Date('2026-10-01T08:00:00Z'));
    expect((await runsOf('2026-09')).map((r) => r.runId)).toEqual([
      '2026-09.timer-20261001T0600',
      '2026-09.timer-20261001T0800',
    ]);
  });

  it('a prompt retry of an attempt that crashed holding the lock runs the month (no silent skip)', async () => {
    const storage = blobRunStorage(loadAppSettings(process.env), silentLogger);
    const fired = new Date('2025-04-01T06:00:00Z');
    const runId = timerRunId('2025-03', timer, fired);
    // The first attempt took the lock and died: nothing released it, and its 60 s are not over.
    await storage.lock.acquire('2025-03', runId);
    await monthEndTimer(timer, context('monthEndReconciliation'), fired);
    expect(await runsOf('2025-03')).toMatchObject([{ runId, status: 'completed' }]);
  });

  it('fails the invocation (the retry policy tries again) while another run of the month holds the lock', async () => {
    const storage = blobRunStorage(loadAppSettings(process.env), silentLogger);
    const lease = await storage.lock.acquire('2025-02', '2025-02.on-demand');
    try {
      await expect(
        monthEndTimer(timer, context('monthEndReconciliation'), new Date('2025-03-01T06:00:00Z')),
      ).rejects.toThrow(/run in progress for 2025-02 .*\(run 2025-02\.on-demand\)/);
    } finally {
      await lease.release();
    }
    expect(await runsOf('2025-02')).toEqual([]);
  });
});
