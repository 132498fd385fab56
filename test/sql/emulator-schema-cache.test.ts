// The emulator's cached empty databases: a damaged cache file only slows a start down, the schema and
// the seeded rows are the same, and the file is replaced by a good one.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DATABASES, schemaFile } from '../../tools/sql-emulator/databases.js';

const run = promisify(execFile);
const server = new URL('../../dist/tools/sql-emulator/server.js', import.meta.url).href;

/** A new process (nothing cached in memory) starts a seeded emulator and counts rows through mssql. */
const SCRIPT = `
import sql from 'mssql';
import { startSqlEmulator } from '${server}';
const deal = (id) => ({ deal_id: id, line_id: 'L1', customer_id: 'C1', customer_name: 'Acme', segment: 'SMB',
  revenue_type: 'Subscription', amount: '1200.00', currency: 'USD', term_months: '12',
  start_date: '2026-01-01', close_date: '2026-01-01', end_date: '' });
const emu = await startSqlEmulator({ deals: [deal('D1'), deal('D2'), deal('D3')], tls: false });
const pool = await new sql.ConnectionPool({ server: '127.0.0.1', port: emu.port, database: 'Analytics',
  user: emu.user, password: emu.password, options: { encrypt: false } }).connect();
const { recordset } = await pool.request().query('SELECT COUNT(*) AS n FROM dbo.deals');
await pool.close();
await emu.close();
process.stdout.write(String(recordset[0].n));
`;

describe('the emulator schema cache', () => {
  it('starts from scratch past a damaged cache file and writes a good one in its place', async () => {
    const garbage = Buffer.from('not a PGlite data directory');
    for (const name of DATABASES) writeFileSync(schemaFile(name), garbage);
    const first = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: process.cwd() });
    expect(first.stdout).toBe('3');
    for (const name of DATABASES) expect(readFileSync(schemaFile(name)).equals(garbage)).toBe(false);
    // The next process loads the rewritten file and gets the same schema.
    const second = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: process.cwd() });
    expect(second.stdout).toBe('3');
  }, 60_000);
});
