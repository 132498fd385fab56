// The SQL Server RecordSource: deal lines from Analytics, entries from Accounting, streamed in batches with retries.
import type { TokenCredential } from '@azure/identity';
import sql from 'mssql';
import type { AppSettings } from '../../config/app-settings.js';
import type { Logger } from '../../pipeline/ports/logger.js';
import { SettingsError } from '../../core/engine-settings.js';
import {
  DEAL_LINE_COLUMNS,
  ENTRY_COLUMNS,
  HISTORY_COLUMNS,
  REQUIRED_DEAL_COLUMNS,
  REQUIRED_ENTRY_COLUMNS,
  REQUIRED_HISTORY_COLUMNS,
  type DealLineRow,
  type EntryRow,
  type HistoryRow,
} from '../../core/records.js';
import {
  SourceError,
  type PeriodWindow,
  type ReadProgress,
  type RecordSource,
  type SourceRow,
} from '../../pipeline/ports/record-source.js';
import { DEFAULT_DEALS_QUERY, DEFAULT_ENTRIES_QUERY, DEFAULT_HISTORY_QUERY } from './default-queries.js';
import { backoffDelay, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, defaultSleep } from './retry-policy.js';
import { rowMapper, type RowMapper } from './row-mapping.js';
import { sqlAuthentication, type TediousAuthentication } from './sql-auth.js';
import { isTransient, sqlErrorFacts, toSourceError, type SqlTarget } from './sql-errors.js';
import { bindPeriod } from './query-parameters.js';
import { streamQuery } from './query-stream.js';

export interface SqlSourceOptions {
  /** Token credential for managed-identity auth (tests pass a local one); default ManagedIdentityCredential. */
  credential?: TokenCredential;
  /** Rows per yielded batch (default 1000). */
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told of every retry (attempt, error number, wait) and of the failure that ends a read. */
  log?: Logger;
}

/** One query against one server: where, what, and the canonical columns it must give. */
export interface Endpoint {
  target: Omit<SqlTarget, 'phase'>;
  query: string;
  columns: readonly string[];
  required: readonly string[];
  source: 'deals' | 'entries' | 'history';
}

export interface SqlEndpoints {
  deals: Endpoint;
  entries: Endpoint;
  history: Endpoint;
}

/**
 * The three reads from the settings (no I/O): deal lines on Analytics, entries and history on
 * Accounting. The run and `recon check` both use this, so the check looks where the run reads.
 */
/** Why a SQL source cannot be read when its server's host name is not set. */
export function missingServer(prefix: 'ANALYTICS' | 'ACCOUNTING'): string {
  return `${prefix}_SQL_SERVER is not set: the SQL source needs the ${prefix === 'ANALYTICS' ? 'Analytics' : 'Accounting'} server host name`;
}

export function sqlEndpoints(settings: AppSettings): SqlEndpoints {
  const endpoint = (prefix: 'ANALYTICS' | 'ACCOUNTING', source: 'deals' | 'entries'): Endpoint => {
    const server = settings[`${prefix}_SQL_SERVER`];
    if (!server) throw new SettingsError(missingServer(prefix));
    const querySetting = source === 'deals' ? 'DEALS_QUERY' : 'ENTRIES_QUERY';
    return {
      target: {
        role: prefix === 'ANALYTICS' ? 'Analytics' : 'Accounting',
        prefix,
        database: settings[`${prefix}_SQL_DATABASE`],
        server,
        port: settings[`${prefix}_SQL_PORT`],
        authentication: settings.SQL_AUTHENTICATION,
        querySetting,
      },
      query:
        (source === 'deals' ? settings.DEALS_QUERY : settings.ENTRIES_QUERY) ??
        (source === 'deals' ? DEFAULT_DEALS_QUERY : DEFAULT_ENTRIES_QUERY),
      columns: source === 'deals' ? DEAL_LINE_COLUMNS : ENTRY_COLUMNS,
      required: source === 'deals' ? REQUIRED_DEAL_COLUMNS : REQUIRED_ENTRY_COLUMNS,
      source,
    };
  };
  const deals = endpoint('ANALYTICS', 'deals');
  const entries = endpoint('ACCOUNTING', 'entries');
  return {
    deals,
    entries,
    // History (life to date) is read from Accounting too, with its own query setting.
    history: {
      ...entries,
      target: { ...entries.target, querySetting: 'HISTORY_QUERY' },
      query: settings.HISTORY_QUERY ?? DEFAULT_HISTORY_QUERY,
      columns: HISTORY_COLUMNS,
      required: REQUIRED_HISTORY_COLUMNS,
      source: 'history',
    },
  };
}

export function createSqlSource(settings: AppSettings, options: SqlSourceOptions = {}): RecordSource {
  const auth = sqlAuthentication(settings, options.credential);
  const { deals, entries, history } = sqlEndpoints(settings);
  return {
    description: `SQL Server ${deals.target.server}:${deals.target.port}/${deals.target.database} and ${entries.target.server}:${entries.target.port}/${entries.target.database}`,
    deals: (window, progress) => readEndpoint<DealLineRow>(deals, settings, auth, options, window, progress),
    entries: (window, progress) => readEndpoint<EntryRow>(entries, settings, auth, options, window, progress),
    ...(settings.RECON_LIFE_TO_DATE
      ? {
          history: (window: PeriodWindow, progress?: ReadProgress) =>
            readEndpoint<HistoryRow>(history, settings, auth, options, window, progress),
        }
      : {}),
  };
}

