// The emulator's faults and transactions as the real mssql client meets them: Azure's severity-20
// errors end the connection, a dropped connection delivers exactly the rows it says, transactions nest.
import sql from 'mssql';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { generateMonth } from '../../src/generator/generate.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';

let emu: SqlEmulator;
let deals: number;

beforeAll(async () => {
  const month = generateMonth({ deals: 300, period: '2026-10', seed: 3 });
  deals = month.deals.length;
  emu = await startSqlEmulator({ deals: month.deals, entries: month.entries, tls: false });
}, 60_000);
afterAll(async () => {
  await emu?.close();
});
afterEach(() => emu.faults.clear());

/**
 * One connection only, so "the connection" in each test is unambiguous. Connections are checked on
 * acquire by their socket, not by mssql's default `SELECT 1`: each injected fault then hits the
 * test's own query.
 */
function connect(): Promise<sql.ConnectionPool> {
  return new sql.ConnectionPool({
    server: '127.0.0.1',
    port: emu.port,
    database: 'Analytics',
    user: emu.user,
    password: emu.password,
    options: { encrypt: false },
    pool: { max: 1, min: 0 },
    validateConnection: 'socket',
  }).connect();
}

/** A connected pool whose one connection has answered a query: later logins are new connections. */
async function warm(): Promise<sql.ConnectionPool> {
  const pool = await connect();
  await pool.request().query('SELECT 1 AS one');
  return pool;
}

/** Time for a connection the server ended to see its socket close. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/** Streams a query and counts the rows that arrive before it ends or fails. */
function streamRows(
  pool: sql.ConnectionPool,
  text: string,
): Promise<{ rows: number; error?: sql.RequestError }> {
  return new Promise((resolve) => {
    const request = pool.request();
    request.stream = true;
    let rows = 0;
    let error: sql.RequestError | undefined;
    request.on('row', () => rows++);
    request.on('error', (e: sql.RequestError) => (error ??= e));
    request.on('done', () => resolve({ rows, error }));
    void request.query(text);
  });
}

describe('severity-20 errors (Azure SQL 40501, 40197, 40613)', () => {
  test.each([40501, 40197, 40613])(
    '%i reaches the client with its number and class, and the connection is closed',
    async (number) => {
      const pool = await warm();
      try {
        emu.faults.add({ on: 'query', database: 'Analytics', error: number });
        const loginsBefore = emu.stats.logins;
        const error = await pool
          .request()
          .query('SELECT COUNT(*) AS n FROM dbo.Deals')
          .then(
            () => undefined,
            (e: sql.RequestError) => e,
          );
        expect(error?.number).toBe(number);
        expect(error?.class).toBe(20);
        await settle();
        // The next query works, on a new connection: the server closed the one that got the error.
        const r = await pool.request().query<{ n: number }>('SELECT COUNT(*) AS n FROM dbo.Deals');
        expect(r.recordset[0]?.n).toBe(deals);
        expect(emu.stats.logins).toBe(loginsBefore + 1);
      } finally {
        await pool.close();
      }
    },
  );

  test('an error below severity 20 (1205, a deadlock victim) leaves the connection open', async () => {
    const pool = await warm();
    try {
      emu.faults.add({ on: 'query', database: 'Analytics', error: 1205 });
      const loginsBefore = emu.stats.logins;
      await expect(pool.request().query('SELECT 1 AS one')).rejects.toMatchObject({ number: 1205 });
      await settle();
      const r = await pool.request().query<{ one: number }>('SELECT 1 AS one');
      expect(r.recordset[0]?.one).toBe(1);
      expect(emu.stats.logins).toBe(loginsBefore);
    } finally {
      await pool.close();
    }
  });
});

describe('dropAfterRows', () => {
  test.each([0, 1, 57, 250])('delivers exactly %i rows, then the connection breaks', async (n) => {
    const pool = await connect();
    try {
      emu.faults.add({ on: 'query', database: 'Analytics', dropAfterRows: n });
      const { rows, error } = await streamRows(pool, 'SELECT DealId FROM dbo.Deals');
      expect(rows).toBe(n);
      expect(error).toBeDefined();
    } finally {
      await pool.close();
    }
  });

  test('does not fire on a result shorter than its count', async () => {
    const pool = await connect();
    try {
      emu.faults.add({ on: 'query', database: 'Analytics', dropAfterRows: deals + 10 });
      const { rows, error } = await streamRows(pool, 'SELECT DealId FROM dbo.Deals');
      expect(error).toBeUndefined();
      expect(rows).toBe(deals);
    } finally {
      await pool.close();
    }
  });
});

describe('transactions through mssql', () => {
  test('begin, read, commit: @@TRANCOUNT is 1 inside and 0 after', async () => {
    const pool = await connect();
    try {
      const tx = new sql.Transaction(pool);
      await tx.begin();
      const inside = await new sql.Request(tx).query<{ n: number; deals: number }>(
        'SELECT @@TRANCOUNT AS n, (SELECT COUNT(*) FROM dbo.Deals) AS deals',
      );
      expect(inside.recordset[0]).toEqual({ n: 1, deals });
      await tx.commit();
      const after = await pool.request().query<{ n: number }>('SELECT @@TRANCOUNT AS n');
      expect(after.recordset[0]?.n).toBe(0);
    } finally {
      await pool.close();
    }
  });

  test('a rolled-back transaction ends too, and a nested BEGIN TRAN counts', async () => {
    const pool = await connect();
    try {
      const tx = new sql.Transaction(pool);
      await tx.begin();
      const nested = await new sql.Request(tx).query<{ n: number }>('BEGIN TRAN; SELECT @@TRANCOUNT AS n');
      expect(nested.recordset[0]?.n).toBe(2);
      await new sql.Request(tx).query('COMMIT');
      await tx.rollback();
      const after = await pool.request().query<{ n: number }>('SELECT @@TRANCOUNT AS n');
      expect(after.recordset[0]?.n).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
