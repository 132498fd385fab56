// Run history on Azurite (and a folder): listing runs, the last completed run, and the re-run lifecycle.
import { BlobServiceClient } from '@azure/storage-blob';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/rules/lifecycle.js';
import {
  findPreviousRun,
  listPeriodRuns,
  parseDiscrepancies,
  StoreRunHistory,
} from '../../src/history/run-history.js';
import { BlobReportStore } from '../../src/storage/blob-report-store.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';
import { describeFile, manifestFile, type Manifest } from '../../src/reports/manifest.js';
import { renderDiscrepancies } from '../../src/reports/render.js';
import type { ReportStore } from '../../src/pipeline/ports/report-store.js';
import { manifest, row } from './fixtures.js';
import type { ReconRow } from '../../src/rules/classify.js';
import { startAzurite, type AzuriteHandle } from '../../tools/azurite/start-azurite.js';

let azurite: AzuriteHandle;
let service: BlobServiceClient;
let seq = 0;
beforeAll(async () => {
  azurite = await startAzurite();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
});
afterAll(async () => {
  await azurite?.close();
});

const blobStore = () =>
  new BlobReportStore({
    service,
    container: `history-${++seq}`,
    links: { signing: 'account-key', expiryHours: 1 },
  });
const period = '2026-10';

/** Writes a run as the pipeline does: discrepancies.csv rendered by the real renderer, then the manifest. */
async function publish(
  store: ReportStore,
  runId: string,
  rows: ReconRow[],
  m: Partial<Manifest> = {},
): Promise<void> {
  const file = renderDiscrepancies({ discrepancies: rows }, { runId, period });
  await store.write({ period, runId }, file);
  await store.write(
    { period, runId },
    manifestFile(manifest({ run_id: runId, files: [describeFile(file)], ...m })),
  );
}

const first = [
  row({ dealId: 'D-1', status: 'missing', variance: -100_000 }),
  row({
    dealId: 'D-2',
    typeKey: 'consulting',
    revenueType: 'Consulting',
    category: 'one_time',
    status: 'over',
    variance: 50_000,
  }),
  row({ dealId: '=HYPERLINK("x")', status: 'orphan', customerName: '', variance: 2_000 }),
  row({ dealId: 'D-JP', currency: 'JPY', status: 'under', variance: -1500 }),
  row({ dealId: 'D-X', typeKey: '', revenueType: '(no type)', status: 'orphan', variance: 300 }),
];

