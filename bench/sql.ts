// Benchmark: the month read through the SQL Server emulator, plain tedious drain of both result sets vs the whole reconciliation.
// node dist/bench/sql.js [--deals N]   (or SQL_BENCH_DEALS=1000000 for the 1M-deal month)
import { parseArgs } from 'node:util';
import tedious from 'tedious';
import { parseEngineSettings } from '../src/core/engine-settings.js';
import { AppSettingsSchema } from '../src/config/app-settings.js';
import { generateMonth } from '../src/generator/generate.js';
import { reconcileSource } from '../src/pipeline/reconcile-source.js';
import { DEFAULT_DEALS_QUERY, DEFAULT_ENTRIES_QUERY } from '../src/sources/sql/default-queries.js';
import { createSqlSource } from '../src/sources/sql/sql-source.js';
import { startSqlEmulator, type SqlEmulator } from '../tools/sql-emulator/server.js';

const PERIOD = '2026-10';

/** Rows of one query through bare tedious: the floor any source built on it can reach. */
function drain(emu: SqlEmulator, database: string, query: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const conn = new tedious.Connection({
      server: emu.host,
      authentication: { type: 'default', options: { userName: emu.user, password: emu.password } },
      options: { port: emu.port, database, encrypt: false, trustServerCertificate: true, requestTimeout: 0 },
    });
    conn.connect((err) => {
      if (err) return reject(err);
      let rows = 0;
      const req = new tedious.Request(query, (e) => {
        conn.close();
        if (e) reject(e);
        else resolve(rows);
      });
      req.addParameter('periodStart', tedious.TYPES.Date, new Date(`${PERIOD}-01T00:00:00Z`));
      req.addParameter('periodEnd', tedious.TYPES.Date, new Date(`${PERIOD}-31T00:00:00Z`));
      req.on('row', () => rows++);
      conn.execSql(req);
    });
  });
}

/** The generated month is only reachable inside this call, so the timed runs do not carry it in their heap. */
async function seededEmulator(dealCount: number): Promise<SqlEmulator> {
  const month = generateMonth({ deals: dealCount, period: PERIOD, seed: 1 });
  return startSqlEmulator({ tls: false, deals: month.deals, entries: month.entries });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { deals: { type: 'string', default: process.env['SQL_BENCH_DEALS'] ?? '100000' } },
  });
  const dealCount = Number(values.deals);
  const t0 = performance.now();
  const emu = await seededEmulator(dealCount);
  console.log(
    `sql bench: ${emu.seeded.deals} deal lines, ${emu.seeded.entries} entries seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  try {
    let t = performance.now();
    const rows =
      (await drain(emu, 'Analytics', DEFAULT_DEALS_QUERY)) +
      (await drain(emu, 'Accounting', DEFAULT_ENTRIES_QUERY));
    const drainS = (performance.now() - t) / 1000;
    console.log(
      `plain tedious drain: ${rows} rows in ${drainS.toFixed(2)} s = ${Math.round(rows / drainS)} rows/s`,
    );

    const settings = AppSettingsSchema.parse({ ...emu.appSettings, SQL_ENCRYPT: 'false' });
    t = performance.now();
    const recon = await reconcileSource(createSqlSource(settings), PERIOD, parseEngineSettings({}));
    const runS = (performance.now() - t) / 1000;
    const runRows = recon.inputs.deals.rows_read + recon.inputs.entries.rows_read;
    console.log(
      `whole reconciliation from SQL: ${runRows} rows in ${runS.toFixed(2)} s = ${Math.round(runRows / runS)} rows/s`,
    );
    console.log(`ratio whole run / plain drain: ${(runS / drainS).toFixed(2)}x (target <= 1.3x)`);
  } finally {
    await emu.close();
  }
}

main().catch((error: unknown) => {
  console.error(`sql bench failed: ${(error as Error).message}`);
  process.exit(1);
});
