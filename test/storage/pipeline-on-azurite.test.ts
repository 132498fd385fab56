// End to end on Azurite and the Slack sink: two runs of a period through the real pipeline, with history, links, lock and alerts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackAlerter } from '../../src/alerts/slack-alerter.js';
import { COLOUR_HEX, type SlackPayload } from '../../src/alerts/slack-message.js';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import { listPeriodRuns } from '../../src/history/run-history.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';
import { RunInProgressError } from '../../src/pipeline/ports/period-lock.js';
import { runReconciliation } from '../../src/pipeline/run-reconciliation.js';
import { parseCsvRecords } from '../../src/history/parse-csv.js';
import { blobRunStorage } from '../../src/service/storage-wiring.js';
import type { BlobPeriodLock } from '../../src/storage/blob-period-lock.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';
import { CsvRecordSource } from '../../src/sources/csv-source.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';
import { startAzurite, type AzuriteHandle } from '../../tools/azurite/start-azurite.js';
import { startSlackSink, type SlackSink } from '../../tools/slack-sink/slack-sink.js';

let azurite: AzuriteHandle;
let sink: SlackSink;
beforeAll(async () => {
  azurite = await startAzurite();
  sink = await startSlackSink();
});
afterAll(async () => {
  await sink?.close();
  await azurite?.close();
});

const deal = (id: string, type: string, value: string, months: string): DealLineRow => ({
  deal_id: id,
  line_id: '1',
  customer_id: `C-${id}`,
  customer_name: `Customer ${id}`,
  segment: 'Enterprise',
  revenue_type: type,
  contract_value: value,
  currency: 'USD',
  duration_months: months,
  booking_date: '2026-01-01',
  start_date: id === 'D2' ? '2026-10-01' : '2026-01-01',
  close_date: null,
});
const entry = (id: string, dealId: string, type: string, amount: string): EntryRow => ({
  entry_id: id,
  deal_id: dealId,
  revenue_type: type,
  recognition_period: '2026-10',
  recognized_amount: amount,
  currency: 'USD',
});
const deals = [
  deal('D1', 'Subscription', '12000.00', '12'),
  deal('D2', 'Consulting', '60000.00', '1'),
  deal('D3', 'Subscription', '1200.00', '12'),
];

