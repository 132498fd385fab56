// FreeTDS' tsql (an independent TDS implementation) logs in to the emulator and selects rows.
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';

function hasTsql(): boolean {
  try {
    execFileSync('tsql', ['-C'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = hasTsql();
if (!available) {
  console.warn(
    'SKIPPED: FreeTDS tsql not found. Install it (apt-get install -y freetds-bin); .ci/run should install freetds-bin when missing.',
  );
}

function runTsql(
  emu: SqlEmulator,
  database: string,
  script: string,
  password = emu.password,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      'tsql',
      ['-H', '127.0.0.1', '-p', String(emu.port), '-U', emu.user, '-P', password, '-D', database],
      {
        env: { ...process.env, TDSVER: '7.4' },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(script);
  });
}

describe.skipIf(!available)('FreeTDS tsql', () => {
  let emu: SqlEmulator;
  beforeAll(async () => {
    emu = await startSqlEmulator({
      deals: [
        {
          deal_id: 'D-1',
          line_id: '1',
          customer_id: 'C-9',
          customer_name: 'Zoë & Co',
          segment: 'SMB',
          revenue_type: 'Subscription',
          contract_value: '1200.50',
          currency: 'EUR',
          duration_months: '12',
          booking_date: '2026-01-05',
          start_date: '2026-02-01',
          close_date: null,
        },
        {
          deal_id: 'D-2',
          line_id: '1',
          customer_id: 'C-7',
          customer_name: 'Acme',
          segment: null,
          revenue_type: 'Setup',
          contract_value: '99.99',
          currency: 'USD',
          duration_months: '1',
          booking_date: '2026-03-01',
          start_date: null,
          close_date: null,
        },
      ],
    });
  }, 60_000);
  afterAll(async () => emu?.close());

  test('logs in and selects typed rows with NULLs', async () => {
    const { out } = await runTsql(
      emu,
      'Analytics',
      "SELECT TOP 10 DealId, CustomerName, ContractValue, DurationMonths, StartDate, IsActive FROM dbo.Deals WHERE Currency IN (N'EUR', 'USD') ORDER BY DealId\ngo\nexit\n",
    );
    // tsql prints dates in its own locale format.
    expect(out).toMatch(/D-1\s+Zoë & Co\s+1200\.50\s+12\s+Feb\s+1 2026/);
    expect(out).toMatch(/D-2\s+Acme\s+99\.99\s+1\s+NULL/);
    expect(out).toMatch(/\(2 rows affected\)/);
  }, 30_000);

  test('sees SQL Server errors with their number', async () => {
    const { out } = await runTsql(emu, 'Analytics', 'SELECT * FROM dbo.Nope\ngo\nexit\n');
    expect(out).toMatch(/Msg 208.*\n?.*Invalid object name 'dbo\.nope'/i);
  }, 30_000);

  test('a wrong password is refused', async () => {
    const { out } = await runTsql(emu, 'Analytics', 'SELECT 1\ngo\nexit\n', 'wrong');
    expect(out).toMatch(/Login failed for user 'recon'/);
  }, 30_000);
});
