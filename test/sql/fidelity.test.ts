// The fidelity suite: every case through mssql (sp_executesql RPC and plain batch), FreeTDS tsql, pymssql and pyodbc where installed;
// against the emulator, or a real SQL Server when SQL_TEST_SERVER is set.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { CASES, type FidelityCase } from './fidelity-cases.js';
import { FIDELITY_DEALS, FIDELITY_ENTRIES } from './fidelity-data.js';
import { connectTarget, realServer, seedRealServer, type Target } from './sql-target.js';

type Outcome = { error: number } | { rows: unknown[][]; columns: string[]; types: string[] };

const has = (cmd: string, args: string[]): boolean => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const PYTHON = '/usr/bin/python3';
const clients = {
  tsql: has('tsql', ['-C']),
  pymssql: has(PYTHON, ['-c', 'import pymssql']),
  pyodbc: has(PYTHON, ['-c', 'import pyodbc; assert "FreeTDS" in pyodbc.drivers()']),
};
for (const [name, ok] of Object.entries(clients))
  if (!ok)
    console.warn(
      `SKIPPED for ${name}: not installed (apt-get install ${name === 'tsql' ? 'freetds-bin' : name === 'pymssql' ? 'python3-pymssql' : 'python3-pyodbc tdsodbc'}).`,
    );

/** Values as compared: dates as ISO text, numbers rounded to 9 decimals, the rest as mssql gives them. */
function normalise(v: unknown, type: string): unknown {
  if (v instanceof Date) return type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString().slice(0, 23);
  if (typeof v === 'number') return Math.round(v * 1e9) / 1e9;
  return v;
}

function typeOf(c: sql.IColumnMetadata[string]): string {
  const t = c.type as unknown as { declaration?: string; name?: string };
  const name = (t.declaration ?? t.name ?? '').toLowerCase();
  return name === 'decimal' || name === 'numeric' ? `decimal(${c.precision},${c.scale})` : name;
}

async function runMssql(pool: sql.ConnectionPool, k: FidelityCase, rpc: boolean): Promise<Outcome> {
  const request = pool.request();
  request.arrayRowMode = true;
  if (rpc) {
    const types: Record<string, () => sql.ISqlType> = {
      date: () => sql.Date(),
      int: () => sql.Int(),
      'nvarchar(64)': () => sql.NVarChar(64),
      'decimal(5,2)': () => sql.Decimal(5, 2),
    };
    const params = k.params ?? [{ name: 'unused', type: 'int', value: 0 } as const];
    for (const p of params)
      request.input(p.name, types[p.type]!(), p.type === 'date' ? new Date(`${p.value}T00:00:00Z`) : p.value);
  }
  try {
    const r = (await request.query(k.sql)) as unknown as {
      recordsets: (unknown[][] & { columns: sql.IColumnMetadata[string][] })[];
    };
    const set = r.recordsets[k.result ?? 0];
    if (!set) return { rows: [], columns: [], types: [] };
    const meta = (set.columns as unknown as sql.IColumnMetadata[string][][])[0] ?? [];
    const cols = Array.isArray(set.columns[0])
      ? meta
      : (set.columns as unknown as sql.IColumnMetadata[string][]);
    const types = cols.map(typeOf);
    let rows = set.map((row) => row.map((v, i) => normalise(v, types[i]!)));
    const names = cols.map((c) => c.name);
    if (k.pick) {
      const idx = k.pick.map((p) => names.indexOf(p));
      rows = rows.map((row) => idx.map((i) => row[i]));
    }
    return { rows, columns: names, types };
  } catch (error) {
    return { error: (error as { number?: number }).number ?? -1 };
  }
}