describe('two runs of 2026-10 on Blob Storage', () => {
  it('publishes, links, locks, compares with the previous run, and alerts once per run id', async () => {
    const storage = blobRunStorage({
      REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      REPORTS_CONTAINER: 'reports',
      REPORT_LINK_EXPIRY_HOURS: 2,
    });
    const alerter = new SlackAlerter({
      webhookUrl: sink.url('/services/T/B/summary'),
      escalationWebhookUrl: sink.url('/services/T/B/escalation'),
      ledger: storage.ledger,
    });
    const settings = parseEngineSettings({});
    const run = (runId: string, entries: EntryRow[]) =>
      runReconciliation(
        { period: '2026-10', runId, trigger: 'http', settings },
        {
          source: new MemoryRecordSource(deals, entries),
          store: storage.store,
          lock: storage.lock,
          history: storage.history,
          alerter,
          log: silentLogger,
        },
      );

    // Run 1: D1 missing (warning), D2 short by 10,000 (critical), D3 matched.
    const first = await run('run-1', [
      entry('E1', 'D2', 'Consulting', '50000.00'),
      entry('E2', 'D3', 'Subscription', '100.00'),
    ]);
    expect(first.manifest.status).toBe('completed');
    expect(first.manifest.alert?.status).toBe('sent');

    // Run 2: D1 fixed (resolved, 1,000 recovered), D2 unchanged (persisting), D3 now missing (new).
    const second = await run('run-2', [
      entry('E1', 'D2', 'Consulting', '50000.00'),
      entry('E3', 'D1', 'Subscription', '1000.00'),
    ]);
    expect(second.manifest.history).toEqual({ previous_run_id: 'run-1', new: 1, persisting: 1, resolved: 1 });
    expect(second.manifest.totals[0]?.recovered).toBe('1000.00');

    const csv = parseCsvRecords(
      (await storage.store.read({ period: '2026-10', runId: 'run-2' }, 'discrepancies.csv'))!.toString(),
    );
    expect(csv.map((r) => [r.deal_id, r.lifecycle])).toEqual([
      ['D2', 'persisting'],
      ['D3', 'new'],
    ]);
    // The summary reports the revenue recovered since run-1: D1's 1,000.00, in its group and in the total.
    const summary = parseCsvRecords(
      (await storage.store.read({ period: '2026-10', runId: 'run-2' }, 'summary.csv'))!.toString(),
    );
    expect(summary.find((r) => r.segment === 'ALL')?.recovered).toBe('1000.00');
    expect(
      summary
        .filter((r) => r.segment !== 'ALL')
        .map((r) => r.recovered)
        .sort(),
    ).toContain('1000.00');

    // Finance downloads the resolved rows through the link with a plain GET.
    const resolved = await fetch(second.links['resolved.csv']!);
    expect(resolved.status).toBe(200);
    expect(await resolved.text()).toMatch(/run-2,2026-10,run-1,D1,.*,missing,-1000\.00,0\.00,1000\.00/);

    const runs = await listPeriodRuns(storage.store, '2026-10');
    expect(runs.map((r) => [r.runId, r.status])).toEqual([
      ['run-1', 'completed'],
      ['run-2', 'completed'],
    ]);

    // Slack: a red summary and an escalation per run.
    const summaries = sink.payloads.filter((p) => p.path.endsWith('/summary'));
    expect(summaries.map((p) => (p.body as SlackPayload).attachments?.[0]?.color)).toEqual([
      COLOUR_HEX.red,
      COLOUR_HEX.red,
    ]);
    expect(sink.payloads.filter((p) => p.path.endsWith('/escalation'))).toHaveLength(2);

    // Retrying run-2 with the same id: same reports, no second Slack post.
    const before = sink.payloads.length;
    const retried = await run('run-2', [
      entry('E1', 'D2', 'Consulting', '50000.00'),
      entry('E3', 'D1', 'Subscription', '1000.00'),
    ]);
    expect(retried.manifest.alert?.status).toBe('skipped');
    expect(sink.payloads.length).toBe(before);
  });

  it('a second run of a period while one holds the lock is refused', async () => {
    const storage = blobRunStorage({
      REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      REPORTS_CONTAINER: 'reports-lock',
      REPORT_LINK_EXPIRY_HOURS: 2,
    });
    const held = await storage.lock.acquire('2026-10', 'long-run');
    try {
      const refused = runReconciliation(
        { period: '2026-10', runId: 'second', trigger: 'http', settings: parseEngineSettings({}) },
        {
          source: new MemoryRecordSource(deals, []),
          store: storage.store,
          lock: storage.lock,
          log: silentLogger,
        },
      );
      await expect(refused).rejects.toBeInstanceOf(RunInProgressError);
      expect(await storage.store.listRuns('2026-10')).toEqual([]);
    } finally {
      await held.release();
    }
  });

  it('a run that lost its lease to another run of the month stops before publishing: failed, "lost the period lock"', async () => {
    const storage = blobRunStorage({
      REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      REPORTS_CONTAINER: 'reports-lost-lock',
      REPORT_LINK_EXPIRY_HOURS: 2,
    });
    const lockBlob = (storage.lock as BlobPeriodLock).lockBlob('2026-10');
    let intruder: { release(): Promise<void> } | undefined;
    // While the first run reads, its lease is lost (renewals failed past it: broken here) and a
    // second run of the month takes the lock.
    const source = new MemoryRecordSource(deals, []);
    const stealing = {
      description: source.description,
      deals: () =>
        (async function* () {
          await lockBlob.getBlobLeaseClient().breakLease(0);
          intruder = await storage.lock.acquire('2026-10', 'second-run');
          yield* source.deals();
        })(),
      entries: () => source.entries(),
    };
    try {
      const outcome = await runReconciliation(
        { period: '2026-10', runId: 'first-run', trigger: 'timer', settings: parseEngineSettings({}) },
        { source: stealing, store: storage.store, lock: storage.lock, log: silentLogger },
      );
      expect(outcome.manifest.status).toBe('failed');
      expect(outcome.manifest.failure_reason).toMatch(/^lost the period lock of 2026-10 \(renewal refused: /);
      // No report of the first run: only its failed manifest.
      expect(outcome.manifest.files).toEqual([]);
      expect(
        await storage.store.read({ period: '2026-10', runId: 'first-run' }, 'discrepancies.csv'),
      ).toBeUndefined();
      expect((await storage.lock.holder?.('2026-10'))?.runId).toBe('second-run');
    } finally {
      await intruder?.release();
    }
  });

  it('a failed run whose failure cannot be published rejects, rather than leaving an unhandled rejection', async () => {
    // The lock is real (Azurite), so releasing it takes a network round trip; the report folder sits
    // under a file, so publishing the failed manifest fails during that round trip.
    const storage = blobRunStorage({
      REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      REPORTS_CONTAINER: 'reports-unpublishable',
      REPORT_LINK_EXPIRY_HOURS: 2,
    });
    const dir = await mkdtemp(join(tmpdir(), 'recon-unpublishable-'));
    await writeFile(join(dir, 'a-file'), '');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const run = runReconciliation(
        { period: '2026-10', runId: 'unpublishable', trigger: 'http', settings: parseEngineSettings({}) },
        {
          source: new CsvRecordSource(join(dir, 'no-deals.csv'), join(dir, 'no-entries.csv')),
          store: new FolderReportStore(join(dir, 'a-file')),
          lock: storage.lock,
          log: silentLogger,
        },
      );
      await expect(run).rejects.toThrow(/ENOTDIR|not a directory/);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
      expect(await storage.lock.holder?.('2026-10')).toBeUndefined();
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
