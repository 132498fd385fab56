// Benchmark: the month read through the SQL Server emulator, plain tedious drain of each result set vs the whole reconciliation.
// node dist/bench/sql.js [--deals N] [--emulator process|inline]   (or SQL_BENCH_DEALS=1000000 for the 1M-deal month)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import tedious from 'tedious';
import { parseEngineSettings } from '../src/core/engine-settings.js';
import { AppSettingsSchema } from '../src/config/app-settings.js';
import { generateMonth } from '../src/generator/generate.js';
import { reconcileSource } from '../src/pipeline/reconcile-source.js';
import { DEFAULT_DEALS_QUERY, DEFAULT_ENTRIES_QUERY } from '../src/sources/sql/default-queries.js';
import { createSqlSource } from '../src/sources/sql/sql-source.js';
import { DEFAULT_PASSWORD, DEFAULT_USER, startSqlEmulator } from '../tools/sql-emulator/server.js';

const PERIOD = '2026-10';

/** Rows of one query through bare tedious: the floor any source built on it can reach. */
function drain(emu: EmulatorHandle, database: string, query: string): Promise<number> {
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

/** Where the bench's emulator runs: its address, its login and the app settings that point at it. */
interface EmulatorHandle {
  host: string;
  port: number;
  user: string;
  password: string;
  appSettings: Record<string, string>;
  seeded: string;
  close(): Promise<void>;
}

/** The generated month is only reachable inside this call, so the timed runs do not carry it in their heap. */
async function inlineEmulator(dealCount: number): Promise<EmulatorHandle> {
  const month = generateMonth({ deals: dealCount, period: PERIOD, seed: 1 });
  const emu = await startSqlEmulator({ tls: false, deals: month.deals, entries: month.entries });
  return {
    ...emu,
    seeded: `${emu.seeded.deals} deal lines, ${emu.seeded.entries} entries`,
    close: () => emu.close(),
  };
}

/**
 * The emulator in a process of its own (`npm run emulator`), as a SQL Server would be: its work is
 * then not on the measured process's thread. Reads what it prints: address and app settings.
 */
function processEmulator(dealCount: number): Promise<EmulatorHandle> {
  const main = fileURLToPath(new URL('../tools/sql-emulator/main.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [main, '--port', '0', '--deal-count', String(dealCount), '--period', PERIOD, '--seed', '1', '--no-tls'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const settings: Record<string, string> = {};
    let address: RegExpMatchArray | null = null;
    let seeded = '';
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      address ??= line.match(/listening on (.+):(\d+)$/);
      const seed = line.match(/^Seeded (\d+) deal lines .* and (\d+) entries/);
      if (seed) seeded = `${seed[1]} deal lines, ${seed[2]} entries`;
      const setting = line.match(/^ {2}([A-Z_]+)=(.*)$/);
      if (setting) settings[setting[1]!] = setting[2]!;
      if (line.startsWith('Ctrl+C') && address) {
        lines.close();
        resolve({
          host: address[1]!,
          port: Number(address[2]),
          user: settings['SQL_USER'] ?? DEFAULT_USER,
          password: settings['SQL_PASSWORD'] ?? DEFAULT_PASSWORD,
          appSettings: settings,
          seeded,
          close: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it listened`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      deals: { type: 'string', default: process.env['SQL_BENCH_DEALS'] ?? '100000' },
      emulator: { type: 'string', default: 'process' },
    },
  });
  const dealCount = Number(values.deals);
  if (values.emulator !== 'process' && values.emulator !== 'inline')
    throw new Error('--emulator must be process (its own process, the default) or inline (this one)');
  const t0 = performance.now();
  const emu = await (values.emulator === 'inline' ? inlineEmulator : processEmulator)(dealCount);
  console.log(
    `sql bench: ${emu.seeded} seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (emulator ${values.emulator === 'inline' ? 'in this process' : 'in its own process'})`,
  );
  try {
    const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const t = performance.now();
      const value = await fn();
      return [value, (performance.now() - t) / 1000];
    };
    const [dealRows, dealsS] = await timed(() => drain(emu, 'Analytics', DEFAULT_DEALS_QUERY));
    const [entryRows, entriesS] = await timed(() => drain(emu, 'Accounting', DEFAULT_ENTRIES_QUERY));
    const [, bothS] = await timed(() =>
      Promise.all([
        drain(emu, 'Analytics', DEFAULT_DEALS_QUERY),
        drain(emu, 'Accounting', DEFAULT_ENTRIES_QUERY),
      ]),
    );
    const slower = Math.max(dealsS, entriesS);
    console.log(
      `plain tedious drain: deals ${dealRows} rows in ${dealsS.toFixed(2)} s, entries ${entryRows} rows in ${entriesS.toFixed(2)} s, both at once ${bothS.toFixed(2)} s`,
    );

    const settings = AppSettingsSchema.parse({ ...emu.appSettings, SQL_ENCRYPT: 'false' });
    const [recon, runS] = await timed(() =>
      reconcileSource(createSqlSource(settings), PERIOD, parseEngineSettings({})),
    );
    const runRows = recon.inputs.deals.rows_read + recon.inputs.entries.rows_read;
    console.log(
      `whole reconciliation from SQL: ${runRows} rows in ${runS.toFixed(2)} s = ${Math.round(runRows / runS)} rows/s`,
    );
    // One emulator serves both databases, so "both at once" is the floor here; on two real servers
    // it is the slower source's drain.
    console.log(
      `ratio whole run / slower source's drain: ${(runS / slower).toFixed(2)}x; / both drained at once: ${(runS / bothS).toFixed(2)}x (target <= 1.1x)`,
    );
  } finally {
    await emu.close();
  }
}

main().catch((error: unknown) => {
  console.error(`sql bench failed: ${(error as Error).message}`);
  process.exit(1);
});
