// Turns mssql/tedious failures into SourceErrors that name the database, the error number and the setting to check.
import { SourceError } from '../../pipeline/ports/record-source.js';
import { TRANSIENT_CODES, TRANSIENT_SQL_ERRORS } from './retry-policy.js';

export interface SqlErrorFacts {
  /** SQL Server error number, when the server sent one. */
  number: number | undefined;
  /** tedious / mssql code (ELOGIN, ESOCKET, ETIMEOUT, EREQUEST, ...). */
  code: string | undefined;
  message: string;
}

/** What the source was doing and with which settings, for the message. */
export interface SqlTarget {
  /** "Analytics" / "Accounting" */
  role: string;
  /** ANALYTICS / ACCOUNTING: prefix of the connection settings. */
  prefix: 'ANALYTICS' | 'ACCOUNTING';
  database: string;
  server: string;
  port: number;
  authentication: 'managed-identity' | 'sql-login';
  /** DEALS_QUERY / ENTRIES_QUERY */
  querySetting: string;
  phase: 'login' | 'query';
}

/** Extracts the error number and code from mssql's wrappers (originalError) and tedious' own errors. */
export function sqlErrorFacts(error: unknown, loginErrorNumber?: number): SqlErrorFacts {
  const chain: Record<string, unknown>[] = [];
  let e: unknown = error;
  for (let i = 0; i < 5 && typeof e === 'object' && e !== null; i++) {
    chain.push(e as Record<string, unknown>);
    const rec = e as Record<string, unknown>;
    e = rec['originalError'] ?? rec['cause'] ?? (Array.isArray(rec['errors']) ? rec['errors'][0] : undefined);
  }
  const num = chain.map((c) => c['number']).find((n): n is number => typeof n === 'number');
  const code = chain.map((c) => c['code']).find((c): c is string => typeof c === 'string');
  const message =
    chain.map((c) => c['message']).find((m): m is string => typeof m === 'string' && m.length > 0) ??
    String(error);
  return { number: num ?? loginErrorNumber, code, message };
}

export function isTransient(f: SqlErrorFacts): boolean {
  if (f.number !== undefined) return TRANSIENT_SQL_ERRORS.has(f.number);
  return f.code !== undefined && TRANSIENT_CODES.has(f.code);
}

/** The setting a person should look at for this failure. */
export function settingToCheck(f: SqlErrorFacts, t: SqlTarget): string {
  const auth =
    t.authentication === 'sql-login'
      ? 'SQL_USER / SQL_PASSWORD (SQL_AUTHENTICATION=sql-login)'
      : 'AZURE_CLIENT_ID (SQL_AUTHENTICATION=managed-identity; the identity must be a user of the database)';
  switch (f.number) {
    case 18456:
    case 18452:
      return auth;
    case 4060:
      return `${t.prefix}_SQL_DATABASE`;
    case 229:
    case 230:
      return `${t.querySetting} (and SELECT permission for the login in ${auth.split(' (')[0]})`;
    case undefined:
      break;
    default:
      if (!TRANSIENT_SQL_ERRORS.has(f.number)) return t.querySetting;
      return `${t.prefix}_SQL_SERVER / SQL_MAX_RETRIES (the server stayed unavailable)`;
  }
  if (f.code === 'EFEDAUTH' || /token/i.test(f.message)) return auth;
  if (/certificate|self[- ]signed|TLS|SSL/i.test(f.message))
    return 'SQL_ENCRYPT / SQL_TRUST_SERVER_CERTIFICATE';
  if (f.code === 'ETIMEOUT') return t.phase === 'login' ? 'SQL_CONNECT_TIMEOUT_MS' : 'SQL_REQUEST_TIMEOUT_MS';
  if (f.code === 'ELOGIN') return auth;
  if (f.code && TRANSIENT_CODES.has(f.code)) return `${t.prefix}_SQL_SERVER / ${t.prefix}_SQL_PORT`;
  return t.phase === 'query' ? t.querySetting : `${t.prefix}_SQL_SERVER / ${t.prefix}_SQL_PORT`;
}

export function toSourceError(
  error: unknown,
  t: SqlTarget,
  retryable: boolean,
  attempts: number,
  loginErrorNumber?: number,
): SourceError {
  const f = sqlErrorFacts(error, loginErrorNumber);
  const what = f.number !== undefined ? `SQL error ${f.number}` : (f.code ?? 'error');
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  // The server's or driver's message may end without a full stop ("socket hang up"): one is added.
  const said = f.message.trim() || 'no message';
  const sentence = /[.!?]$/.test(said) ? said : `${said}.`;
  const message =
    `${t.role} database "${t.database}" on ${t.server}:${t.port}: ${t.phase} failed${tries} with ${what}: ${sentence} ` +
    `Check ${settingToCheck(f, t)}.`;
  return new SourceError(message, retryable, { cause: error });
}
