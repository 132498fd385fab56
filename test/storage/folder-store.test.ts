// FolderReportStore on a temp folder, beyond the shared contract: its paths, its links, and path segments that may not climb out.
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
  it('writes under DIR/<period>/<run_id>/<name>', async () => {
    const store = new FolderReportStore(dir);
    const at = { period: '2026-10', runId: 'run-1' };
    await store.write(at, file('summary.csv', 'a,b\n1,2\n'));
    expect(await readFile(join(dir, '2026-10', 'run-1', 'summary.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('links with a file:// URL to the file itself', async () => {
    const store = new FolderReportStore(dir);
    const at = { period: '2026-10', runId: 'r' };
    await store.write(at, file('a.csv', '1'));
    const link = await store.link(at, 'a.csv');
    expect(link.startsWith('file://')).toBe(true);
    expect(fileURLToPath(link)).toBe(join(dir, '2026-10', 'r', 'a.csv'));
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
