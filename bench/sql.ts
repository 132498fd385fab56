// Benchmark: the month read through the SQL Server emulator, plain tedious drain of each result set vs the whole reconciliation.
// node dist/bench/sql.js [--deals N] [--emulator process|inline] [--servers 2|1]   (or SQL_BENCH_DEALS=1000000 for the 1M-deal month)
//
// --servers 2 (the default): the Analytics and the Accounting databases on two emulator processes, as on two
// SQL Servers, so the two sources are read at once for real; 1: one emulator serves both (it answers one query
// at a time, so "both at once" is then its floor); --emulator inline runs one in this process.
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
import { readExportLine } from '../tools/shell-export.js';
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
    // The month alone, as the in-process emulator is seeded: the drains and the run read the same rows.
    [
      main,
      '--port',
      '0',
      '--deal-count',
      String(dealCount),
      '--period',
      PERIOD,
      '--seed',
      '1',
      '--history-months',
      '0',
      '--no-tls',
    ],
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
      const setting = readExportLine(line);
      if (setting) settings[setting[0]] = setting[1];
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
      servers: { type: 'string', default: '2' },
    },
  });
  const dealCount = Number(values.deals);
  if (values.emulator !== 'process' && values.emulator !== 'inline')
    throw new Error('--emulator must be process (its own process, the default) or inline (this one)');
  if (values.servers !== '1' && values.servers !== '2')
    throw new Error('--servers must be 2 (the default) or 1');
  const two = values.servers === '2' && values.emulator === 'process';
  const t0 = performance.now();
  // Two processes seeded alike: the deals are read from the first, the entries (and history) from the second.
  const [emu, accounting]: [EmulatorHandle, EmulatorHandle] = two
    ? await Promise.all([processEmulator(dealCount), processEmulator(dealCount)])
    : await (values.emulator === 'inline' ? inlineEmulator : processEmulator)(dealCount).then((e) => [e, e]);
  const where = two
    ? 'Analytics and Accounting on two emulator processes'
    : values.emulator === 'inline'
      ? 'one emulator in this process'
      : 'one emulator in its own process';
  console.log(
    `sql bench: ${emu.seeded} seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${where})`,
  );
  try {
    const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const t = performance.now();
      const value = await fn();
      return [value, (performance.now() - t) / 1000];
    };
    const [dealRows, dealsS] = await timed(() => drain(emu, 'Analytics', DEFAULT_DEALS_QUERY));
    const [entryRows, entriesS] = await timed(() => drain(accounting, 'Accounting', DEFAULT_ENTRIES_QUERY));
    const [, bothS] = await timed(() =>
      Promise.all([
        drain(emu, 'Analytics', DEFAULT_DEALS_QUERY),
        drain(accounting, 'Accounting', DEFAULT_ENTRIES_QUERY),
      ]),
    );
    const slower = Math.max(dealsS, entriesS);
    console.log(
      `plain tedious drain: deals ${dealRows} rows in ${dealsS.toFixed(2)} s, entries ${entryRows} rows in ${entriesS.toFixed(2)} s, both at once ${bothS.toFixed(2)} s`,
    );

    const settings = AppSettingsSchema.parse({
      ...emu.appSettings,
      ACCOUNTING_SQL_SERVER: accounting.appSettings['ACCOUNTING_SQL_SERVER'],
      ACCOUNTING_SQL_PORT: accounting.appSettings['ACCOUNTING_SQL_PORT'],
      SQL_ENCRYPT: 'false',
    });
    const cpu = process.cpuUsage();
    const [recon, runS] = await timed(() =>
      reconcileSource(createSqlSource(settings), PERIOD, parseEngineSettings({})),
    );
    const { user, system } = process.cpuUsage(cpu);
    const runRows = recon.inputs.deals.rows_read + recon.inputs.entries.rows_read;
    console.log(
      `whole reconciliation from SQL: ${runRows} rows in ${runS.toFixed(2)} s = ${Math.round(runRows / runS)} rows/s; ` +
        `this process's CPU ${((user + system) / 1e6).toFixed(2)} s (the emulators' is apart)`,
    );
    // With one emulator for both databases "both at once" is the floor; on two servers it is the
    // slower source's drain (both at once then shows what two drains in parallel cost this machine).
    console.log(
      `ratio whole run / slower source's drain: ${(runS / slower).toFixed(2)}x; / both drained at once: ${(runS / bothS).toFixed(2)}x (target <= 1.1x)`,
    );
  } finally {
    await Promise.all([emu.close(), ...(accounting === emu ? [] : [accounting.close()])]);
  }
}

main().catch((error: unknown) => {
  console.error(`sql bench failed: ${(error as Error).message}`);
  process.exit(1);
});
