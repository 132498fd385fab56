// When the CSV source reads the entries on a worker thread: by the file's size unless forced either way.
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRIES_THREAD_MIN_BYTES, readsOnThread } from '../../src/sources/csv-source.js';

let dir: string;
let small: string;
let large: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recon-entries-thread-'));
  small = join(dir, 'small.csv');
  large = join(dir, 'large.csv');
  await writeFile(small, 'entry_id,deal_id\n');
  await writeFile(large, '');
  await truncate(large, ENTRIES_THREAD_MIN_BYTES); // sparse: the size is what counts
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readsOnThread', () => {
  it('reads a file of at least ENTRIES_THREAD_MIN_BYTES on the thread by default, a smaller one not', () => {
    expect(readsOnThread('auto', large)).toBe(true);
    expect(readsOnThread('auto', small)).toBe(false);
  });

  it('leaves a file it cannot stat to the in-process read, which says why', () => {
    expect(readsOnThread('auto', join(dir, 'missing.csv'))).toBe(false);
  });

  it('follows a forced choice whatever the size', () => {
    expect(readsOnThread('always', small)).toBe(true);
    expect(readsOnThread('always', join(dir, 'missing.csv'))).toBe(true);
    expect(readsOnThread('never', large)).toBe(false);
  });
});
