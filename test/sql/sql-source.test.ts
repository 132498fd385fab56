// The SQL source against the emulator over TCP: same rows as CSV, TLS, token auth, faults, errors, bounded memory.
// With SQL_TEST_SERVER the reading test runs against that real SQL Server instead (docs/sql.md).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS, type DealLineRow, type EntryRow } from '../../src/core/records.js';
import { generateMonth } from '../../src/generator/generate.js';
import { writeRowsCsv } from '../../src/generator/write-csv.js';
import { CsvRecordSource } from '../../src/sources/csv-source.js';
import { MalformedRow, SourceError } from '../../src/pipeline/ports/record-source.js';
import { createSqlSource } from '../../src/sources/sql/sql-source.js';
import { readWithRestart } from '../../src/pipeline/read-with-restart.js';
import { dealToColumns, entryToColumns } from '../../tools/sql-emulator/databases.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { LocalTokenCredential, WINDOW, mintJwt, readAll, settingsFor } from './helpers.js';
import { realServer, realServerSettings, seedRealServer } from './sql-target.js';

let emu: SqlEmulator;
let month: ReturnType<typeof generateMonth>;
const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const real = realServer();
console.warn(
  real
    ? `The SQL source reading test runs against the real SQL Server at ${real.host}:${real.port} (SQL_TEST_SERVER); faults, tokens and volume stay on the emulator.`
    : 'SKIPPED: the real SQL Server lane (set SQL_TEST_SERVER=user:password@host:port, see docs/sql.md); every SQL source test runs on the emulator.',
);

beforeAll(async () => {
  month = generateMonth({ deals: 400, period: WINDOW.period, seed: 7 });
  emu = await startSqlEmulator({ deals: month.deals, entries: month.entries });
  if (real) await seedRealServer(real, month.deals, month.entries);
}, 300_000);
afterAll(async () => emu?.close());
beforeEach(() => emu.faults.clear());

/** What a row looks like after the typed columns (the documented NULL-when-it-does-not-fit rule). */
function throughSqlDeal(r: DealLineRow): Record<string, string | null> {
  const c = dealToColumns(r);
  return Object.fromEntries(DEAL_LINE_COLUMNS.map((k, i) => [k, c[i] ?? null]));
}
function throughSqlEntry(r: EntryRow): Record<string, string | null> {
  const c = entryToColumns(r);
  const row: Record<string, string | null> = Object.fromEntries(
    ENTRY_COLUMNS.map((k, i) => [k, c[i] ?? null]),
  );
  row['recognition_period'] = row['recognition_period']?.slice(0, 7) ?? null;
  return row;
}
const inWindow = (r: Record<string, string | null>): boolean =>
  (r['recognition_period'] ?? '') === WINDOW.period;

