// What `recon check` asks a SQL Server: can the service sign in, and do the configured queries give the
// canonical columns in types the source can carry. Nothing is read: sp_describe_first_result_set only compiles.
import type { TokenCredential } from '@azure/identity';
import sql from 'mssql';
import type { AppSettings } from '../../config/app-settings.js';
import { COLUMN_KINDS, type ColumnKind } from '../../core/records.js';
import { poolConfig, type Endpoint } from './sql-source.js';
import { QUERY_PARAMETERS } from './query-parameters.js';
import { sqlAuthentication } from './sql-auth.js';
import { sqlErrorFacts, settingToCheck, type SqlErrorFacts } from './sql-errors.js';

/** One column as sp_describe_first_result_set gives it. */
export interface DescribedColumn {
  /** NULL for an unnamed expression. */
  name: string | null;
  /** system_type_name: nvarchar(64), decimal(18,2), date, float, ... */
  type: string;
}

export type ProbeFailure = { ok: false; reason: string; fix: string };

export type QueryProbe =
  | {
      ok: true;
      /** The canonical columns the query gives, in its order. */
      columns: string[];
      /** Canonical columns it does not give (optional ones: the source reads them as empty). */
      absent: string[];
    }
  | ProbeFailure;

export interface ServerProbe {
  login: { ok: true; detail: string } | ProbeFailure;
  /** One per endpoint asked for, in order; absent when the login failed. */
  queries: QueryProbe[];
}

const TEXT = ['char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext'];
const INTEGER = ['tinyint', 'smallint', 'int', 'bigint'];
const DECIMAL = ['decimal', 'numeric', 'money', 'smallmoney'];
/** mssql gives these as a Date at UTC midnight (useUTC), which the source turns into the calendar day. */
const DAY = ['date', 'datetime', 'datetime2', 'smalldatetime'];

/**
 * SQL types that carry each kind into the source's text cells without changing it. float and real are
 * never accepted: a binary fraction holds no cents exactly. datetimeoffset is moved to UTC by the
 * driver, which can change the day, so it is not accepted as a date either.
 */
const FITS: Record<ColumnKind, readonly string[]> = {
  text: [...TEXT, ...INTEGER, 'uniqueidentifier'],
  money: [...TEXT, ...INTEGER, ...DECIMAL],
  date: [...TEXT, ...DAY],
  period: [...TEXT, ...DAY],
  count: [...TEXT, ...INTEGER, ...DECIMAL],
};

const CONVERSION: Record<ColumnKind, (column: string) => string> = {
  text: (c) => `CONVERT(nvarchar(200), …) AS ${c}`,
  money: (c) => `CONVERT(nvarchar(40), …) AS ${c} (from a decimal, never a float)`,
  date: (c) => `CONVERT(nchar(10), …, 23) AS ${c}`,
  period: (c) => `CONVERT(nchar(7), …, 23) AS ${c}`,
  count: (c) => `CONVERT(nvarchar(12), …) AS ${c}`,
};