function runTsql(target: Target, cases: FidelityCase[]): Promise<Map<string, string>> {
  const script = cases.map((k) => `SELECT 'fidelity-case:${k.id}'\ngo\n${k.sql}\ngo\n`).join('') + 'exit\n';
  return new Promise((resolve) => {
    // One unbuffered stream for rows and messages (tsql writes errors to stderr), so each case's output stays in order.
    const child = spawn(
      'sh',
      ['-c', 'stdbuf -o0 -e0 tsql -H "$H" -p "$P" -U "$U" -P "$W" -D Analytics 2>&1'],
      {
        env: {
          ...process.env,
          TDSVER: '7.4',
          H: target.host,
          P: String(target.port),
          U: target.user,
          W: target.password,
        },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => {
      const parts = new Map<string, string>();
      const chunks = out.split(/fidelity-case:/);
      for (const chunk of chunks.slice(1)) {
        const id = /^[\w-]+/.exec(chunk)?.[0] ?? '';
        parts.set(id, chunk.slice(id.length));
      }
      resolve(parts);
    });
    child.stdin.end(script);
  });
}

function runPython(
  client: 'pymssql' | 'pyodbc',
  target: Target,
  cases: FidelityCase[],
): Promise<Record<string, { error?: number; rows?: (string | null)[][] }>> {
  const script = fileURLToPath(new URL('./fidelity-clients.py', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [
      script,
      client,
      target.host,
      String(target.port),
      target.user,
      target.password,
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as Record<string, { error?: number; rows?: (string | null)[][] }>);
      } catch {
        reject(new Error(`${client} runner failed: ${err.slice(0, 500)}`));
      }
    });
    child.stdin.end(JSON.stringify(cases.map((k) => ({ id: k.id, sql: k.sql, result: k.result ?? 0 }))));
  });
}

