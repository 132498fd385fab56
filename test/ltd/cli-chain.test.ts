// `recon run --history --previous` through the CLI's main(): a chain of monthly runs equals standalone runs plus the dating.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../src/history/parse-csv.js';
import { reconHere as recon } from '../helpers/cli.js';

const DRIFT = '0b9f6a1e-7c2d-4e5f-8a9b-1c2d3e4f5a6b';
const LATE = 'late payer, inc.';
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
const HEADER = 'entry_id,deal_id,revenue_type,recognition_period,recognized_amount,currency';

/** 120,000.00 over 12 months recognized at 9,950.00 (0.5% short, inside the 1% monthly tolerance); 12,000.00 over 12 missed in February, caught up in March. */
function postings(month: string): string[] {
  const rows = [`"JE ${month}/${DRIFT}",${DRIFT},Subscription,${month},9950.00,USD`];
  if (month === '2026-03') rows.push(`JE-late-${month},"${LATE}",support,${month}-20,2000.00,USD`);
  else if (month !== '2026-02') rows.push(`JE-late-${month},"${LATE}",Support,${month},1000.00,USD`);
  return rows.reverse();
}

let dir: string;
const file = (name: string) => join(dir, name);
const read = (out: string, name: string) => readFile(join(out, name), 'utf8');
const csv = async (out: string, name: string) => parseCsvRecords(await read(out, name));

async function run(month: string, out: string, previous?: string) {
  const args = [
    'run',
    '--period',
    month,
    '--deals',
    file('deals.csv'),
    '--entries',
    file(`entries-${month}.csv`),
  ];
  args.push('--history', file(`history-${month}.csv`), '--out', out, '--run-id', `run-${month}`, '--quiet');
  if (previous) args.push('--previous', previous);
  const r = await recon(args);
  expect(r.stderr).not.toContain('recon:');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recon-ltd-'));
  await writeFile(
    file('deals.csv'),
    [
      'deal_id,customer_id,customer_name,revenue_type,contract_value,currency,duration_months,start_date',
      `"${LATE}",C2,Late Payer,Support,12000.00,USD,12,2026-01-01`,
      `${DRIFT},C1,Drift Co,Subscription,120000.00,USD,12,2026-01-01`,
    ].join('\n'),
  );
  for (const [i, month] of MONTHS.entries()) {
    await writeFile(file(`entries-${month}.csv`), [HEADER, ...postings(month)].join('\n'));
    await writeFile(
      file(`history-${month}.csv`),
      [HEADER, ...MONTHS.slice(0, i).flatMap(postings)].join('\n'),
    );
  }
  for (const [i, month] of MONTHS.entries()) {
    await run(month, file(`alone-${month}`));
    await run(month, file(`chain-${month}`), i === 0 ? undefined : file(`chain-${MONTHS[i - 1]}`));
  }
}, 120_000);

