// BlobReportStore (beyond the shared contract), SAS links and the blob lease lock against a real Azurite.
import { BlobClient, BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BlobPeriodLock } from '../../src/storage/blob-period-lock.js';
import { RunInProgressError } from '../../src/pipeline/ports/period-lock.js';
import { BlobReportStore } from '../../src/storage/blob-report-store.js';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';
import { runReconciliation } from '../../src/pipeline/run-reconciliation.js';
import { MANIFEST_NAME } from '../../src/reports/manifest.js';
import { blobRunStorage } from '../../src/service/storage-wiring.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';
import { line } from '../helpers/engine.js';
import type { ReportFile, ReportStore, RunLocation } from '../../src/pipeline/ports/report-store.js';
import { LinkSigner, downloadFileName, linkWindow, MAX_DELEGATION_MS } from '../../src/storage/sas-links.js';
import { startAzurite, type AzuriteHandle } from '../../tools/azurite/start-azurite.js';

let azurite: AzuriteHandle;
let service: BlobServiceClient;
let containerSeq = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
});
afterAll(async () => {
  await azurite?.close();
});

/** Each test gets its own container so they cannot see each other's runs. */
function store(expiryHours = 168, now?: () => Date): BlobReportStore {
  containerSeq++;
  return new BlobReportStore({
    service,
    container: `reports-${containerSeq}`,
    links: { signing: 'account-key', expiryHours, ...(now ? { now } : {}) },
  });
}

const csv = (name: string, text: string): ReportFile => ({
  name,
  content: Buffer.from(text),
  contentType: 'text/csv; charset=utf-8',
});
const at: RunLocation = { period: '2026-10', runId: '20261101T060000Z-abc' };

describe('BlobReportStore on Azurite', () => {
  it('writes <container>/<period>/<run_id>/<name> with its content type', async () => {
    const s = store();
    await s.write(at, csv('summary.csv', 'a,b\r\n1,2\r\n'));
    const blob = service
      .getContainerClient(`reports-${containerSeq}`)
      .getBlobClient('2026-10/20261101T060000Z-abc/summary.csv');
    const props = await blob.getProperties();
    expect(props.contentType).toBe('text/csv; charset=utf-8');
  });

  // The pipeline's publication order, on Blob Storage: files, then the manifest; on failure, no report.
  const run = (reportStore: ReportStore, runId: string) =>
    runReconciliation(
      { period: '2026-10', runId, trigger: 'cli', settings: parseEngineSettings({}) },
      {
        source: new MemoryRecordSource(
          [line({ deal_id: 'D1', line_id: 'L1', start_date: '2026-10-01' })],
          [],
        ),
        store: reportStore,
        log: silentLogger,
      },
    );

  it('the pipeline writes the manifest only after every other file', async () => {
    const s = store();
    const order: string[] = [];
    const recording: ReportStore = {
      ...s,
      description: s.description,
      write: async (l, f) => {
        order.push(f.name);
        await s.write(l, f);
      },
      remove: (l, n) => s.remove(l, n),
      read: (l, n) => s.read(l, n),
      listRuns: (p) => s.listRuns(p),
      link: (l, n) => s.link(l, n),
    };
    await run(recording, at.runId);
    expect(order).toEqual([
      'report.html',
      'discrepancies.csv',
      'summary.csv',
      'data-quality.csv',
      'reconciliation.xlsx',
      MANIFEST_NAME,
    ]);
    expect(JSON.parse((await s.read(at, MANIFEST_NAME))!.toString())).toMatchObject({
      run_id: at.runId,
      status: 'completed',
    });
  });

  it('the pipeline withdraws written files and publishes only a failed manifest when a write fails', async () => {
    const s = store();
    const failing: ReportStore = {
      description: 'failing',
      read: (l, n) => s.read(l, n),
      remove: (l, n) => s.remove(l, n),
      listRuns: (p) => s.listRuns(p),
      link: (l, n) => s.link(l, n),
      write: async (l, f) => {
        if (f.name === 'summary.csv') throw new Error('disk on fire');
        await s.write(l, f);
      },
    };
    const outcome = await run(failing, at.runId);
    expect(outcome.manifest).toMatchObject({ status: 'failed', failure_reason: 'disk on fire', files: [] });
    expect(await s.read(at, 'discrepancies.csv')).toBeUndefined();
    expect(JSON.parse((await s.read(at, MANIFEST_NAME))!.toString())).toMatchObject({ status: 'failed' });
  });
});