/** What a text client shows of a value. */
function shown(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** Differences between an outcome and the case's expectation (empty when it matches). */
function differences(k: FidelityCase, o: Outcome): string[] {
  const out: string[] = [];
  if (k.error !== undefined) {
    if (!('error' in o))
      out.push(`expected error ${k.error}, got rows ${JSON.stringify(o.rows).slice(0, 200)}`);
    else if (o.error !== k.error) out.push(`expected error ${k.error}, got error ${o.error}`);
    return out;
  }
  if ('error' in o) return [`expected rows, got error ${o.error}`];
  const expected = k.rows?.map((row) => row.map((v) => normalise(v, '')));
  if (expected && JSON.stringify(o.rows) !== JSON.stringify(expected))
    out.push(
      `rows ${JSON.stringify(o.rows).slice(0, 300)} instead of ${JSON.stringify(k.rows).slice(0, 300)}`,
    );
  if (k.columns && JSON.stringify(o.columns) !== JSON.stringify(k.columns))
    out.push(`columns ${JSON.stringify(o.columns)} instead of ${JSON.stringify(k.columns)}`);
  if (k.types && JSON.stringify(o.types) !== JSON.stringify(k.types))
    out.push(`types ${JSON.stringify(o.types)} instead of ${JSON.stringify(k.types)}`);
  return out;
}

function textDifferences(
  k: FidelityCase,
  error: number | undefined,
  rows: (string | null)[][] | undefined,
): string[] {
  if (k.error !== undefined)
    return error === k.error ? [] : [`expected error ${k.error}, got ${error ?? 'rows'}`];
  if (error !== undefined) return [`expected rows, got error ${error}`];
  if (k.pick) return [];
  if (k.rows && rows && rows.length !== k.rows.length)
    return [`${rows.length} rows instead of ${k.rows.length}`];
  const first = k.rows?.[0]?.[0];
  const want =
    typeof first === 'string' && first.length < 100 && !/^\d{4}-\d{2}-\d{2}/.test(first)
      ? shown(first)
      : undefined;
  if (want !== undefined && rows?.[0]?.[0] !== undefined && rows[0][0]!.trimEnd() !== want.trimEnd())
    return [`first value ${rows[0][0]} instead of ${want}`];
  return [];
}

const target = realServer();
console.warn(
  target
    ? `Fidelity suite against the real SQL Server at ${target.host}:${target.port} (SQL_TEST_SERVER).`
    : 'SKIPPED: the real SQL Server lane (set SQL_TEST_SERVER=user:password@host:port, see docs/sql.md); the fidelity suite runs on the emulator.',
);

describe('fidelity: T-SQL cases answer as SQL Server does', () => {
  let emu: SqlEmulator | undefined;
  let where: Target;
  let pool: sql.ConnectionPool;
  const results = new Map<string, Record<string, string[]>>();

  beforeAll(async () => {
    if (target) {
      where = target;
      await seedRealServer(target, FIDELITY_DEALS, FIDELITY_ENTRIES);
    } else {
      emu = await startSqlEmulator({ tls: false, deals: FIDELITY_DEALS, entries: FIDELITY_ENTRIES });
      where = { host: '127.0.0.1', port: emu.port, user: emu.user, password: emu.password };
    }
    pool = await connectTarget(where, 'Analytics');
    const batchCases = CASES.filter((k) => !k.params);
    const [tsqlOut, pymssqlOut, pyodbcOut] = await Promise.all([
      clients.tsql ? runTsql(where, batchCases) : undefined,
      clients.pymssql ? runPython('pymssql', where, batchCases) : undefined,
      clients.pyodbc ? runPython('pyodbc', where, batchCases) : undefined,
    ]);
    for (const k of CASES) {
      const r: Record<string, string[]> = {};
      r['mssql rpc'] = differences(k, await runMssql(pool, k, true));
      if (!k.params) {
        r['mssql batch'] = differences(k, await runMssql(pool, k, false));
        if (tsqlOut) {
          const text = tsqlOut.get(k.id) ?? '';
          const err = /Msg (\d+)/.exec(text)?.[1];
          const want = k.rows?.[0]?.[0];
          const w =
            typeof want === 'string' && want.length < 100 && !k.pick && !/^\d{4}-\d{2}-\d{2}/.test(want)
              ? want
              : typeof want === 'number' && !k.pick
                ? String(want)
                : undefined;
          r['tsql'] =
            k.error !== undefined
              ? err === String(k.error)
                ? []
                : [`expected Msg ${k.error}, got ${err ?? 'no error'}`]
              : err
                ? [`expected rows, got Msg ${err}`]
                : w !== undefined && !text.includes(w)
                  ? [`output lacks ${w}`]
                  : [];
        }
        // pymssql opens a transaction of its own (autocommit off), so a bare COMMIT succeeds there as on SQL Server.
        if (pymssqlOut && !k.notFor?.includes('pymssql'))
          r['pymssql'] = textDifferences(k, pymssqlOut[k.id]?.error ?? undefined, pymssqlOut[k.id]?.rows);
        if (pyodbcOut && !k.notFor?.includes('pyodbc'))
          r['pyodbc'] = textDifferences(k, pyodbcOut[k.id]?.error ?? undefined, pyodbcOut[k.id]?.rows);
      }
      results.set(k.id, r);
    }
    const matching = [...results.values()].filter((r) =>
      Object.values(r).every((d) => d.length === 0),
    ).length;
    console.log(
      `FIDELITY SCORE: ${matching}/${CASES.length} cases match on every client (${Object.entries(clients)
        .filter(([, ok]) => ok)
        .map(([n]) => n)
        .concat(['mssql rpc', 'mssql batch'])
        .join(', ')})`,
    );
  }, 300_000);

  afterAll(async () => {
    await pool?.close();
    await emu?.close();
  });

  test('has at least 150 cases with unique ids', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CASES.map((k) => k.id)).size).toBe(CASES.length);
  });

  test.each(CASES.map((k) => [k.id, k] as const))('%s', (_id, k) => {
    expect(results.get(k.id)).toBeDefined();
    const failing = Object.fromEntries(Object.entries(results.get(k.id)!).filter(([, d]) => d.length));
    if (Object.keys(failing).length) console.log(`FIDELITY MISMATCH ${k.id}: ${JSON.stringify(failing)}`);
    expect(failing).toEqual({});
  });
});
