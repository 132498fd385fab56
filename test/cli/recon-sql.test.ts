// `recon run` without files reads the SQL sources from the environment: same reports as from the same data in CSV.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS } from '../../src/core/records.js';
import { generateMonth } from '../../src/generator/generate.js';
import { writeRowsCsv } from '../../src/generator/write-csv.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { reconHere as recon } from '../helpers/cli.js';

let emulator: SqlEmulator;
let dir: string;
const month = generateMonth({ deals: 400, period: '2026-10', seed: 21 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recon-sql-'));
  await writeRowsCsv(join(dir, 'deals.csv'), DEAL_LINE_COLUMNS, month.deals);
  await writeRowsCsv(join(dir, 'entries.csv'), ENTRY_COLUMNS, month.entries);
  emulator = await startSqlEmulator({ deals: month.deals, entries: month.entries });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

describe('recon run from SQL Server', () => {
  it('gives the same discrepancies and summary as the same data from CSV files', async () => {
    const fromSql = await recon(
      ['run', '--period', '2026-10', '--out', join(dir, 'sql'), '--run-id', 'same', '--quiet'],
      // Life to date off: the CSV run below has no --history.
      { ...emulator.appSettings, RECON_LIFE_TO_DATE: 'false' },
    );
    expect(fromSql.stderr).not.toContain('recon:');
    expect(fromSql.code).toBe(0);
    const fromCsv = await recon([
      'run',
      '--period',
      '2026-10',
      '--deals',
      join(dir, 'deals.csv'),
      '--entries',
      join(dir, 'entries.csv'),
      '--out',
      join(dir, 'csv'),
      '--run-id',
      'same',
      '--quiet',
    ]);
    expect(fromCsv.code).toBe(0);
    for (const file of ['discrepancies.csv', 'summary.csv']) {
      expect((await readFile(join(dir, 'sql', file), 'utf8')).split('\r\n').length).toBeGreaterThan(2);
      expect(await readFile(join(dir, 'sql', file), 'utf8')).toBe(
        await readFile(join(dir, 'csv', file), 'utf8'),
      );
    }
  });

  it('fails with exit 1 naming the setting when the server cannot be reached', async () => {
    const r = await recon(['run', '--period', '2026-10', '--out', join(dir, 'down'), '--quiet'], {
      ...emulator.appSettings,
      ANALYTICS_SQL_PORT: '1',
      SQL_MAX_RETRIES: '1',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Analytics/);
    expect(r.stderr).toMatch(/ANALYTICS_SQL_/);
  });

  it('fails with exit 2 naming a malformed setting', async () => {
    const r = await recon(['run', '--period', '2026-10', '--out', join(dir, 'bad')], {
      ...emulator.appSettings,
      ANALYTICS_SQL_PORT: 'abc',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ANALYTICS_SQL_PORT');
  });
});
