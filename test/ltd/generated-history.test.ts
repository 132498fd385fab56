// `recon generate --history-months` through the CLI's main(): its history and life-to-date ground truth, reproduced by `recon run --history`.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPeriod, parsePeriod } from '../../src/core/dates.js';
import { parseCsvRecords } from '../../src/history/parse-csv.js';
import { generateMonth } from '../../src/generator/generate.js';
import { reconHere as recon } from '../helpers/cli.js';
import { runWithHistory } from './helpers.js';

const PERIOD = '2026-10';
let dir: string;
const csv = async (folder: string, name: string) =>
  parseCsvRecords((await readFile(join(dir, folder, name), 'utf8')).replace(/^\uFEFF/, ''));
const key = (r: Record<string, string>) => `${r.deal_id}|${r.revenue_type!.toLowerCase()}|${r.currency}`;
const byKey = <T extends Record<string, string>>(rows: T[], pick: (r: T) => unknown) =>
  new Map(rows.map((r) => [key(r), pick(r)]));

/** Ground-truth rows as the header-keyed records a CSV file reads into. */
const records = (rows: readonly object[]): Record<string, string>[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));

async function generate(out: string, ...extra: string[]) {
  const g = await recon([
    'generate',
    '--deals',
    '1500',
    '--period',
    PERIOD,
    '--out',
    join(dir, out),
    ...extra,
  ]);
  expect([g.code, g.stderr]).toEqual([0, '']);
}

async function run(out: string, period: string, entries: string, history: string, previous?: string) {
  const args = ['run', '--period', period, '--deals', join(dir, 'gen/deals.csv'), '--entries', entries];
  args.push('--history', history, '--out', join(dir, out), '--run-id', `run-${period}`, '--quiet');
  if (previous) args.push('--previous', join(dir, previous));
  const r = await recon(args);
  expect([r.code, r.stderr]).toEqual([0, '']);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recon-genhist-'));
  await generate('gen', '--seed', '11', '--history-months', '4');
  await generate('plain', '--seed', '11');
  await run('alone', PERIOD, join(dir, 'gen/entries.csv'), join(dir, 'gen/history.csv'));
  // A chain of monthly runs over the four months of history, then the period: the same history file
  // serves every month (its rows of the month and later are ignored), and is each earlier month's entries.
  const p = parsePeriod(PERIOD)!;
  let previous: string | undefined;
  for (let m = p - 4; m <= p; m++) {
    const month = formatPeriod(m);
    const entries = m === p ? 'gen/entries.csv' : 'gen/history.csv';
    await run(`chain-${month}`, month, join(dir, entries), join(dir, 'gen/history.csv'), previous);
    previous = `chain-${month}`;
  }
}, 180_000);

