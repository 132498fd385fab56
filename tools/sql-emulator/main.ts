// CLI: npm run emulator -- --port N [--deals FILE.csv --entries FILE.csv] [--deal-count N] [--period YYYY-MM] [--history-months N] [--no-tls]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS, type DealLineRow, type EntryRow } from '../../src/core/records.js';
import { accountingTable, generateMonth } from '../../src/generator/generate.js';
import { exportLine } from '../shell-export.js';
import { startSqlEmulator } from './server.js';

/** Reads a canonical CSV (header names in any case, BOM allowed); unknown columns are ignored. */
function readCsv<T>(path: string, columns: readonly string[]): T[] {
  const records = parse(readFileSync(path, 'utf8'), {
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Record<string, string>[];
  return records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])) as T);
}

function previousMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      deals: { type: 'string' },
      entries: { type: 'string' },
      'deal-count': { type: 'string', default: '1000' },
      // The Accounting table also holds the months before (life to date is on by default in a run).
      'history-months': { type: 'string', default: '12' },
      period: { type: 'string' },
      seed: { type: 'string' },
      password: { type: 'string' },
      'no-tls': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if ((values.deals === undefined) !== (values.entries === undefined))
    throw new Error('give both --deals and --entries, or neither');
  if (values.deals && process.argv.includes('--history-months'))
    throw new Error(
      '--history-months is for the generated month: with --deals/--entries the entries file is the whole table',
    );
  let deals: DealLineRow[];
  let entries: EntryRow[];
  let seededFrom: string;
  if (values.deals && values.entries) {
    deals = readCsv<DealLineRow>(values.deals, DEAL_LINE_COLUMNS);
    entries = readCsv<EntryRow>(values.entries, ENTRY_COLUMNS);
    seededFrom = `${values.deals} and ${values.entries}`;
  } else {
    const period = values.period ?? previousMonth();
    const historyMonths = Number(values['history-months']);
    if (!/^\d+$/.test(values['history-months']))
      throw new Error(`--history-months must be a whole number >= 0, not "${values['history-months']}"`);
    const month = generateMonth({
      deals: Number(values['deal-count']),
      period,
      seed: values.seed === undefined ? undefined : Number(values.seed),
      historyMonths,
    });
    deals = month.deals;
    entries = accountingTable(month);
    seededFrom = `the synthetic generator (${values['deal-count']} deals, period ${period}, ${historyMonths} months of history before it)`;
  }
  const emu = await startSqlEmulator({
    port: Number(values.port),
    host: values.host,
    password: values.password,
    tls: !values['no-tls'],
    deals,
    entries,
    log: values.verbose ? (l) => console.log(`[emulator] ${l}`) : undefined,
  });
  console.log(`SQL Server emulator (TDS 7.4) listening on ${emu.host}:${emu.port}`);
  console.log(`Analytics:  ${emu.connectionStrings.Analytics}`);
  console.log(`Accounting: ${emu.connectionStrings.Accounting}`);
  console.log(
    `Seeded ${emu.seeded.deals} deal lines (dbo.Deals) and ${emu.seeded.entries} entries (dbo.RevenueRecognition) from ${seededFrom}.`,
  );
  console.log('App settings for the service; paste into the shell that runs recon:');
  for (const [k, v] of Object.entries(emu.appSettings)) console.log(exportLine(k, v));
  console.log('Ctrl+C to stop.');
  const stop = (): void => {
    void emu.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`emulator: ${(error as Error).message}`);
  process.exit(1);
});