describe('reading through the SQL source', () => {
  test('gives the same deal lines and entries as the same data from CSV files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sql-eq-'));
    try {
      await writeRowsCsv(join(dir, 'deals.csv'), DEAL_LINE_COLUMNS, month.deals);
      await writeRowsCsv(join(dir, 'entries.csv'), ENTRY_COLUMNS, month.entries);
      const csv = new CsvRecordSource(join(dir, 'deals.csv'), join(dir, 'entries.csv'));
      const fromCsvDeals = (await readAll(csv.deals(WINDOW))).filter(
        (r): r is DealLineRow => !(r instanceof MalformedRow),
      );
      const fromCsvEntries = (await readAll(csv.entries(WINDOW))).filter(
        (r): r is EntryRow => !(r instanceof MalformedRow),
      );
      const source = createSqlSource(real ? realServerSettings(real) : settingsFor(emu.appSettings));
      const deals = await readAll(source.deals(WINDOW));
      const entries = await readAll(source.entries(WINDOW));
      expect(deals.length).toBe(month.deals.length);
      expect(deals).toEqual(fromCsvDeals.map(throughSqlDeal));
      expect(entries).toEqual(fromCsvEntries.map(throughSqlEntry).filter(inWindow));
      expect(entries.length).toBeGreaterThan(100);
      // Clean rows come through byte for byte: money keeps its two decimals, dates stay ISO.
      const clean = month.deals.find(
        (d) =>
          d.contract_value &&
          /^\d+\.\d{2}$/.test(d.contract_value) &&
          d.start_date &&
          /^\d{4}-\d{2}-\d{2}$/.test(d.start_date),
      );
      expect(deals).toContainEqual(
        expect.objectContaining({
          deal_id: clean!.deal_id,
          contract_value: clean!.contract_value,
          start_date: clean!.start_date,
        }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('uses TLS when SQL_ENCRYPT is on, and refuses the self-signed certificate unless trusted', async () => {
    const pool = await new sql.ConnectionPool({
      server: '127.0.0.1',
      port: emu.port,
      database: 'Analytics',
      user: emu.user,
      password: emu.password,
      options: { encrypt: true, trustServerCertificate: true },
    }).connect();
    const r = await pool.request().query<{ n: number }>('SELECT COUNT(*) AS n FROM dbo.Deals');
    expect(r.recordset[0]?.n).toBe(month.deals.length);
    await pool.close();
    const untrusted = createSqlSource(
      settingsFor(emu.appSettings, { SQL_TRUST_SERVER_CERTIFICATE: 'false', SQL_MAX_RETRIES: '1' }),
      fast,
    );
    await expect(readAll(untrusted.deals(WINDOW))).rejects.toThrow(
      /SQL_ENCRYPT \/ SQL_TRUST_SERVER_CERTIFICATE/,
    );
  }, 30_000);

  test('a consumer that stops early cancels the query and the connection is released', async () => {
    const source = createSqlSource(settingsFor(emu.appSettings), { batchSize: 10 });
    let batches = 0;
    for await (const batch of source.deals(WINDOW)) {
      expect(batch.length).toBe(10);
      if (++batches === 2) break;
    }
    expect(batches).toBe(2);
    expect(await readAll(source.entries(WINDOW))).not.toHaveLength(0);
  }, 30_000);
});

describe('token authentication', () => {
  test('managed identity (token credential flow): the credential is asked for the SQL scope and the token is accepted', async () => {
    const credential = new LocalTokenCredential();
    const source = createSqlSource(settingsFor(emu.appSettings, { SQL_AUTHENTICATION: 'managed-identity' }), {
      credential,
    });
    const deals = await readAll(source.deals(WINDOW));
    expect(deals).toHaveLength(month.deals.length);
    expect(credential.scopes).toContain('https://database.windows.net/.default');
  }, 30_000);

  test.each([
    [
      'wrong audience',
      { aud: 'https://storage.azure.com/', exp: Math.floor(Date.now() / 1000) + 3600 },
      /audience/,
    ],
    ['expired', { aud: 'https://database.windows.net/', exp: Math.floor(Date.now() / 1000) - 60 }, /expired/],
  ])(
    'a token with a %s is rejected with 18456, naming the setting to check',
    async (_name, claims, reason) => {
      const source = createSqlSource(
        settingsFor(emu.appSettings, { SQL_AUTHENTICATION: 'managed-identity' }),
        { credential: new LocalTokenCredential(() => claims), ...fast },
      );
      const error = await readAll(source.deals(WINDOW)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).message).toMatch(/Analytics database "Analytics".*18456/);
      expect((error as SourceError).message).toMatch(reason);
      expect((error as SourceError).message).toMatch(/AZURE_CLIENT_ID/);
      expect((error as SourceError).retryable).toBe(false);
    },
    30_000,
  );

  test('access-token flow (token in LOGIN7) with the raw mssql client, and a rejected expired one', async () => {
    const connect = (token: string) =>
      new sql.ConnectionPool({
        server: '127.0.0.1',
        port: emu.port,
        database: 'Accounting',
        authentication: { type: 'azure-active-directory-access-token', options: { token } },
        options: { encrypt: true, trustServerCertificate: true },
      }).connect();
    const ok = await connect(
      mintJwt({ aud: 'https://database.windows.net/', exp: Math.floor(Date.now() / 1000) + 600 }),
    );
    const r = await ok.request().query<{ db: string }>('SELECT DB_NAME() AS db');
    expect(r.recordset[0]?.db).toBe('Accounting');
    await ok.close();
    await expect(connect(mintJwt({ aud: 'https://database.windows.net/', exp: 1 }))).rejects.toThrow(
      /Login failed.*expired/,
    );
  }, 30_000);
});

describe('faults', () => {
  test.each([40613, 40501, 4060, 10928])(
    'transient login error %i is retried and the read succeeds',
    async (number) => {
      emu.faults.add({ on: 'login', error: number, database: 'Analytics', times: 2 });
      const before = emu.stats.logins;
      const deals = await readAll(createSqlSource(settingsFor(emu.appSettings), fast).deals(WINDOW));
      expect(deals).toHaveLength(month.deals.length);
      // Two refused logins, then at least one that succeeds (mssql may open a probe connection too).
      expect(emu.stats.logins - before).toBeGreaterThanOrEqual(3);
    },
    30_000,
  );

  test.each([1205, 40501, 49918])(
    'transient query error %i is retried and the read succeeds',
    async (number) => {
      emu.faults.add({ on: 'query', error: number, database: 'Accounting' });
      const entries = await readAll(createSqlSource(settingsFor(emu.appSettings), fast).entries(WINDOW));
      expect(entries.length).toBeGreaterThan(0);
    },
    30_000,
  );

  test('a transient error that persists fails after SQL_MAX_RETRIES attempts', async () => {
    emu.faults.add({ on: 'login', error: 40613, times: Infinity });
    const before = emu.stats.logins;
    const error = await readAll(
      createSqlSource(settingsFor(emu.appSettings, { SQL_MAX_RETRIES: '3' }), fast).deals(WINDOW),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/after 3 attempts with SQL error 40613/);
    expect(emu.stats.logins - before).toBe(3);
  }, 30_000);

  test.each([
    [18456, 'login', /18456.*Login failed.*Check SQL_USER \/ SQL_PASSWORD/],
    [229, 'query', /229.*permission.*Check DEALS_QUERY/],
    [208, 'query', /208.*Invalid object name.*Check DEALS_QUERY/],
  ] as const)(
    'error %i on %s fails at once with the database, the number and the setting',
    async (number, on, message) => {
      emu.faults.add({ on, error: number, database: 'Analytics', times: Infinity });
      const before = on === 'login' ? emu.stats.logins : emu.stats.queries;
      const error = await readAll(createSqlSource(settingsFor(emu.appSettings), fast).deals(WINDOW)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).message).toMatch(/^Analytics database "Analytics" on localhost:\d+/);
      expect((error as SourceError).message).toMatch(message);
      expect((error as SourceError).retryable).toBe(false);
      expect((on === 'login' ? emu.stats.logins : emu.stats.queries) - before).toBe(1);
    },
    30_000,
  );

  test('a wrong password is 18456 and is not retried', async () => {
    const error = await readAll(
      createSqlSource(settingsFor(emu.appSettings, { SQL_PASSWORD: 'nope' }), fast).entries(WINDOW),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^Accounting database "Accounting".*18456.*Login failed for user 'recon'.*SQL_USER/,
    );
    expect((error as Error).message).not.toContain('nope');
  }, 30_000);

  test('a query with a syntax error fails at once naming ENTRIES_QUERY', async () => {
    const settings = settingsFor(emu.appSettings, {
      ENTRIES_QUERY: 'SELECT EntryId AS entry_id FROMM dbo.RevenueRecognition',
    });
    const before = emu.stats.queries;
    const error = await readAll(createSqlSource(settings, fast).entries(WINDOW)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /Accounting database "Accounting".*SQL error 102: Incorrect syntax near.*Check ENTRIES_QUERY/,
    );
    expect(emu.stats.queries - before).toBe(1);
  }, 30_000);

  test('a query missing a canonical alias fails naming the setting', async () => {
    const settings = settingsFor(emu.appSettings, {
      DEALS_QUERY: 'SELECT TOP 5 [DealId] FROM [dbo].[Deals]',
    });
    await expect(readAll(createSqlSource(settings, fast).deals(WINDOW))).rejects.toThrow(
      /no deal_id, revenue_type, contract_value column.*DEALS_QUERY/,
    );
  }, 30_000);

  test.each([
    ['in another case', 'ContractValue AS CONTRACT_VALUE'],
    ['in the same case', 'ContractValue AS contract_value'],
  ])(
    'a query that returns a canonical column twice (%s) fails naming DEALS_QUERY',
    async (_case, second) => {
      const settings = settingsFor(emu.appSettings, {
        DEALS_QUERY: `SELECT DealId AS deal_id, RevenueType AS revenue_type, ContractValue AS contract_value, ${second} FROM dbo.Deals`,
      });
      await expect(readAll(createSqlSource(settings, fast).deals(WINDOW))).rejects.toThrow(
        /returned the column contract_value twice; keep one in DEALS_QUERY/,
      );
    },
    30_000,
  );

  test('a delay does not break the read', async () => {
    emu.faults.add({ on: 'query', delayMs: 200 });
    expect(await readAll(createSqlSource(settingsFor(emu.appSettings), fast).deals(WINDOW))).toHaveLength(
      month.deals.length,
    );
  }, 30_000);

  test('a connection dropped mid-stream surfaces as retryable; readWithRestart re-reads from the start without double counting', async () => {
    emu.faults.add({ on: 'query', dropAfterRows: 250, database: 'Analytics' });
    const source = createSqlSource(settingsFor(emu.appSettings), { ...fast, batchSize: 50 });
    const restarts: SourceError[] = [];
    const ids = await readWithRestart(
      async () => {
        const acc = new Map<string, number>();
        for await (const batch of source.deals(WINDOW)) {
          for (const r of batch)
            if (!(r instanceof MalformedRow)) acc.set(`${r.deal_id}|${r.line_id}|${acc.size}`, 1);
        }
        return acc;
      },
      { onRestart: (e) => restarts.push(e) },
    );
    expect(restarts).toHaveLength(1);
    expect(restarts[0]!.retryable).toBe(true);
    expect(ids.size).toBe(month.deals.length);
  }, 30_000);
});

