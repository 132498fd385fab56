// A run without a manifest, as the status API tells it: running, pending, incomplete or unknown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRun } from '../../src/history/run-history.js';
import { requestFile } from '../../src/service/queued-requests.js';
import { inFlightOf } from '../../src/service/run-progress.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';

const dir = await mkdtemp(join(tmpdir(), 'run-progress-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('inFlightOf', () => {
  const store = new FolderReportStore(dir);
  const period = '2026-10';
  const queued = `${period}.20261101T060000Z-aaaaaa`;
  const stopped = `${period}.20261101T060000Z-bbbbbb`;
  const stranger = `${period}.20261101T060000Z-cccccc`;
  let lists = 0;
  const state = async (runId: string, holder?: { runId?: string; since: string }) => {
    const listed = async () => {
      lists++;
      return (await store.listRuns(period)).includes(runId);
    };
    return inFlightOf(store, await readRun(store, { period, runId }), holder, listed);
  };

  it('tells each state apart', async () => {
    await store.write(
      { period, runId: queued },
      requestFile({
        runId: queued,
        period,
        requestedAt: '2026-11-01T06:00:00.000Z',
        notify: true,
        force: false,
        trigger: 'http',
        waits: 0,
      }),
    );
    await store.write(
      { period, runId: stopped },
      { name: 'discrepancies.csv', content: Buffer.from('x'), contentType: 'text/csv' },
    );
    expect(await state(queued)).toEqual({ status: 'pending' });
    // A queued or running run is told apart without listing the month's runs (a poll per second).
    expect(lists).toBe(0);
    expect(await state(queued, { runId: queued, since: '2026-11-01T06:00:05.000Z' })).toEqual({
      status: 'running',
      startedAt: '2026-11-01T06:00:05.000Z',
    });
    // Another run holds the lock: this one still waits.
    expect(await state(queued, { runId: stopped, since: '2026-11-01T06:00:05.000Z' })).toEqual({
      status: 'pending',
    });
    expect(lists).toBe(0);
    expect(await state(stopped)).toEqual({ status: 'incomplete' });
    expect(await state(stranger)).toEqual({ status: 'unknown' });
  });
});