describe('a chain of monthly runs with --previous', () => {
  it('ages the drift month by month: open since January, age 1 to 5', async () => {
    const ages: string[][] = [];
    for (const month of MONTHS) {
      const drift = (await csv(file(`chain-${month}`), 'open-items.csv')).find((r) => r.deal_id === DRIFT)!;
      ages.push([
        drift.month_status!,
        drift.change!,
        drift.open_since!,
        drift.age_months!,
        drift.ltd_variance!,
      ]);
    }
    expect(ages).toEqual([
      ['matched', 'new', '2026-01', '1', '-50.00'],
      ['matched', 'continuing', '2026-01', '2', '-100.00'],
      ['matched', 'continuing', '2026-01', '3', '-150.00'],
      ['matched', 'continuing', '2026-01', '4', '-200.00'],
      ['matched', 'continuing', '2026-01', '5', '-250.00'],
    ]);
    const aging = await csv(file('chain-2026-05'), 'aging.csv');
    expect(aging.map((a) => [a.age_bucket, a.open_items, a.shortfall])).toEqual([
      ['1', '0', '0.00'],
      ['2-3', '0', '0.00'],
      ['4-6', '1', '250.00'],
      ['7-12', '0', '0.00'],
      ['13+', '0', '0.00'],
      ['undated', '0', '0.00'],
    ]);
  });

  it('the month missed in February is open since February, closed in March with its date', async () => {
    const feb = (await csv(file('chain-2026-02'), 'open-items.csv')).find((r) => r.deal_id === LATE);
    expect(feb).toMatchObject({
      month_status: 'missing',
      ltd_variance: '-1000.00',
      change: 'new',
      open_since: '2026-02',
      age_months: '1',
      explanation: 'short 1,000.00 to date since 2026-02: nothing recognized in February',
    });
    expect(await csv(file('chain-2026-03'), 'closed-items.csv')).toEqual([
      {
        run_id: 'run-2026-03',
        period: '2026-03',
        deal_id: LATE,
        customer_id: 'C2',
        customer_name: 'Late Payer',
        segment: 'Unassigned',
        revenue_type: 'Support',
        revenue_category: 'recurring',
        currency: 'USD',
        month_status: 'over',
        ltd_variance_previous: '-1000.00',
        ltd_variance: '0.00',
        open_since: '2026-02',
        explanation: 'recovered 1,000.00: the shortfall since 2026-02 is closed',
      },
    ]);
    const discrepancy = (await csv(file('chain-2026-03'), 'discrepancies.csv')).find(
      (r) => r.deal_id === LATE,
    );
    expect(discrepancy).toMatchObject({ status: 'over', to_date: 'timing', ltd_variance: '0.00' });
  });

  it('gives each month the same files as its standalone run, apart from the dating', async () => {
    for (const month of MONTHS) {
      const chain = file(`chain-${month}`);
      const alone = file(`alone-${month}`);
      for (const name of ['discrepancies.csv', 'summary.csv', 'data-quality.csv'])
        expect(await read(chain, name), `${month} ${name}`).toBe(await read(alone, name));
      const undated = (rows: Record<string, string>[]) =>
        rows.map((r) => ({
          ...r,
          open_since: '',
          age_months: '',
          explanation: r.explanation!.replace(/ since \d{4}-\d{2}/, ''),
        }));
      const open = await csv(chain, 'open-items.csv');
      const openAlone = await csv(alone, 'open-items.csv');
      expect(undated(open), month).toEqual(undated(openAlone));
      expect(undated(await csv(chain, 'closed-items.csv'))).toEqual(
        undated(await csv(alone, 'closed-items.csv')),
      );
      // Standalone, a continuing item is undated; a new one is dated in both.
      for (const item of openAlone) expect(item.open_since).toBe(item.change === 'new' ? month : '');
      const manifest = JSON.parse(await read(chain, 'manifest.json')) as {
        life_to_date: { previous_run_id: string };
      };
      expect(manifest.life_to_date.previous_run_id).toBe(
        month === '2026-01' ? '' : `run-${MONTHS[MONTHS.indexOf(month) - 1]}`,
      );
    }
  });

  it('a rerun with the same inputs, previous run and run id writes byte-identical files', async () => {
    const again = file('again-2026-05');
    await run('2026-05', again, file('chain-2026-04'));
    for (const name of [
      'discrepancies.csv',
      'summary.csv',
      'data-quality.csv',
      'open-items.csv',
      'closed-items.csv',
      'aging.csv',
    ])
      expect(await read(again, name), name).toBe(await read(file('chain-2026-05'), name));
  });

  it('refuses a --previous folder of another month, or with no run in it (exit 2, one line)', async () => {
    const base = [
      'run',
      '--period',
      '2026-05',
      '--deals',
      file('deals.csv'),
      '--entries',
      file('entries-2026-05.csv'),
    ];
    base.push('--history', file('history-2026-05.csv'), '--out', file('refused'));
    const wrong = await recon([...base, '--previous', file('chain-2026-03')]);
    expect([wrong.code, wrong.stderr.trim()]).toEqual([
      2,
      `recon: --previous ${file('chain-2026-03')} is the run of 2026-03, not of 2026-04 (the month before 2026-05)`,
    ]);
    const empty = await recon([...base, '--previous', dir]);
    expect([empty.code, empty.stderr.trim()]).toEqual([2, `recon: --previous ${dir} has no manifest.json`]);
    const nowhere = await recon([...base, '--previous', file('no-such-folder')]);
    expect([nowhere.code, nowhere.stderr.trim()]).toEqual([
      2,
      `recon: --previous ${file('no-such-folder')} is not a folder (the output folder of the run of P-1)`,
    ]);
    const noHistory = await recon([
      'run',
      '--period',
      '2026-05',
      '--deals',
      file('deals.csv'),
      '--entries',
      file('entries-2026-05.csv'),
      '--out',
      file('refused'),
      '--previous',
      file('chain-2026-04'),
    ]);
    expect(noHistory.code).toBe(2);
    expect(noHistory.stderr).toContain('--previous needs history');
  });
});