/** "contract_value is float; bring it over as CONVERT(...)" or undefined when the type fits. */
export function typeProblem(column: string, type: string): { reason: string; fix: string } | undefined {
  const kind = COLUMN_KINDS[column as keyof typeof COLUMN_KINDS];
  if (kind === undefined) return undefined;
  const base = type.toLowerCase().replace(/\(.*$/, '').trim();
  if (FITS[kind].includes(base)) return undefined;
  return {
    reason: `column ${column} is ${type}, which cannot carry a ${kind === 'count' ? 'whole number' : kind} exactly`,
    fix: `bring it over as ${CONVERSION[kind](column)}`,
  };
}

/** Checks a described result set against what the endpoint's reader needs (rowMapper's rules, before reading). */
export function checkColumns(described: DescribedColumn[], e: Endpoint): QueryProbe {
  const setting = e.target.querySetting;
  const named = described.filter((c): c is DescribedColumn & { name: string } => c.name !== null);
  const canonical = (c: { name: string }) => e.columns.includes(c.name.toLowerCase());
  const twice = e.columns.find((n) => named.filter((c) => c.name.toLowerCase() === n).length > 1);
  if (twice !== undefined)
    return {
      ok: false,
      reason: `the query returns the column ${twice} twice`,
      fix: `keep one in ${setting}`,
    };
  const missing = e.required.filter((r) => !named.some((c) => c.name.toLowerCase() === r));
  if (missing.length > 0)
    return {
      ok: false,
      reason: `the query returns no ${missing.join(', ')} column (it returns ${named.map((c) => c.name).join(', ') || 'no named column'})`,
      fix: `alias its columns to the canonical names in ${setting} (${missing.map((m) => `… AS ${m}`).join(', ')})`,
    };
  for (const c of named.filter(canonical)) {
    const problem = typeProblem(c.name.toLowerCase(), c.type);
    if (problem) return { ok: false, reason: problem.reason, fix: `${problem.fix} in ${setting}` };
  }
  const given = named.filter(canonical).map((c) => c.name.toLowerCase());
  return { ok: true, columns: given, absent: e.columns.filter((c) => !given.includes(c)) };
}

/**
 * Signs in to the endpoints' server (the first one's target: they share it) the way a run does, then
 * describes each endpoint's query with its parameter declaration. One attempt, no retries: a check
 * reports what it finds now.
 */
export async function probeSqlServer(
  settings: AppSettings,
  endpoints: Endpoint[],
  credential?: TokenCredential,
): Promise<ServerProbe> {
  const first = endpoints[0];
  if (!first) throw new Error('probeSqlServer needs at least one endpoint');
  const auth = sqlAuthentication(settings, credential);
  let loginError: number | undefined;
  const pool = new sql.ConnectionPool({
    ...poolConfig(first, settings, auth, (n) => (loginError ??= n)),
    // A description is metadata only: the connect timeout is ample, the month-end query timeout is not.
    requestTimeout: settings.SQL_CONNECT_TIMEOUT_MS,
  });
  pool.on('error', () => undefined);
  const t = first.target;
  try {
    try {
      await pool.connect();
    } catch (error) {
      const facts = sqlErrorFacts(error, loginError);
      return { login: failure(facts, { ...t, phase: 'login' }), queries: [] };
    }
    const login = {
      ok: true as const,
      detail: `signed in to ${t.server}:${t.port}/${t.database} with ${t.authentication}${settings.SQL_AUTHENTICATION === 'sql-login' ? ` as ${settings.SQL_USER}` : ''}`,
    };
    const queries: QueryProbe[] = [];
    for (const e of endpoints) {
      try {
        const request = pool.request();
        request.input('tsql', sql.NVarChar(sql.MAX), e.query);
        request.input('params', sql.NVarChar(sql.MAX), QUERY_PARAMETERS);
        const result = await request.execute<{
          name: string | null;
          system_type_name: string;
          is_hidden: boolean;
        }>('sp_describe_first_result_set');
        const described = result.recordset
          .filter((r) => !r.is_hidden)
          .map((r) => ({ name: r.name, type: r.system_type_name }));
        queries.push(checkColumns(described, e));
      } catch (error) {
        queries.push(failure(describeFacts(error), { ...e.target, phase: 'query' }));
      }
    }
    return { login, queries };
  } finally {
    await pool.close().catch(() => undefined);
  }
}

function failure(f: SqlErrorFacts, t: Parameters<typeof settingToCheck>[1]): ProbeFailure {
  const what = f.number !== undefined ? `SQL error ${f.number}` : (f.code ?? 'error');
  const where = `${t.role} database "${t.database}" on ${t.server}:${t.port}`;
  return {
    ok: false,
    reason: `${where}: ${t.phase === 'login' ? 'sign-in' : 'describing the query'} failed with ${what}: ${f.message.split('\n')[0]!.trim()}`,
    fix: `check ${settingToCheck(f, t)}`,
  };
}

/**
 * A query that does not compile comes back as its own error followed by 11501 ("could not be
 * analyzed"); mssql throws the last with an empty message and keeps the others in precedingErrors.
 */
function describeFacts(error: unknown): SqlErrorFacts {
  const preceding = (error as { precedingErrors?: unknown[] }).precedingErrors ?? [];
  const all = [...preceding, error].map((e) => sqlErrorFacts(e));
  return all.find((f) => f.number !== 11501 && f.message.trim() !== '') ?? all[all.length - 1]!;
}
