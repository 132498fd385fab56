// A query text that starts with comments, SET NOCOUNT ON;, ;WITH or USE still returns its result set (batch and sp_executesql).
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';

let emu: SqlEmulator;
let pool: sql.ConnectionPool;

beforeAll(async () => {
  emu = await startSqlEmulator({ tls: false });
  pool = await new sql.ConnectionPool({
    server: '127.0.0.1',
    port: emu.port,
    database: 'Analytics',
    user: emu.user,
    password: emu.password,
    options: { encrypt: false },
  }).connect();
}, 60_000);
afterAll(async () => {
  await pool?.close();
  await emu?.close();
});

const texts = [
  ['a line comment', '-- the period\nSELECT 7 AS n'],
  ['a block comment', '/* the period */ SELECT 7 AS n'],
  ['SET NOCOUNT ON;', 'SET NOCOUNT ON; SELECT 7 AS n'],
  ['SET NOCOUNT ON without a semicolon', 'SET NOCOUNT ON\nSELECT 7 AS n'],
  [';WITH', ';WITH t AS (SELECT 7 AS n) SELECT n FROM t'],
  ['USE', 'USE Analytics; SELECT 7 AS n'],
  ['a comment, SET and ;WITH', '-- x\nSET NOCOUNT ON;\n;WITH t AS (SELECT 7 AS n) SELECT n FROM t'],
] as const;

describe.each([
  ['sp_executesql (a parameter declared)', true],
  ['a plain batch', false],
])('through %s', (_how, rpc) => {
  test.each(texts)('a text starting with %s returns its rows', async (_what, text) => {
    const request = pool.request();
    if (rpc) request.input('periodStart', sql.Date, new Date('2026-10-01'));
    const r = await request.query<{ n: number }>(text);
    expect(r.recordset).toEqual([{ n: 7 }]);
  });
});