describe('volume', () => {
  test('100,000 rows stream with bounded heap', async () => {
    const big = await startSqlEmulator({ tls: false });
    try {
      await big.databases.Accounting.copyRows(
        'dbo.revenuerecognition',
        ['EntryId', 'DealId', 'RevenueType', 'RecognitionPeriod', 'RecognizedAmount', 'Currency'],
        (function* () {
          for (let i = 0; i < 100_000; i++)
            yield [`E${i}`, `D${i % 5000}`, 'Subscription', '2026-10-01', `${i}.25`, 'USD'];
        })(),
      );
      const source = createSqlSource(settingsFor(big.appSettings, { SQL_ENCRYPT: 'false' }));
      // Live objects only: without a collection, the garbage of a loaded machine is measured too.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      const start = process.memoryUsage().heapUsed;
      let peak = start;
      let count = 0;
      let sum = 0n;
      for await (const batch of source.entries(WINDOW)) {
        for (const r of batch) {
          if (r instanceof MalformedRow) continue;
          count++;
          sum += BigInt(r.recognized_amount!.replace('.', ''));
        }
        if (count % 10_000 < batch.length) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
      }
      expect(count).toBe(100_000);
      expect(sum).toBe(BigInt((100_000 * 99_999) / 2) * 100n + 25n * 100_000n);
      // 100k rows held at once would be ~40 MB of objects; a streaming read stays far below.
      expect(peak - start).toBeLessThan(25 * 1024 * 1024);
    } finally {
      await big.close();
    }
  }, 120_000);
});
