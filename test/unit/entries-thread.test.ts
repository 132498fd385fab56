// When the CSV source reads the entries on a worker thread (by the file's size unless forced either way), and whether its history comes first.
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENTRIES_THREAD_MIN_BYTES,
  historyHasEntryRows,
  readsOnThread,
} from '../../src/sources/csv-source.js';

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

describe('historyHasEntryRows', () => {
  const history = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it('is true for a header with recognition_period, in any case and place, quoted, after a BOM or with CRLF', async () => {
    for (const [name, text] of [
      [
        'plain.csv',
        'entry_id,deal_id,revenue_type,recognition_period,recognized_amount\nE1,D1,Support,2026-09,1.00\n',
      ],
      ['cased.csv', 'Deal_ID, Recognition_Period ,Recognized_Amount\r\nD1,2026-09,1.00\r\n'],
      ['quoted.csv', '"deal_id","recognized_amount","recognition_period"\n'],
      ['bom.csv', '\uFEFFrecognition_period,deal_id,recognized_amount\n'],
      ['mac.csv', 'deal_id,recognized_amount,recognition_period\rD1,1.00,2026-09\r'],
    ])
      expect(historyHasEntryRows(await history(name!, text!)), name).toBe(true);
  });

  it('is false for aggregated rows: no recognition_period column, whatever the rows hold', async () => {
    const path = await history(
      'aggregated.csv',
      'deal_id,revenue_type,currency,recognized_amount,entry_count\nD1,recognition_period,USD,1.00,1\n',
    );
    expect(historyHasEntryRows(path)).toBe(false);
    expect(historyHasEntryRows(await history('header-only.csv', 'deal_id,recognized_amount'))).toBe(false);
  });

  it('is true (the history first, as before) when the header cannot be read here', async () => {
    expect(historyHasEntryRows(join(dir, 'missing.csv'))).toBe(true);
    expect(historyHasEntryRows(await history('empty.csv', ''))).toBe(true);
    expect(historyHasEntryRows(await history('stray-quote.csv', 'deal_id,"recognized_amount\n'))).toBe(true);
  });
});