describe('recon generate --history-months', () => {
  it('leaves the month of --history-months 0 as it was: its rows come first, the cases after', async () => {
    for (const f of ['deals.csv', 'entries.csv', 'truth.csv']) {
      const plain = await readFile(join(dir, 'plain', f), 'utf8');
      const withHistory = await readFile(join(dir, 'gen', f), 'utf8');
      expect(withHistory.startsWith(plain)).toBe(true);
      expect(withHistory.length).toBeGreaterThan(plain.length);
    }
    expect(await readFile(join(dir, 'gen/data-quality-truth.csv'), 'utf8')).toBe(
      await readFile(join(dir, 'plain/data-quality-truth.csv'), 'utf8'),
    );
    expect(existsSync(join(dir, 'plain/history.csv'))).toBe(false);
    // The history is entry rows of the four months before the period and the opening month before them.
    const months = new Set((await csv('gen', 'history.csv')).map((r) => r.recognition_period!.slice(0, 7)));
    expect([...months].sort()).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
  });

  it('the run with --history reproduces the to_date of every discrepancy and the LTD figures of every key', async () => {
    const truth = byKey(await csv('gen', 'ltd-truth.csv'), (t) => [
      t.ltd_expected,
      t.ltd_recognized,
      t.ltd_variance,
      t.ltd_status === 'open' ? 'open' : 'timing',
    ]);
    const rows = (await csv('alone', 'discrepancies.csv')).filter((r) => r.status !== 'orphan');
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows)
      expect([r.ltd_expected, r.ltd_recognized, r.ltd_variance, r.to_date], key(r)).toEqual(
        truth.get(key(r)),
      );
    const manifest = JSON.parse(await readFile(join(dir, 'alone/manifest.json'), 'utf8')) as {
      life_to_date: { keys: number };
    };
    expect(manifest.life_to_date.keys).toBe(truth.size);
  });

  it('open-items.csv and closed-items.csv are the ground truth, item for item', async () => {
    const open = (rows: Record<string, string>[]) =>
      byKey(rows, (r) => [r.month_status, r.ltd_expected, r.ltd_recognized, r.ltd_variance, r.change]);
    const truthOpen = await csv('gen', 'open-items-truth.csv');
    expect(open(await csv('alone', 'open-items.csv'))).toEqual(open(truthOpen));
    const closed = (rows: Record<string, string>[]) =>
      byKey(rows, (r) => [r.month_status, r.ltd_variance_previous, r.ltd_variance]);
    const truthClosed = await csv('gen', 'closed-items-truth.csv');
    expect(closed(await csv('alone', 'closed-items.csv'))).toEqual(closed(truthClosed));
    expect(truthClosed.length).toBeGreaterThanOrEqual(3);
    // Alone (no previous run) a new item is open since the period and a continuing one is undated.
    const since = (rows: Record<string, string>[]) => byKey(rows, (r) => [r.open_since, r.age_months]);
    const expected = new Map(
      truthOpen.map((t) => [key(t), t.change === 'new' ? [PERIOD, '1'] : ['', '']] as const),
    );
    expect(since(await csv('alone', 'open-items.csv'))).toEqual(expected);
  });

  it('a chain of monthly runs over the history dates every item as the ground truth does', async () => {
    const chain = `chain-${PERIOD}`;
    const since = (rows: Record<string, string>[]) => byKey(rows, (r) => [r.open_since, r.age_months ?? '']);
    expect(since(await csv(chain, 'open-items.csv'))).toEqual(
      since(await csv('gen', 'open-items-truth.csv')),
    );
    expect(since(await csv(chain, 'closed-items.csv'))).toEqual(
      since(await csv('gen', 'closed-items-truth.csv')),
    );
    // Some items are dated before the period, some are undated (open before the history begins).
    const dates = (await csv(chain, 'open-items.csv')).map((r) => r.open_since);
    expect(dates.some((d) => d !== '' && d !== PERIOD)).toBe(true);
    expect(dates.some((d) => d === '')).toBe(true);
  });

  it('injects the cases of life to date, with the amounts worked out by hand', async () => {
    const named = async (name: string) => {
      const all: Record<string, string>[] = [
        ...(await csv('alone', 'discrepancies.csv')).map((r) => ({ ...r, file: 'discrepancies' })),
        ...(await csv(`chain-${PERIOD}`, 'open-items.csv')).map((r) => ({ ...r, file: 'open' })),
        ...(await csv(`chain-${PERIOD}`, 'closed-items.csv')).map((r) => ({ ...r, file: 'closed' })),
      ];
      return all
        .filter((r) => r.customer_name === name)
        .map((r) =>
          r.file === 'discrepancies'
            ? [r.file, r.revenue_type, r.currency, r.status, r.variance, r.ltd_variance, r.to_date]
            : r.file === 'open'
              ? [r.file, r.month_status, r.ltd_variance, r.change, r.open_since, r.age_months]
              : [r.file, r.month_status, r.ltd_variance_previous, r.ltd_variance, r.open_since],
        );
    };
    // Missed September (1,000.00), caught up in October in one posting of 2,000.00.
    expect(await named('Catch-up Ltd')).toEqual([
      ['discrepancies', 'Subscription', 'USD', 'over', '1000.00', '0.00', 'timing'],
      ['closed', 'over', '-1000.00', '0.00', '2026-09'],
    ]);
    // A 5,000.00 one-time line of September posted in October.
    expect(await named('Late Setup Inc')).toEqual([
      ['discrepancies', 'Implementation', 'USD', 'unexpected', '5000.00', '0.00', 'timing'],
      ['closed', 'unexpected', '-5000.00', '0.00', '2026-09'],
    ]);
    // 6,000.00 EUR over 6 months from July: 2,000.00 in September (October's share early), nothing in October.
    expect(await named('Vorschuss GmbH')).toEqual([
      ['discrepancies', 'Support', 'EUR', 'missing', '-1000.00', '0.00', 'timing'],
      ['closed', 'missing', '1000.00', '0.00', '2026-09'],
    ]);
    // 9,950.00 of 10,000.00 every month since February: 50.00 short a month, 450.00 to date; open
    // since before the history (June, the chain's first month, already saw it open).
    expect(await named('Drift Co')).toEqual([['open', 'matched', '-450.00', 'continuing', '', '']]);
    // 2,000.00 a month from April; service ended in July (4 months, 8,000.00); 12,000.00 recognized.
    expect(await named('Early Exit SA')).toEqual([['open', '', '4000.00', 'continuing', '2026-08', '3']]);
    // JPY 50,000 a month from June, August never posted.
    expect(await named('Kabushiki Maru KK')).toEqual([
      ['open', 'matched', '-50000', 'continuing', '2026-08', '3'],
    ]);
    // EUR 1,000.00 a month from August; August and September posted in USD, which stay out.
    expect(await named('Wrong Ledger BV')).toEqual([
      ['open', 'matched', '-2000.00', 'continuing', '2026-08', '3'],
    ]);
    // Rounding: 1,000.00 and JPY 1,000,000 over three months, all recognized: clear, nowhere.
    expect(await named('Thirds LLC')).toEqual([]);
    expect(await named('Sanbun KK')).toEqual([]);
    const ltd = await csv('gen', 'ltd-truth.csv');
    const thirds = (await csv('gen', 'deals.csv')).find((d) => d.customer_name === 'Thirds LLC')!;
    expect(ltd.find((t) => t.deal_id === thirds.deal_id)).toMatchObject({
      ltd_expected: '1000.00',
      ltd_recognized: '1000.00',
      ltd_status: 'clear',
    });
  });

  it.each(['text', 'guid'] as const)(
    'holds for %s ids in random order, read in memory, twelve months of history',
    async (ids) => {
      const month = generateMonth({
        deals: 1200,
        period: PERIOD,
        seed: 21,
        shape: { ids, order: 'random' },
        historyMonths: 12,
      });
      const h = month.history!;
      const ltd = await runWithHistory(PERIOD, month.deals, month.entries, h.entries);
      const open = (rows: Record<string, string>[]) =>
        byKey(rows, (r) => [r.month_status, r.ltd_expected, r.ltd_recognized, r.ltd_variance, r.change]);
      expect(open(ltd.csv('open-items.csv'))).toEqual(open(records(h.truth.openItems)));
      const closed = (rows: Record<string, string>[]) =>
        byKey(rows, (r) => [r.month_status, r.ltd_variance_previous, r.ltd_variance]);
      expect(closed(ltd.csv('closed-items.csv'))).toEqual(closed(records(h.truth.closedItems)));
    },
  );
});