describe('download links', () => {
  it('a link downloads the file with a plain HTTP GET, as an attachment with a readable name', async () => {
    const s = store();
    await s.write(at, csv('discrepancies.csv', 'run_id,period\r\n'));
    const link = await s.link(at, 'discrepancies.csv');
    const url = new URL(link);
    expect(url.searchParams.get('sp')).toBe('r');
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('run_id,period\r\n');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="recon-2026-10-20261101T060000Z-abc-discrepancies.csv"',
    );
  });

  it('a link is read-only: writing through it is refused', async () => {
    const s = store();
    await s.write(at, csv('summary.csv', 'original'));
    const link = await s.link(at, 'summary.csv');
    const res = await fetch(link, {
      method: 'PUT',
      body: 'tampered',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
    });
    expect(res.status).toBe(403);
    expect((await s.read(at, 'summary.csv'))?.toString()).toBe('original');
  });

  it('an expired link is refused', async () => {
    // Signed "three hours ago" with a one-hour life: it expired two hours ago.
    const s = store(1, () => new Date(Date.now() - 3 * 3_600_000));
    await s.write(at, csv('summary.csv', 'secret'));
    const res = await fetch(await s.link(at, 'summary.csv'));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('secret');
  });

  it('blobRunStorage from a connection string (Azurite) signs with the account key and never describes the key', async () => {
    const { store: s } = blobRunStorage({
      REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      REPORTS_CONTAINER: 'from-settings',
      REPORT_LINK_EXPIRY_HOURS: 2,
    });
    expect(s.description).toContain('from-settings');
    expect(s.description).not.toContain('AccountKey');
    await s.write(at, csv('a.csv', 'hello'));
    const res = await fetch(await s.link(at, 'a.csv'));
    expect(await res.text()).toBe('hello');
  });
});

describe('user-delegation links (signed offline; Azurite cannot issue delegation keys over HTTP)', () => {
  const key = {
    signedObjectId: '00000000-0000-0000-0000-000000000001',
    signedTenantId: '00000000-0000-0000-0000-000000000002',
    signedStartsOn: new Date('2026-11-01T00:00:00Z'),
    signedExpiresOn: new Date('2026-11-08T00:00:00Z'),
    signedService: 'b',
    signedVersion: '2025-01-05',
    value: Buffer.from('k'.repeat(32)).toString('base64'),
  };
  it('asks the service for a delegation key once and signs HTTPS-only, read-only links', async () => {
    let calls = 0;
    const fakeService = {
      getUserDelegationKey: async () => {
        calls++;
        return key;
      },
    } as unknown as BlobServiceClient;
    const now = () => new Date('2026-11-01T06:00:00Z');
    const signer = new LinkSigner({ signing: 'user-delegation', expiryHours: 24, now }, fakeService);
    const blob = new BlobClient('https://acct.blob.core.windows.net/reports/2026-10/r1/summary.csv');
    const first = new URL(await signer.sign(blob, { period: '2026-10', runId: 'r1' }, 'summary.csv'));
    await signer.sign(blob, { period: '2026-10', runId: 'r1' }, 'discrepancies.csv');
    expect(calls).toBe(1);
    expect(first.searchParams.get('spr')).toBe('https');
    expect(first.searchParams.get('sp')).toBe('r');
    expect(first.searchParams.get('skoid')).toBe(key.signedObjectId);
    expect(first.searchParams.get('se')).toBe('2026-11-02T06:00:00Z');
    expect(first.searchParams.get('rscd')).toBe('attachment; filename="recon-2026-10-r1-summary.csv"');
  });

  it('caps a user-delegation link at the 7-day limit of delegation keys; account-key links are not capped', () => {
    const now = () => new Date('2026-11-01T06:00:00Z');
    const ud = linkWindow({ signing: 'user-delegation', expiryHours: 24 * 30, now });
    expect(ud.expiresOn.getTime() - now().getTime()).toBeLessThan(MAX_DELEGATION_MS);
    const ak = linkWindow({ signing: 'account-key', expiryHours: 24 * 30, now });
    expect(ak.expiresOn.getTime() - now().getTime()).toBe(30 * 24 * 3_600_000);
  });

  it('refuses user-delegation signing without a service client', () => {
    expect(() => new LinkSigner({ signing: 'user-delegation', expiryHours: 1 })).toThrow(/BlobServiceClient/);
  });

  it('file names are readable and safe for a header', () => {
    expect(downloadFileName({ period: '2026-10', runId: 'a b"c' }, 'summary.csv')).toBe(
      'recon-2026-10-a_b_c-summary.csv',
    );
  });
});