describe('run history on Azurite', () => {
  it('lists runs with status and times: completed, failed, and incomplete (no manifest)', async () => {
    const store = blobStore();
    await publish(store, 'run-1', first);
    await publish(store, 'run-2', [], {
      status: 'failed',
      failure_reason: 'login failed',
      started_at: '2026-11-02T06:00:00.000Z',
      finished_at: '2026-11-02T06:00:05.000Z',
    });
    await store.write(
      { period, runId: 'run-3' },
      { name: 'summary.csv', content: Buffer.from('x'), contentType: 'text/csv' },
    );
    await store.write(
      { period, runId: 'run-4' },
      { name: 'manifest.json', content: Buffer.from('{"run_id":'), contentType: 'application/json' },
    );
    const runs = await listPeriodRuns(store, period);
    expect(runs.map((r) => [r.runId, r.status])).toEqual([
      ['run-1', 'completed'],
      ['run-2', 'failed'],
      ['run-3', 'incomplete'],
      ['run-4', 'unreadable'],
    ]);
    expect(runs[1]?.failureReason).toBe('login failed');
    expect(runs[0]?.finishedAt).toBe('2026-11-01T06:01:00.000Z');
  });

  it('reads back discrepancies.csv exactly: keys, minor units per currency, formula guard undone', async () => {
    const store = blobStore();
    await publish(store, 'run-1', first);
    const previous = await findPreviousRun(store, period, 'run-now');
    expect(previous?.runId).toBe('run-1');
    const byDeal = new Map(previous!.discrepancies.map((d) => [d.dealId, d]));
    expect(byDeal.get('D-1')).toEqual({
      dealId: 'D-1',
      typeKey: 'subscription',
      currency: 'USD',
      status: 'missing',
      variance: -100_000,
      customerId: 'C-1',
      customerName: 'Acme Corp',
      segment: 'Enterprise',
      revenueType: 'Subscription',
    });
    expect(byDeal.get('D-2')?.typeKey).toBe('consulting');
    expect(byDeal.get('=HYPERLINK("x")')?.variance).toBe(2_000);
    expect(byDeal.get('D-JP')?.variance).toBe(-1500);
    expect(byDeal.get('D-X')?.typeKey).toBe('');
  });

  it('a re-run marks new, persisting and resolved against the last completed run, ignoring failed and incomplete ones', async () => {
    const store = blobStore();
    await publish(store, 'run-1', first.slice(0, 2), { finished_at: '2026-11-01T06:01:00.000Z' });
    await publish(store, 'run-older', [row({ dealId: 'D-OLD' })], {
      started_at: '2026-10-31T06:00:00.000Z',
      finished_at: '2026-10-31T06:01:00.000Z',
    });
    await publish(store, 'run-2', [], {
      status: 'failed',
      started_at: '2026-11-02T06:00:00.000Z',
      finished_at: '2026-11-02T06:00:05.000Z',
    });
    await store.write(
      { period, runId: 'run-3' },
      { name: 'discrepancies.csv', content: Buffer.from('garbage'), contentType: 'text/csv' },
    );

    const history = new StoreRunHistory(store);
    const previous = await history.previous(period, 'run-4');
    expect(previous?.runId).toBe('run-1');

    const now = [
      row({ dealId: 'D-1', status: 'matched', severity: 'ok', recognized: 100_000, variance: 0 }),
      row({
        dealId: 'D-2',
        typeKey: 'consulting',
        revenueType: 'Consulting',
        status: 'over',
        variance: 40_000,
      }),
      row({ dealId: 'D-NEW', status: 'under', variance: -7_000 }),
    ];
    const current = {
      discrepancies: now.filter((r) => r.status !== 'matched'),
      rowsOf: (dealId: string, typeKey: string) =>
        now.filter((r) => r.dealId === dealId && r.typeKey === typeKey),
    };
    const lifecycle = compareRuns(previous!.runId, previous!.discrepancies, current);
    expect(lifecycle.lifecycle.get(now[1]!)).toBe('persisting');
    expect(lifecycle.lifecycle.get(now[2]!)).toBe('new');
    expect(lifecycle.resolved.map((r) => [r.current.dealId, r.recovered])).toEqual([['D-1', 100_000]]);
    expect(lifecycle.recoveredByCurrency.get('USD')).toBe(100_000);
  });

  it('the current run is never its own baseline', async () => {
    const store = blobStore();
    await publish(store, 'run-1', first);
    expect(await new StoreRunHistory(store).previous(period, 'run-1')).toBeUndefined();
    expect(await new StoreRunHistory(store).previous('2026-09', 'run-1')).toBeUndefined();
  });

  it('passes over a completed run whose discrepancies.csv was altered or removed', async () => {
    const store = blobStore();
    await publish(store, 'run-a', [row({ dealId: 'A' })], { finished_at: '2026-11-01T06:00:00.000Z' });
    await publish(store, 'run-b', [row({ dealId: 'B' })], { finished_at: '2026-11-02T06:00:00.000Z' });
    await publish(store, 'run-c', [row({ dealId: 'C' })], { finished_at: '2026-11-03T06:00:00.000Z' });
    await store.write(
      { period, runId: 'run-c' },
      { name: 'discrepancies.csv', content: Buffer.from('run_id\r\nedited\r\n'), contentType: 'text/csv' },
    );
    await store.remove({ period, runId: 'run-b' }, ['discrepancies.csv']);
    const skipped: string[] = [];
    const previous = await findPreviousRun(store, period, 'run-d', {
      onSkip: (id, why) => skipped.push(`${id}: ${why}`),
    });
    expect(previous?.runId).toBe('run-a');
    expect(previous?.discrepancies.map((d) => d.dealId)).toEqual(['A']);
    expect(skipped).toEqual([
      'run-c: discrepancies.csv does not match the checksum in its manifest',
      'run-b: discrepancies.csv is missing',
    ]);
  });
});

describe('run history on a folder', () => {
  it('works the same on any ReportStore', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-history-'));
    try {
      const store = new FolderReportStore(dir);
      await publish(store, 'run-1', first);
      const previous = await new StoreRunHistory(store).previous(period, 'run-2');
      expect(previous?.discrepancies).toHaveLength(first.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a discrepancies file without the expected columns', () => {
    expect(() => parseDiscrepancies(Buffer.from('deal_id,status\r\nD-1,missing\r\n'))).toThrow(
      /column .* is missing/,
    );
  });
});
