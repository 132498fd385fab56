// FolderReportStore on a temp folder: paths, reads, listing, links, and path segments that may not climb out.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';

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
    await expect(store.write({ period: '..', runId: 'r' }, file('a.csv', '1'))).rejects.toThrow(
      /invalid period/,
    );
    await expect(store.read({ period: '2026-10', runId: 'r' }, '../../x')).rejects.toThrow(
      /invalid file name/,
    );
  });
});