/** The connection of one read (also the check's): same server, sign-in, TLS and timeouts. */
export function poolConfig(
  e: Endpoint,
  settings: AppSettings,
  auth: TediousAuthentication,
  onLoginError: (n: number) => void,
): sql.config {
  return {
    server: e.target.server,
    port: e.target.port,
    database: e.target.database,
    connectionTimeout: settings.SQL_CONNECT_TIMEOUT_MS,
    requestTimeout: settings.SQL_REQUEST_TIMEOUT_MS,
    authentication: auth as sql.config['authentication'],
    // One connection per read: a read is one long streamed query.
    pool: { max: 1, min: 0, idleTimeoutMillis: 1000 },
    // Check pooled connections at the socket, not with SELECT 1: a probe query is one more round trip
    // and, failing, would make the pool retry forever instead of reporting the error.
    validateConnection: 'socket' as unknown as boolean,
    options: {
      encrypt: settings.SQL_ENCRYPT,
      trustServerCertificate: settings.SQL_TRUST_SERVER_CERTIFICATE,
      readOnlyIntent: true,
      appName: 'revenue-recon',
      useUTC: true,
      // Our retry policy (backoff + jitter, SQL_MAX_RETRIES) is the only one: tedious' own would multiply it.
      maxRetriesOnTransientErrors: 0,
    } as sql.config['options'],
    // tedious drops the error number from login failures; catch it from the ERROR token itself.
    beforeConnect: (conn) => {
      conn.on('errorMessage', (token: { number: number }) => onLoginError(token.number));
    },
  };
}

/**
 * One read of one table. Transient failures are retried (fresh connection, backoff with jitter) only
 * while nothing has been yielded; once rows went out, a broken stream throws SourceError(retryable=true)
 * and the caller starts over (see src/pipeline/read-with-restart.ts), so no row is ever delivered twice.
 */
async function* readEndpoint<T>(
  e: Endpoint,
  settings: AppSettings,
  auth: TediousAuthentication,
  options: SqlSourceOptions,
  window: PeriodWindow,
  progress: ReadProgress | undefined,
): AsyncGenerator<SourceRow<T>[]> {
  const attempts = settings.SQL_MAX_RETRIES;
  const sleep = options.sleep ?? defaultSleep;
  let yielded = 0;
  for (let attempt = 1; ; attempt++) {
    let loginError: number | undefined;
    let phase: SqlTarget['phase'] = 'login';
    const pool = new sql.ConnectionPool(poolConfig(e, settings, auth, (n) => (loginError ??= n)));
    pool.on('error', () => undefined);
    try {
      await pool.connect();
      phase = 'query';
      const request = pool.request();
      bindPeriod(request, window);
      let mapper: RowMapper<T> | undefined;
      for await (const event of streamQuery(request, e.query, options.batchSize ?? 1000)) {
        if (event.kind === 'columns') {
          // Only the first result set is read; a query returning more is a configuration slip.
          if (!mapper) {
            mapper = rowMapper<T>(event.columns, e.columns, e.required, e.target.querySetting);
            // A history query with a recognition_period column is entry-shaped: a NULL there is a missing
            // period (a data-quality line), not an aggregated row.
            if (
              e.source === 'history' &&
              event.columns.some((c) => c.name.toLowerCase() === 'recognition_period')
            ) {
              const map = mapper;
              mapper = (row) => {
                const out = map(row) as Record<string, string | null>;
                out.recognition_period ??= '';
                return out as T;
              };
            }
          }
          continue;
        }
        if (!mapper) continue;
        const rows = event.rows.map(mapper);
        yielded += rows.length;
        progress?.(e.source, yielded);
        yield rows;
      }
      return;
    } catch (error) {
      if (error instanceof SourceError) throw withTarget(error, e, phase);
      const facts = sqlErrorFacts(error, phase === 'login' ? loginError : undefined);
      const transient = isTransient(facts);
      const target = { ...e.target, phase };
      const what = {
        source: e.source,
        database: e.target.database,
        server: `${e.target.server}:${e.target.port}`,
        phase,
        attempt,
        max_attempts: attempts,
        error_number: facts.number,
        error_code: facts.code,
        reason: facts.message.split('\n')[0],
      };
      if (yielded > 0) {
        options.log?.warn('SQL stream broke off after rows were read', { ...what, rows_read: yielded });
        throw toSourceError(error, target, transient, attempt, phase === 'login' ? loginError : undefined);
      }
      if (!transient || attempt >= attempts) {
        options.log?.error(
          transient ? 'SQL read failed; no attempts left' : 'SQL read failed; not retried (not transient)',
          what,
        );
        throw toSourceError(error, target, false, attempt, phase === 'login' ? loginError : undefined);
      }
      const wait = backoffDelay(attempt, {
        baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
        maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
      });
      options.log?.warn('SQL read failed; retrying', { ...what, wait_ms: wait });
      await sleep(wait);
    } finally {
      await pool.close().catch(() => undefined);
    }
  }
}

function withTarget(error: SourceError, e: Endpoint, phase: SqlTarget['phase']): SourceError {
  if (error.message.startsWith(e.target.role)) return error;
  return new SourceError(
    `${e.target.role} database "${e.target.database}" on ${e.target.server}:${e.target.port}: ${phase} failed: ${error.message}`,
    error.retryable,
    { cause: error },
  );
}
