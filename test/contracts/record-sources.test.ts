// Every RecordSource runs the same contract: rows in memory, CSV files, and SQL Server (the emulator over TCP).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS } from '../../src/core/records.js';
import { writeRowsCsv } from '../../src/generator/write-csv.js';
import { CsvRecordSource } from '../../src/sources/csv-source.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';
import { createSqlSource } from '../../src/sources/sql/sql-source.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { settingsFor } from '../sql/helpers.js';
import { CONTRACT_DEALS, CONTRACT_ENTRIES, recordSourceContract } from './record-source.contract.js';

let dir: string;
let emulator: SqlEmulator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recon-source-contract-'));
  await writeRowsCsv(join(dir, 'deals.csv'), DEAL_LINE_COLUMNS, CONTRACT_DEALS);
  await writeRowsCsv(join(dir, 'entries.csv'), ENTRY_COLUMNS, CONTRACT_ENTRIES);
  emulator = await startSqlEmulator({ deals: CONTRACT_DEALS, entries: CONTRACT_ENTRIES, tls: false });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

recordSourceContract('MemoryRecordSource', () => ({
  make: () => new MemoryRecordSource(CONTRACT_DEALS, CONTRACT_ENTRIES),
}));

recordSourceContract('CsvRecordSource', () => ({
  make: () => new CsvRecordSource(join(dir, 'deals.csv'), join(dir, 'entries.csv')),
}));

recordSourceContract('SQL Server source', () => ({
  make: () => createSqlSource(settingsFor(emulator.appSettings, { SQL_ENCRYPT: 'false' })),
}));
