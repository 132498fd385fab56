// Where SQL tests run: the emulator, or the real SQL Server named by SQL_TEST_SERVER ("user:password@host:port", URL-encoded).
import sql from 'mssql';
import type { AppSettings } from '../../src/config/app-settings.js';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import { dealToColumns, entryToColumns } from '../../tools/sql-emulator/databases.js';
import { SQLSERVER_SETUP } from './fidelity-data.js';
import { settingsFor } from './helpers.js';

export interface Target {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The real server from SQL_TEST_SERVER, or undefined (the tests use the emulator). */
export function realServer(env: NodeJS.ProcessEnv = process.env): Target | undefined {
  const v = env['SQL_TEST_SERVER'];
  if (!v) return undefined;
  const u = new URL(`mssql://${v}`);
  if (!u.username || !u.hostname)
    throw new Error('SQL_TEST_SERVER must look like user:password@host:port (URL-encode special characters)');
  return {
    host: u.hostname,
    port: Number(u.port || 1433),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

export function connectTarget(t: Target, database: string): Promise<sql.ConnectionPool> {
  return new sql.ConnectionPool({
    server: t.host,
    port: t.port,
    database,
    user: t.user,
    password: t.password,
    options: { encrypt: false, trustServerCertificate: true },
    pool: { max: 2 },
  }).connect();
}

/** Creates Analytics and Accounting on the real server (if missing) with the demo tables holding these rows. */
export async function seedRealServer(t: Target, deals: DealLineRow[], entries: EntryRow[]): Promise<void> {
  const master = await connectTarget(t, 'master');
  for (const db of ['Analytics', 'Accounting'])
    await master.request().batch(`IF DB_ID('${db}') IS NULL CREATE DATABASE ${db}`);
  await master.close();
  const load = async (
    db: 'Analytics' | 'Accounting',
    table: string,
    columns: string[],
    rows: (string | null)[][],
  ): Promise<void> => {
    const pool = await connectTarget(t, db);
    await pool.request().batch(SQLSERVER_SETUP[db]);
    for (const row of rows) {
      const r = pool.request();
      row.forEach((v, i) => r.input(`p${i}`, sql.NVarChar(4000), v));
      await r.query(
        `INSERT INTO dbo.${table} (${columns.join(', ')}) VALUES (${row.map((_, i) => `@p${i}`).join(', ')})`,
      );
    }
    await pool.close();
  };
  await load(
    'Analytics',
    'Deals',
    [
      'DealId',
      'LineId',
      'CustomerId',
      'CustomerName',
      'Segment',
      'RevenueType',
      'ContractValue',
      'Currency',
      'DurationMonths',
      'BookingDate',
      'StartDate',
      'CloseDate',
    ],
    deals.map(dealToColumns),
  );
  await load(
    'Accounting',
    'RevenueRecognition',
    [
      'EntryId',
      'DealId',
      'RevenueType',
      'RecognitionPeriod',
      'RecognizedAmount',
      'Currency',
      'IsReversal',
      'PostedAt',
    ],
    entries.map(entryToColumns),
  );
}

/** App settings that point the SQL source at the real server (SQL login, TLS with its own certificate trusted). */
export function realServerSettings(t: Target): AppSettings {
  return settingsFor({
    ANALYTICS_SQL_SERVER: t.host,
    ANALYTICS_SQL_PORT: String(t.port),
    ANALYTICS_SQL_DATABASE: 'Analytics',
    ACCOUNTING_SQL_SERVER: t.host,
    ACCOUNTING_SQL_PORT: String(t.port),
    ACCOUNTING_SQL_DATABASE: 'Accounting',
    SQL_AUTHENTICATION: 'sql-login',
    SQL_USER: t.user,
    SQL_PASSWORD: t.password,
    SQL_ENCRYPT: 'true',
    SQL_TRUST_SERVER_CERTIFICATE: 'true',
  });
}
