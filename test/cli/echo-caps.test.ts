// The real `recon` quotes no input whole: a huge CSV header, a huge row value, a huge --config key.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/csv/csv-parser.js';
import { RECON_BIN, recon } from '../helpers/cli.js';

const MB = 1_048_576;
let dir: string;
let entries: string;

beforeAll(async () => {
  if (!existsSync(join(RECON_BIN, '../../dist/src/cli/main.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  dir = await mkdtemp(join(tmpdir(), 'recon-echo-'));
  entries = join(dir, 'entries.csv');
  await writeFile(
    entries,
    'entry_id,deal_id,revenue_type,recognition_period,recognized_amount,currency\nE1,D1,Subscription,2026-10,1000.00,USD\n',
  );
});

const run = (deals: string, out: string, extra: string[] = []) =>
  recon(['run', '--period', '2026-10', '--deals', deals, '--entries', entries, '--out', out, ...extra]);

describe('echoed input is cut to about 200 characters', () => {
  it('a 5 MB header line without deal_id fails the run with a short manifest reason', async () => {
    const deals = join(dir, 'wide-header.csv');
    await writeFile(deals, `${'h'.repeat(5 * MB)},revenue_type\nx,Setup\n`);
    const out = join(dir, 'out-header');
    const r = await run(deals, out);
    expect(r.code).toBe(1);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      status: string;
      failure_reason: string;
    };
    expect(manifest.status).toBe('failed');
    expect(manifest.failure_reason).toContain(
      `(header: ${'h'.repeat(200)}… [cut: 5,242,893 characters in all])`,
    );
    expect(manifest.failure_reason.length).toBeLessThan(600);
    expect(r.stderr.length).toBeLessThan(1000);
  });

  it('a 5 MB field of a row is a data-quality value of 200 characters, marked as cut', async () => {
    const deals = join(dir, 'wide-row.csv');
    await writeFile(
      deals,
      `deal_id,revenue_type,contract_value,currency,duration_months,start_date\nD1,Subscription,${'9'.repeat(5 * MB)},USD,12,2026-07-01\n`,
    );
    const out = join(dir, 'out-row');
    const r = await run(deals, out);
    expect(r.code).toBe(0);
    const rows = parseCsv(await readFile(join(out, 'data-quality.csv'), 'utf8'));
    const header = rows[0]!;
    const line = rows.find((row) => row[header.indexOf('field')] === 'contract_value')!;
    expect(line[header.indexOf('value')]).toBe(`${'9'.repeat(200)}… [cut: 5,242,880 characters in all]`);
    expect((await readFile(join(out, 'manifest.json'))).length).toBeLessThan(20_000);
  });

  it('a --config with a 1 MB unknown key fails on one short line', async () => {
    const config = join(dir, 'big-key.json');
    await writeFile(config, JSON.stringify({ ['k'.repeat(MB)]: 1 }));
    const r = await run(entries, join(dir, 'out-config'), ['--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `recon: unknown setting ${'k'.repeat(200)}… [cut: 1,048,576 characters in all]`,
    );
  });

  it('a --config that is 1 MB of broken JSON fails on one short line', async () => {
    const config = join(dir, 'broken.json');
    await writeFile(config, `{"tolerance_pct": ${'x'.repeat(MB)}}`);
    const r = await run(entries, join(dir, 'out-broken'), ['--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^recon: --config .*broken\.json is not valid JSON: /);
    expect(r.stderr.length).toBeLessThan(600);
  });
});
