// FolderReportStore and FolderPeriodLock on a temp folder: paths, reads, listing, links, lock refusal and stale locks.
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderPeriodLock } from '../../src/pipeline/folder-period-lock.js';
import { RunInProgressError } from '../../src/pipeline/period-lock.js';
import { FolderReportStore } from '../../src/reports/folder-report-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recon-folder-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (name: string, text: string) => ({ name, content: Buffer.from(text), contentType: 'text/csv' });

describe('FolderReportStore', () => {
  it('writes under DIR/<period>/<run_id>/<name> and reads it back', async () => {
    const store = new FolderReportStore(dir);
    const at = { period: '2026-10', runId: 'run-1' };
    await store.write(at, file('summary.csv', 'a,b\n1,2\n'));
    expect(await readFile(join(dir, '2026-10', 'run-1', 'summary.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect((await store.read(at, 'summary.csv'))?.toString()).toBe('a,b\n1,2\n');
    expect(await store.read(at, 'missing.csv')).toBeUndefined();
  });

  it('lists the runs of a period and only that period', async () => {
    const store = new FolderReportStore(dir);
    await store.write({ period: '2026-10', runId: 'b' }, file('x.csv', '1'));
    await store.write({ period: '2026-10', runId: 'a' }, file('x.csv', '1'));
    await store.write({ period: '2026-09', runId: 'c' }, file('x.csv', '1'));
    expect(await store.listRuns('2026-10')).toEqual(['a', 'b']);
    expect(await store.listRuns('2026-11')).toEqual([]);
  });

  it('removes files and gives a file:// link to the file', async () => {
    const store = new FolderReportStore(dir);
    const at = { period: '2026-10', runId: 'r' };
    await store.write(at, file('a.csv', '1'));
    const link = await store.link(at, 'a.csv');
    expect(link.startsWith('file://')).toBe(true);
    expect(await readFile(fileURLToPath(link), 'utf8')).toBe('1');
    await store.remove(at, ['a.csv', 'never-written.csv']);
    expect(await store.read(at, 'a.csv')).toBeUndefined();
  });

  it('refuses path segments that would leave the folder', async () => {
    const store = new FolderReportStore(dir);
    await expect(store.write({ period: '..', runId: 'r' }, file('a.csv', '1'))).rejects.toThrow(/invalid period/);
    await expect(store.read({ period: '2026-10', runId: 'r' }, '../../x')).rejects.toThrow(/invalid file name/);
  });
});

describe('FolderPeriodLock', () => {
  it('refuses a second run of the same period with holder and start time, and frees on release', async () => {
    const lock = new FolderPeriodLock(dir, { now: () => new Date('2026-11-01T06:00:00Z') });
    const lease = await lock.acquire('2026-10', 'first');
    const refused = await lock.acquire('2026-10', 'second').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RunInProgressError);
    expect((refused as Error).message).toBe('run in progress for 2026-10 since 2026-11-01T06:00:00.000Z (run first)');
    const other = await lock.acquire('2026-09', 'other');
    await lease.release();
    await lease.release();
    const again = await lock.acquire('2026-10', 'second');
    await again.release();
    await other.release();
  });

  it('takes over a lock left by a process of this host that no longer exists', async () => {
    const lock = new FolderPeriodLock(dir);
    await mkdir(join(dir, 'locks'), { recursive: true });
    // pid 2^22+1 is above Linux's pid_max default ceiling, so no such process exists.
    const dead = { pid: 4194305, host: hostname(), run_id: 'crashed', started_at: '2026-11-01T06:00:00.000Z' };
    await writeFile(lock.lockPath('2026-10'), JSON.stringify(dead));
    const lease = await lock.acquire('2026-10', 'fresh');
    expect(JSON.parse(await readFile(lock.lockPath('2026-10'), 'utf8')).run_id).toBe('fresh');
    await lease.release();
  });

  it('does not take over a lock from another host', async () => {
    const lock = new FolderPeriodLock(dir);
    await mkdir(join(dir, 'locks'), { recursive: true });
    const remote = { pid: 4194305, host: `${hostname()}-elsewhere`, run_id: 'remote', started_at: '2026-11-01T06:00:00.000Z' };
    await writeFile(lock.lockPath('2026-10'), JSON.stringify(remote));
    await expect(lock.acquire('2026-10', 'fresh')).rejects.toThrow('run in progress for 2026-10 since 2026-11-01T06:00:00.000Z (run remote)');
  });
});