describe('BlobPeriodLock on Azurite', () => {
  it('refuses a second run of a period with its start time and holder, and frees the period on release', async () => {
    const lock = new BlobPeriodLock({
      service,
      container: 'locks-a',
      now: () => new Date('2026-11-01T06:00:00Z'),
    });
    const lease = await lock.acquire('2026-10', 'first');
    const refused = await lock.acquire('2026-10', 'second').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RunInProgressError);
    expect((refused as Error).message).toBe(
      'run in progress for 2026-10 since 2026-11-01T06:00:00.000Z (run first)',
    );
    const otherPeriod = await lock.acquire('2026-09', 'other');
    await lease.release();
    await lease.release();
    const second = await lock.acquire('2026-10', 'second');
    const refusedAgain = await lock.acquire('2026-10', 'third').catch((e: unknown) => e);
    expect((refusedAgain as RunInProgressError).holderRunId).toBe('second');
    await second.release();
    await otherPeriod.release();
  });

  it('lets a retry of the same run take over its own stale lease (a crash left it held), never another run', async () => {
    const lock = new BlobPeriodLock({ service, container: 'locks-e', leaseSeconds: 60 });
    // The first attempt "crashed": its lease is never released and still has most of its 60 s.
    await lock.acquire('2026-10', '2026-10.timer-20261101T0600');
    const retry = await lock.acquire('2026-10', '2026-10.timer-20261101T0600');
    expect((await lock.holder('2026-10'))?.runId).toBe('2026-10.timer-20261101T0600');
    await expect(lock.acquire('2026-10', '2026-10.other')).rejects.toBeInstanceOf(RunInProgressError);
    await retry.release();
    expect(await lock.holder('2026-10')).toBeUndefined();
  });

  it('keeps renewing the lease while the run lives', async () => {
    let renewals = 0;
    let twice!: () => void;
    const renewedTwice = new Promise<void>((r) => (twice = r));
    const lock = new BlobPeriodLock({
      service,
      container: 'locks-b',
      leaseSeconds: 15,
      renewEveryMs: 50,
      onRenewed: () => {
        if (++renewals === 2) twice();
      },
      onRenewalError: (_p, e) => {
        throw e;
      },
    });
    const lease = await lock.acquire('2026-10', 'long-run');
    await renewedTwice;
    await expect(lock.acquire('2026-10', 'intruder')).rejects.toBeInstanceOf(RunInProgressError);
    await lease.release();
    expect(renewals).toBeGreaterThanOrEqual(2);
  });

  it('asks the service to create its container once per process, not on every run', async () => {
    // A spy, not a stub: the real call still goes to Azurite.
    const creates = vi.spyOn(ContainerClient.prototype, 'createIfNotExists');
    try {
      const lock = new BlobPeriodLock({ service, container: 'locks-d' });
      for (const period of ['2026-08', '2026-09', '2026-10'])
        await (await lock.acquire(period, 'r')).release();
      expect(creates).toHaveBeenCalledTimes(1);
    } finally {
      creates.mockRestore();
    }
  });

  it('the lock blob is not mistaken for a run of any period', async () => {
    const s = new BlobReportStore({
      service,
      container: 'locks-c',
      links: { signing: 'account-key', expiryHours: 1 },
    });
    const lease = await new BlobPeriodLock({ service, container: 'locks-c' }).acquire('2026-10', 'r');
    expect(await s.listRuns('2026-10')).toEqual([]);
    await lease.release();
  });
});
