// The `recon` command line: exit codes, reasons, outputs. Most cases call main() in this process; a few
// spawn the real binary, so exit codes, stderr and the terminal are checked on a real process too.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/csv/csv-parser.js';
import { RECON_BIN, recon, reconHere } from '../helpers/cli.js';

let dir: string;

/** `--period 2026-10` with the given deals and entries files. */
const october = (dealsFile: string, entriesFile: string) => [
  '--period',
  '2026-10',
  '--deals',
  dealsFile,
  '--entries',
  entriesFile,
];
/** The same with the deals and entries files of the month generated into `gen`. */
const octoberOf = (gen: string) => october(join(gen, 'deals.csv'), join(gen, 'entries.csv'));
/** `recon run` of October 2026 over the given files (the rest of the arguments follow). */
const runOctober = (dealsFile: string, entriesFile: string) => ['run', ...october(dealsFile, entriesFile)];
let deals: string;
let entries: string;

beforeAll(async () => {
  if (!existsSync(join(RECON_BIN, '../../dist/src/cli/main.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  dir = await mkdtemp(join(tmpdir(), 'recon-cli-'));
  deals = join(dir, 'deals.csv');
  entries = join(dir, 'entries.csv');
  // Header in mixed case with a BOM; 12,000.00 over 12 from July: October expects 1,000.00.
  await writeFile(
    deals,
    '\uFEFFDeal_ID,line_id,Customer_Name,revenue_type,contract_value,currency,duration_months,booking_date,start_date\r\nD1,L1,Acme,Subscription,12000.00,USD,12,2026-06-20,2026-07-01\r\nD2,L1,Beta,Support,12000.00,USD,12,2026-06-20,2026-07-01\r\n',
  );
  await writeFile(
    entries,
    'entry_id,deal_id,revenue_type,recognition_period,recognized_amount,currency\nE1,D1,Subscription,2026-10,1000.00,USD\nE2,D2,Support,2026-10-15,400.00,USD\n',
  );
});

describe('recon run', () => {
  it('completes with exit 0, prints the dashboard and writes the reports', async () => {
    const out = join(dir, 'out-ok');
    const r = await recon([...runOctober(deals, entries), '--out', out, '--run-id', 'cli-1']);
    expect(r.stderr).not.toContain('recon:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Revenue reconciliation 2026-10');
    expect(r.stdout).toContain('under 1');
    const rows = parseCsv(await readFile(join(out, 'discrepancies.csv'), 'utf8'));
    expect(rows.slice(1).map((x) => [x[2], x[9], x[13]])).toEqual([['D2', 'under', '-600.00']]);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('never sends control characters from the inputs to the terminal', async () => {
    const d = join(dir, 'escape-deals.csv');
    await writeFile(
      d,
      'deal_id,revenue_type,contract_value,duration_months,start_date\n\u001b]0;pwned\u0007D9,Setup,100.00,,2026-10-01\n',
    );
    const r = await recon([...runOctober(d, entries), '--out', join(dir, 'out-escape')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\uFFFD]0;pwned\uFFFDD9');
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    // Nor in a failure line that quotes the input (a header with a column twice).
    const twice = join(dir, 'escape-header.csv');
    await writeFile(
      twice,
      'deal_id,revenue_type,contract_value,\u001b[2Jx,duration_months,start_date,deal_id\nD1,Setup,1.00,,,2026-10-01,D1\n',
    );
    const failed = await recon([
      ...runOctober(twice, entries),
      '--out',
      join(dir, 'out-escape-2'),
      '--quiet',
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('has the column deal_id twice');
    expect(failed.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('gives byte-identical CSV files for the same run id', async () => {
    const a = join(dir, 'same-a');
    const b = join(dir, 'same-b');
    await reconHere([...runOctober(deals, entries), '--out', a, '--run-id', 'same', '--quiet']);
    await reconHere([...runOctober(deals, entries), '--out', b, '--run-id', 'same', '--quiet']);
    for (const f of ['discrepancies.csv', 'summary.csv', 'data-quality.csv'])
      expect(await readFile(join(a, f))).toEqual(await readFile(join(b, f)));
  });

  it('fails with exit 1 and a one-line reason when an input file is missing', async () => {
    const r = await recon([
      'run',
      '--period',
      '2026-10',
      '--deals',
      join(dir, 'nope.csv'),
      '--entries',
      entries,
      '--out',
      join(dir, 'out-missing'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed: cannot read deals file .*nope\.csv: no such file\n$/);
    const manifest = JSON.parse(await readFile(join(dir, 'out-missing', 'manifest.json'), 'utf8')) as {
      status: string;
      files: unknown[];
    };
    expect(manifest).toMatchObject({ status: 'failed', files: [] });
    expect(existsSync(join(dir, 'out-missing', 'discrepancies.csv'))).toBe(false);
  });

  it('a failed run into a folder that holds an earlier run’s reports leaves only its failed manifest', async () => {
    const out = join(dir, 'out-rerun');
    expect((await reconHere([...runOctober(deals, entries), '--out', out, '--quiet'])).code).toBe(0);
    expect(existsSync(join(out, 'discrepancies.csv'))).toBe(true);
    const r = await reconHere([
      'run',
      '--period',
      '2026-10',
      '--deals',
      join(dir, 'gone.csv'),
      '--entries',
      entries,
      '--out',
      out,
      '--force',
    ]);
    expect(r.code).toBe(1);
    for (const f of ['discrepancies.csv', 'summary.csv', 'data-quality.csv'])
      expect(existsSync(join(out, f))).toBe(false);
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))).toMatchObject({
      status: 'failed',
    });
  });

  it.each([
    [['--period', '2026-13'], /--period must be YYYY-MM/],
    [['--period', 'October'], /--period must be YYYY-MM/],
    [['--period', '0000-10'], /--period must be YYYY-MM/],
    [[], /--period YYYY-MM is required/],
  ])('rejects a malformed period %j with exit 2', async (periodArgs, message) => {
    const r = await reconHere([
      'run',
      ...periodArgs,
      '--deals',
      deals,
      '--entries',
      entries,
      '--out',
      join(dir, 'x'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects bad arguments with exit 2: unknown option, --deals without --entries, bad run id, bad config', async () => {
    expect((await recon(['run', '--period', '2026-10', '--bogus'])).code).toBe(2);
    const half = await recon(['run', '--period', '2026-10', '--deals', deals, '--out', join(dir, 'y')]);
    expect([half.code, half.stderr]).toEqual([
      2,
      expect.stringContaining('--deals and --entries go together'),
    ]);
    const badId = await recon([...runOctober(deals, entries), '--out', join(dir, 'y'), '--run-id', '../up']);
    expect(badId.code).toBe(2);
    const config = join(dir, 'bad-config.json');
    await writeFile(config, JSON.stringify({ tolerance_pct: 'lots' }));
    const badConfig = await recon([
      ...runOctober(deals, entries),
      '--out',
      join(dir, 'y'),
      '--config',
      config,
    ]);
    expect([badConfig.code, badConfig.stderr]).toEqual([
      2,
      expect.stringContaining('invalid setting tolerance_pct'),
    ]);
  });

  it('rejects an --out it cannot write with exit 2 and one line, before reading anything', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    // The deals file does not exist either: the --out problem is reported first, alone.
    const r = await reconHere([
      'run',
      '--period',
      '2026-10',
      '--deals',
      join(dir, 'nope.csv'),
      '--entries',
      entries,
      '--out',
      file,
    ]);
    expect([r.code, r.stderr]).toEqual([
      2,
      `recon: cannot write to --out ${file}: a file is in the way (it must be a folder)\n`,
    ]);
    const under = await reconHere([
      'generate',
      '--deals',
      '10',
      '--period',
      '2026-10',
      '--out',
      join(file, 'sub'),
    ]);
    expect([under.code, under.stderr]).toEqual([2, expect.stringContaining('a file is in the way')]);
    // A folder under /proc: Node 20's own recursive mkdir never returns there; this must answer.
    if (existsSync('/proc/self')) {
      const proc = await reconHere([
        'generate',
        '--deals',
        '10',
        '--period',
        '2026-10',
        '--out',
        '/proc/recon-nope/x',
      ]);
      expect([proc.code, proc.stderr]).toEqual([
        2,
        'recon: cannot write to --out /proc/recon-nope/x: no folder can be made there\n',
      ]);
    }
    // Several missing levels are all made.
    const deep = join(dir, 'deep', 'er', 'est');
    const made = await reconHere(['generate', '--deals', '10', '--period', '2026-10', '--out', deep]);
    expect(made.code).toBe(0);
    expect(existsSync(join(deep, 'deals.csv'))).toBe(true);
  });

  it('refuses an option the command does not read, instead of ignoring it', async () => {
    const g = await reconHere([
      'generate',
      '--deals',
      '5',
      '--period',
      '2026-10',
      '--out',
      join(dir, 'g-extra'),
      '--run-id',
      'x',
    ]);
    expect([g.code, g.stderr]).toEqual([2, 'recon: generate does not take --run-id (try recon --help)\n']);
    const r = await reconHere([...runOctober(deals, entries), '--out', join(dir, 'r-extra'), '--seed', '3']);
    expect([r.code, r.stderr]).toEqual([2, 'recon: run does not take --seed (try recon --help)\n']);
  });

  it('refuses an option given twice instead of keeping the last one', async () => {
    const out = join(dir, 'r-twice');
    const r = await reconHere([...runOctober(deals, entries), '--out', out, '--period', '2026-11']);
    expect([r.code, r.stderr]).toEqual([2, 'recon: --period is given more than once; give it once\n']);
    await expect(readFile(join(out, 'manifest.json'))).rejects.toThrow();
    const q = await reconHere(['run', '--quiet', '--quiet', '--period', '2026-10', '--out', out]);
    expect([q.code, q.stderr]).toEqual([2, 'recon: --quiet is given more than once; give it once\n']);
  });

  it('recon generate names the id formats and row orders it knows', async () => {
    const args = ['generate', '--deals', '5', '--period', '2026-10', '--out', join(dir, 'g-shape')];
    const ids = await reconHere([...args, '--ids', 'uuid']);
    expect([ids.code, ids.stderr]).toEqual([
      2,
      'recon: --ids must be one of padded, int, guid, text, not "uuid"\n',
    ]);
    const order = await reconHere([...args, '--order', 'sorted']);
    expect([order.code, order.stderr]).toEqual([
      2,
      'recon: --order must be one of grouped, random, not "sorted"\n',
    ]);
    for (const bad of ['-1', '1.5', 'twelve', '121'])
      expect(await recon([...args, `--history-months=${bad}`])).toMatchObject({
        code: 2,
        stderr: `recon: --history-months must be a whole number from 0 to 120, not "${bad}"\n`,
      });
  });

  it('recon generate refuses more deals than it can hold in memory', async () => {
    const r = await reconHere([
      'generate',
      '--deals',
      '99999999999',
      '--period',
      '2026-10',
      '--out',
      join(dir, 'too-many'),
    ]);
    expect([r.code, r.stderr]).toEqual([2, 'recon: --deals may be at most 1,000,000, not 99999999999\n']);
    expect(existsSync(join(dir, 'too-many'))).toBe(false);
  });

  it('applies --config rules', async () => {
    // Saved with a BOM, as Windows editors do.
    const config = join(dir, 'loose.json');
    await writeFile(config, `\uFEFF${JSON.stringify({ tolerance_pct: 70 })}`);
    const out = join(dir, 'out-loose');
    const r = await reconHere([...runOctober(deals, entries), '--out', out, '--config', config, '--quiet']);
    expect(r.code).toBe(0);
    expect(parseCsv(await readFile(join(out, 'discrepancies.csv'), 'utf8'))).toHaveLength(1); // header only: 600 of 1000 is within 70 %
  });

  it('completes on empty inputs (headers only) with empty reports', async () => {
    const d = join(dir, 'empty-deals.csv');
    const e = join(dir, 'empty-entries.csv');
    await writeFile(d, 'deal_id,revenue_type,contract_value,duration_months,start_date\n');
    await writeFile(e, 'entry_id,deal_id,revenue_type,recognition_period,recognized_amount\n');
    const out = join(dir, 'out-empty');
    const r = await reconHere([...runOctober(d, e), '--out', out]);
    expect(r.code).toBe(0);
    expect(parseCsv(await readFile(join(out, 'discrepancies.csv'), 'utf8'))).toHaveLength(1);
  });

  it('rejects rows it cannot split (wrong field count, an open quote at the end) into data-quality.csv and completes', async () => {
    const d = join(dir, 'ragged-deals.csv');
    const e = join(dir, 'ragged-entries.csv');
    await writeFile(
      d,
      'deal_id,revenue_type,contract_value,duration_months,start_date\nD1,Subscription,1200.00,12,2026-10-01\nD2,Subscription,1200.00,12,2026-10-01,extra\n',
    );
    await writeFile(
      e,
      'entry_id,deal_id,revenue_type,recognition_period,recognized_amount\nE1,D1,Subscription,2026-10,100.00\nE2,D1,Subscription,2026-10\nE3,D1,"Subscription,2026-10,5.00\n',
    );
    const out = join(dir, 'out-ragged');
    const r = await reconHere([...runOctober(d, e), '--out', out, '--run-id', 'ragged']);
    expect(r.code).toBe(0);
    const dq = parseCsv(await readFile(join(out, 'data-quality.csv'), 'utf8')).slice(1);
    expect(dq.map((x) => [x[2], x[3], x[5], x[8]])).toEqual([
      ['deals', '2', '(row)', 'rejected'],
      ['entries', '2', '(row)', 'rejected'],
      ['entries', '3', '(row)', 'rejected'],
    ]);
    expect(dq[0]![7]).toBe('row has 6 fields, the header has 5');
    expect(dq[2]![7]).toContain('a quoted field opened on this row is not closed before the end of the file');
    expect(dq[2]![6]).toBe('E3,D1,"Subscription,2026-10,5.00');
    // D1 is reconciled from its one good entry: 100.00 of 100.00.
    expect(parseCsv(await readFile(join(out, 'discrepancies.csv'), 'utf8'))).toHaveLength(1);
  });

  it('rejects the row with a stray quote and reads every row after it', async () => {
    // 1 row with a stray quote, then 499 good entries of 2.00 each for D1: 998.00 recognized.
    const e = join(dir, 'stray-entries.csv');
    const good = Array.from({ length: 499 }, (_, i) => `E${i + 2},D1,Subscription,2026-10,2.00`).join('\n');
    await writeFile(
      e,
      `entry_id,deal_id,revenue_type,recognition_period,recognized_amount\nE1,D1,Subscription,2026-10,"100.00\n${good}\n`,
    );
    const out = join(dir, 'out-stray');
    const r = await reconHere([...runOctober(deals, e), '--out', out, '--run-id', 'stray']);
    expect(r.code).toBe(0);
    const dq = parseCsv(await readFile(join(out, 'data-quality.csv'), 'utf8')).slice(1);
    expect(dq.map((x) => [x[2], x[3], x[6]])).toEqual([
      ['entries', '1', 'E1,D1,Subscription,2026-10,"100.00'],
    ]);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      inputs: { entries: { rows_read: number; rows_rejected: number } };
    };
    expect(manifest.inputs.entries).toMatchObject({ rows_read: 500, rows_rejected: 1 });
    // All-rows total (segment ALL): the 499 good entries of 2.00 are all counted.
    const total = parseCsv(await readFile(join(out, 'summary.csv'), 'utf8')).find((x) => x[2] === 'ALL');
    expect(total?.[7]).toBe('998.00');
  });

  it('rejects a row whose quote a later stray quote seems to close, and keeps the rows between', async () => {
    // E1's memo opens a quote, E2's memo holds one (27" monitor): read as one field, E2 would vanish.
    // E1 is rejected; E2 (2.00) and E3 (3.00) are kept: 5.00 recognized in all.
    const e = join(dir, 'two-strays.csv');
    await writeFile(
      e,
      'entry_id,deal_id,revenue_type,recognition_period,recognized_amount,memo\n' +
        'E1,D1,Subscription,2026-10,100.00,"see note\nE2,D1,Subscription,2026-10,2.00,27" monitor\n' +
        'E3,D1,Subscription,2026-10,3.00,plain\n',
    );
    const out = join(dir, 'out-two-strays');
    const r = await reconHere([...runOctober(deals, e), '--out', out]);
    expect(r.code).toBe(0);
    const dq = parseCsv(await readFile(join(out, 'data-quality.csv'), 'utf8')).slice(1);
    expect(dq.map((x) => [x[2], x[3], x[6], x[8]])).toEqual([
      ['entries', '1', 'E1,D1,Subscription,2026-10,100.00,"see note', 'rejected'],
    ]);
    expect(dq[0]![7]).toContain('has text after its closing quote, on this line or a later one');
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      inputs: { entries: { rows_read: number; rows_rejected: number } };
    };
    expect(manifest.inputs.entries).toMatchObject({ rows_read: 3, rows_rejected: 1 });
    const total = parseCsv(await readFile(join(out, 'summary.csv'), 'utf8')).find((x) => x[2] === 'ALL');
    expect(total?.[7]).toBe('5.00');
  });

  it('reads files with classic Mac line ends (a lone CR) like any other', async () => {
    const d = join(dir, 'cr-deals.csv');
    const e = join(dir, 'cr-entries.csv');
    await writeFile(
      d,
      'deal_id,revenue_type,contract_value,duration_months,start_date,currency\rD1,Subscription,1200.00,12,2026-10-01,USD\rD2,Subscription,1200.00,12,2026-10-01,USD\r',
    );
    await writeFile(
      e,
      'entry_id,deal_id,revenue_type,recognition_period,recognized_amount,currency\rE1,D1,Subscription,2026-10,100.00,USD\r',
    );
    const out = join(dir, 'out-cr');
    const r = await reconHere([...runOctober(d, e), '--out', out, '--run-id', 'cr', '--quiet']);
    expect(r.code).toBe(0);
    const rows = parseCsv(await readFile(join(out, 'discrepancies.csv'), 'utf8')).slice(1);
    // D1: 100.00 of 100.00 matched; D2: nothing of 100.00, missing.
    expect(rows.map((x) => [x[2], x[9]])).toEqual([['D2', 'missing']]);
  });

  it('keeps a row whose UTF-8 holds a genuine U+FFFD (only bytes that are not UTF-8 are refused)', async () => {
    const d = join(dir, 'fffd-deals.csv');
    await writeFile(
      d,
      'deal_id,customer_name,revenue_type,contract_value,duration_months,start_date\nD1,Caf\uFFFD Ltd,Subscription,12000.00,12,2026-07-01\n',
      'utf8',
    );
    const out = join(dir, 'out-fffd');
    const r = await reconHere([...runOctober(d, entries), '--out', out, '--run-id', 'fffd', '--quiet']);
    expect(r.code).toBe(0);
    expect(parseCsv(await readFile(join(out, 'data-quality.csv'), 'utf8'))).toHaveLength(1);
  });

  it('rejects rows with bytes that are not UTF-8 instead of merging ids that differ only there', async () => {
    const d = join(dir, 'latin1-deals.csv');
    const e = join(dir, 'latin1-entries.csv');
    // Latin-1 CAFÉ and CAFÈ: as UTF-8 both would decode to "CAF\uFFFD" and become one deal.
    await writeFile(
      d,
      Buffer.concat([
        Buffer.from('deal_id,revenue_type,contract_value,duration_months,start_date\n'),
        Buffer.from(
          'CAF\xC9,Setup,100.00,,2026-10-01\nCAF\xC8,Setup,200.00,,2026-10-01\nOK,Setup,50.00,,2026-10-01\n',
          'latin1',
        ),
      ]),
    );
    await writeFile(
      e,
      'entry_id,deal_id,revenue_type,recognition_period,recognized_amount\nE1,OK,Setup,2026-10,50.00\n',
    );
    const out = join(dir, 'out-latin1');
    const r = await reconHere([...runOctober(d, e), '--out', out, '--run-id', 'latin1', '--quiet']);
    expect(r.code).toBe(0);
    const dq = parseCsv(await readFile(join(out, 'data-quality.csv'), 'utf8')).slice(1);
    expect(dq.map((x) => [x[3], x[7]])).toEqual([
      ['1', 'the row has bytes that are not UTF-8 (was the file saved in another encoding?)'],
      ['2', 'the row has bytes that are not UTF-8 (was the file saved in another encoding?)'],
    ]);
    expect(parseCsv(await readFile(join(out, 'discrepancies.csv'), 'utf8'))).toHaveLength(1);
  });

  it('fails a run whose file has no header or lacks a required column', async () => {
    const empty = join(dir, 'zero.csv');
    await writeFile(empty, '');
    const r = await reconHere([...runOctober(empty, entries), '--out', join(dir, 'z')]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('is empty')]);
    const noId = join(dir, 'noid.csv');
    await writeFile(noId, 'revenue_type,contract_value\nSubscription,1.00\n');
    const r2 = await reconHere([...runOctober(noId, entries), '--out', join(dir, 'z2')]);
    expect([r2.code, r2.stderr]).toEqual([1, expect.stringContaining('has no deal_id column')]);
    // Two columns that both say contract_value (in any case): which one is meant cannot be guessed.
    const twice = join(dir, 'twice.csv');
    await writeFile(
      twice,
      'deal_id,revenue_type,contract_value,duration_months,booking_date,CONTRACT_VALUE\nD1,Setup,100.00,,2026-10-01,9999.00\n',
    );
    const r3 = await reconHere([...runOctober(twice, entries), '--out', join(dir, 'z3')]);
    expect([r3.code, r3.stderr]).toEqual([1, expect.stringContaining('has the column contract_value twice')]);
  });

  it('shows progress on stderr while reading (RECON_PROGRESS_MS=0 prints every batch) and none for a short run by default', async () => {
    const args = [...runOctober(deals, entries), '--out', join(dir, 'out-progress'), '--quiet'];
    const watched = await reconHere(args, { RECON_PROGRESS_MS: '0' });
    expect(watched.stderr).toContain('reading deals: 2 rows (100%)');
    expect(watched.stderr).toContain('reading entries: 2 rows (100%)');
    const quiet = await reconHere(args);
    expect(quiet.stderr).not.toContain('reading ');
  });

  it('runs as `npx recon` from the project, as a newcomer would after npm ci', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync('npx', ['--no-install', 'recon', '--help'], {
      cwd: join(RECON_BIN, '../..'),
      encoding: 'utf8',
    });
    expect(out).toContain('recon run --period YYYY-MM');
  });

  it('runs as `node dist/src/cli/main.js` too (the compiled module run straight), with its exit code', async () => {
    const { spawnSync } = await import('node:child_process');
    const main = join(RECON_BIN, '../../dist/src/cli/main.js');
    const help = spawnSync(process.execPath, [main, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('recon run --period YYYY-MM');
    const bad = spawnSync(process.execPath, [main, 'bogus'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command "bogus"');
  });

  it('recon demo rejects a malformed --period with exit 2 before starting anything', async () => {
    const r = await reconHere(['demo', '--period', '2026-13', '--out', join(dir, 'demo-bad')]);
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      'recon: --period must be YYYY-MM (a calendar month, year 1000 or later), not "2026-13"',
    ]);
  });

  it('recon demo rejects a --deals that is not a count from 1 to 100,000 with exit 2, naming it', async () => {
    for (const [deals, why] of [
      ['0', 'must be a whole number >= 1, not "0"'],
      ['1e3', 'must be a whole number >= 1, not "1e3"'],
      ['100001', 'may be at most 100,000, not 100001'],
    ]) {
      const r = await reconHere(['demo', '--deals', deals!, '--out', join(dir, 'demo-bad')]);
      expect([r.code, r.stderr.trim()]).toEqual([2, `recon: --deals ${why}`]);
    }
  });

  it('documents every option in --help', async () => {
    const r = await recon(['--help']);
    expect(r.code).toBe(0);
    for (const option of [
      '--period',
      '--deals',
      '--entries',
      '--out',
      '--run-id',
      '--config',
      '--seed',
      '--quiet',
      '--serve',
    ])
      expect(r.stdout).toContain(option);
  });
});

describe('recon generate', () => {
  it.each([
    ['padded', 'grouped'],
    ['text', 'random'],
  ])(
    'writes a month (%s ids, %s order) with its ground truth that `recon run` reproduces',
    async (ids, order) => {
      const gen = join(dir, `gen-${ids}`);
      const g = await recon([
        'generate',
        '--deals',
        '300',
        '--period',
        '2026-10',
        '--out',
        gen,
        '--seed',
        '11',
        ...(ids === 'padded' ? [] : ['--ids', ids, '--order', order]),
      ]);
      expect(g.code).toBe(0);
      const out = join(dir, `gen-out-${ids}`);
      const r = await recon(['run', ...octoberOf(gen), '--out', out, '--quiet']);
      expect(r.code).toBe(0);
      const truth = parseCsv(await readFile(join(gen, 'truth.csv'), 'utf8'))
        .slice(1)
        .filter((t) => t[2] !== 'matched');
      const found = parseCsv(await readFile(join(out, 'discrepancies.csv'), 'utf8')).slice(1);
      const key = (dealId: string, type: string) => `${dealId}|${type.toLowerCase()}`;
      expect(new Map(found.map((f) => [key(f[2]!, f[6]!), f[9]]))).toEqual(
        new Map(truth.map((t) => [key(t[0]!, t[1]!), t[2]])),
      );
    },
  );

  /** `recon run` of the generated month in `gen` into `out`, with RECON_ENTRIES_THREAD and maybe a history file. */
  const runThreads = async (
    gen: string,
    out: string,
    thread: '0' | '1',
    history?: string,
    env: Record<string, string> = {},
  ) => {
    const r = await recon(
      [
        'run',
        ...octoberOf(gen),
        ...(history ? ['--history', history] : []),
        ...['--out', out, '--run-id', 'threads', '--quiet'],
      ],
      { RECON_ENTRIES_THREAD: thread, ...env },
    );
    expect(r.code).toBe(0);
    return r;
  };

  it('gives the same bytes whether entries are read on their own thread (RECON_ENTRIES_THREAD=1) or not (=0)', async () => {
    // ~3,000 deals bring ~9,000 entries: more than one batch from the reading thread, with bad rows among them.
    // A file this small is read on one thread by default (ENTRIES_THREAD_MIN_BYTES), so the thread is forced.
    const gen = join(dir, 'gen-threads');
    expect(
      (await recon(['generate', '--deals', '3000', '--period', '2026-10', '--out', gen, '--seed', '5'])).code,
    ).toBe(0);
    await runThreads(gen, join(dir, 'threaded'), '1');
    await runThreads(gen, join(dir, 'one-thread'), '0');
    const dataQuality = parseCsv(await readFile(join(dir, 'threaded', 'data-quality.csv'), 'utf8'));
    expect(dataQuality.some((row) => row[2] === 'entries')).toBe(true);
    for (const f of ['discrepancies.csv', 'summary.csv', 'data-quality.csv']) {
      expect(await readFile(join(dir, 'threaded', f))).toEqual(await readFile(join(dir, 'one-thread', f)));
    }
  });

  it('with --history, gives the same bytes on the reading thread (judging entries against the history ids) as on one thread', async () => {
    // The generated history repeats the month's stray entries of September under the same ids, so
    // some of the period file's entries are "seen before in the history".
    const gen = join(dir, 'gen-threads-history');
    const g = await recon([
      'generate',
      ...['--deals', '2000', '--period', '2026-10', '--out', gen, '--seed', '6', '--history-months', '2'],
    ]);
    expect(g.code).toBe(0);
    await runThreads(gen, join(dir, 'threaded-history'), '1', join(gen, 'history.csv'));
    await runThreads(gen, join(dir, 'one-thread-history'), '0', join(gen, 'history.csv'));
    const dataQuality = await readFile(join(dir, 'threaded-history', 'data-quality.csv'), 'utf8');
    expect(dataQuality).toContain('seen before in the history');
    const files = [
      'discrepancies.csv',
      'summary.csv',
      'data-quality.csv',
      'open-items.csv',
      'closed-items.csv',
      'aging.csv',
    ];
    for (const f of files)
      expect(await readFile(join(dir, 'threaded-history', f))).toEqual(
        await readFile(join(dir, 'one-thread-history', f)),
      );
  });

  it('makes reconciliation.xlsx on its own thread (RECON_WORKBOOK_THREAD=1) with the same bytes as on the main thread (=0)', async () => {
    // Reuses the month with history above; a month this small makes its workbook on the main thread by default.
    const gen = join(dir, 'gen-threads-history');
    const run = (out: string, thread: '0' | '1') =>
      recon(
        [
          'run',
          ...octoberOf(gen),
          ...['--history', join(gen, 'history.csv'), '--out', join(dir, out), '--run-id', 'wb', '--quiet'],
        ],
        { RECON_WORKBOOK_THREAD: thread },
      );
    const threaded = await run('workbook-thread', '1');
    const here = await run('workbook-here', '0');
    expect([threaded.code, here.code]).toEqual([0, 0]);
    // The thread did the work: a failed thread would say so (and make the workbook here).
    expect(threaded.stderr).not.toContain('workbook thread failed');
    const xlsx = await readFile(join(dir, 'workbook-thread', 'reconciliation.xlsx'));
    expect(xlsx.equals(await readFile(join(dir, 'workbook-here', 'reconciliation.xlsx')))).toBe(true);
    const sheets = Object.keys((await JSZip.loadAsync(xlsx)).files).filter((n) =>
      n.startsWith('xl/worksheets/'),
    );
    // discrepancies, summary, data-quality, open-items, closed-items, aging.
    expect(sheets).toHaveLength(6);
  });

  it('with an aggregated --history holding bad rows, in random order with GUIDs, gives the same files and counts on the reading thread as on one thread', async () => {
    const gen = join(dir, 'gen-threads-aggregated');
    const g = await recon([
      'generate',
      ...[
        '--deals',
        '6000',
        '--period',
        '2026-10',
        '--out',
        gen,
        '--seed',
        '7',
        '--ids',
        'guid',
        '--order',
        'random',
      ],
    ]);
    expect(g.code).toBe(0);
    const lines = parseCsv(await readFile(join(gen, 'deals.csv'), 'utf8')).slice(1);
    const dealIds = [...new Set(lines.map((r) => r[0]!))];
    const [a, b, c] = dealIds as [string, string, string];
    // A row per key of the deals (over 8,192: more than one batch from the thread), in the deals'
    // random order; then one deal in two currencies, an orphan deal, and rows data-quality must
    // list: an amount that is not one, an unknown type, no deal_id, a bad entry_count.
    const keys = [...new Set(lines.map((r) => `${r[0]},${r[5]},${r[7]}`))];
    expect(keys.length).toBeGreaterThan(8192);
    const history = join(dir, 'aggregated-history.csv');
    await writeFile(
      history,
      [
        'deal_id,revenue_type,currency,recognized_amount,entry_count',
        ...keys.map((k, i) => `${k},${(i % 997) + 1}.25,${(i % 3) + 1}`),
        `${a},Subscription,USD,1200.00,2`,
        `${a},Subscription,EUR,10.00,1`,
        `${b},Support,USD,300.50,1`,
        'NO-SUCH-DEAL,Subscription,USD,99.00,1',
        `${c},Subscription,USD,twelve,1`,
        `${c},Consulting hours,USD,5.00,1`,
        ',Subscription,USD,5.00,1',
        `${c},Support,USD,5.00,0`,
      ].join('\n'),
    );
    const { stderr } = await runThreads(gen, join(dir, 'threaded-aggregated'), '1', history, {
      RECON_PROGRESS_MS: '0',
    });
    await runThreads(gen, join(dir, 'one-thread-aggregated'), '0', history);
    // No entry_ids in it: the thread reads the entries to the end first, and the history while the
    // month is reconciled (its progress lines come after the entries' last one).
    const lastEntries = stderr.lastIndexOf('reading entries:');
    expect(lastEntries).toBeGreaterThan(-1);
    expect(stderr.indexOf('reading history:')).toBeGreaterThan(lastEntries);
    const dataQuality = await readFile(join(dir, 'threaded-aggregated', 'data-quality.csv'), 'utf8');
    for (const problem of [
      'not a decimal number: ""twelve""',
      'unknown revenue type',
      'deal_id is missing',
      'entry_count must be',
    ])
      expect(dataQuality).toContain(problem);
    for (const f of [
      'discrepancies.csv',
      'summary.csv',
      'data-quality.csv',
      'open-items.csv',
      'closed-items.csv',
      'aging.csv',
    ])
      expect(await readFile(join(dir, 'threaded-aggregated', f))).toEqual(
        await readFile(join(dir, 'one-thread-aggregated', f)),
      );
    const inputs = async (out: string) =>
      (JSON.parse(await readFile(join(dir, out, 'manifest.json'), 'utf8')) as { inputs: unknown }).inputs;
    const threaded = (await inputs('threaded-aggregated')) as {
      history: { rows_read: number; rows_rejected: number };
    };
    // The keys' rows and 8 more: 4 rejected (the orphan is read and kept out of life to date, not
    // rejected); the generator's bad deal lines make some keys' rows rejected too, alike on both.
    expect(threaded.history.rows_read).toBe(keys.length + 8);
    expect(threaded.history.rows_rejected).toBeGreaterThanOrEqual(4);
    expect(threaded).toEqual(await inputs('one-thread-aggregated'));
  });

  it('exits 2 naming the option when a file option is given an empty value', async () => {
    const r = await recon([...runOctober(deals, entries), '--history', '', '--out', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('recon: --history needs a file path, not an empty value\n');
  });

  it('says on one readable line when an option lacks its value (exit 2)', async () => {
    const r = await recon([...runOctober(deals, entries), '--history', '--out', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^recon: Option '--history' argument is ambiguous\. Did you forget .*'--history=-XYZ'\.\n$/,
    );
    expect(r.stderr).not.toContain('\uFFFD');
  });

  it.each(['0', '1'])(
    'fails with exit 1 saying a folder given as --history is one (RECON_ENTRIES_THREAD=%s)',
    async (thread) => {
      const r = await recon(
        [...runOctober(deals, entries), '--history', dir, '--out', join(dir, `out-dir-${thread}`)],
        { RECON_ENTRIES_THREAD: thread },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot read history file .*: it is a folder, not a file\n$/);
    },
  );

  it('fails with exit 1 naming the history file when the reading thread cannot open it', async () => {
    const r = await recon(
      [
        'run',
        ...['--period', '2026-10', '--deals', deals, '--entries', entries],
        ...['--history', join(dir, 'no-history.csv'), '--out', join(dir, 'out-no-history')],
      ],
      { RECON_ENTRIES_THREAD: '1' },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read history file .*no-history\.csv: no such file\n$/);
  });

  it('fails with exit 1 naming the entries file when the reading thread cannot open it', async () => {
    const r = await recon(
      [...runOctober(deals, join(dir, 'no-entries.csv')), '--out', join(dir, 'out-no-entries')],
      { RECON_ENTRIES_THREAD: '1' },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read entries file .*no-entries\.csv: no such file\n$/);
  });
});

describe('recon run into a folder that holds an earlier run', () => {
  const args = (out: string, runId: string, ...extra: string[]) => [
    ...runOctober(deals, entries),
    '--out',
    out,
    '--run-id',
    runId,
    '--quiet',
    ...extra,
  ];

  it('is refused with exit 2 naming the earlier run, and nothing there changes', async () => {
    const out = join(dir, 'out-earlier');
    expect((await reconHere(args(out, 'first-run'))).code).toBe(0);
    const before = await readFile(join(out, 'manifest.json'), 'utf8');
    const r = await reconHere(args(out, 'second-run'));
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      `recon: --out ${out} holds run first-run (completed): its files would be replaced; add --force to replace them, or choose another folder`,
    ]);
    expect(await readFile(join(out, 'manifest.json'), 'utf8')).toBe(before);
  });

  it('replaces it with --force', async () => {
    const out = join(dir, 'out-forced');
    expect((await reconHere(args(out, 'first-run'))).code).toBe(0);
    expect((await reconHere(args(out, 'second-run', '--force'))).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { run_id: string };
    expect(manifest.run_id).toBe('second-run');
  });
});
