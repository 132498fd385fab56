// Which SQL failures are transient, and exponential backoff with full jitter for retrying them.

/** Azure SQL / SQL Server errors that a later attempt may not hit (throttling, failover, deadlock). */
export const TRANSIENT_SQL_ERRORS: ReadonlySet<number> = new Set([
  4060, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 10928, 10929, 1205, 233, 64, 10053, 10054, 10060,
]);
/** tedious / mssql codes for a connection that broke or never came up in time. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ESOCKET',
  'ECONNRESET',
  'ECONNCLOSED',
  'ECONNREFUSED',
  'ETIMEOUT',
  'ETIMEDOUT',
  'EPIPE',
]);

export interface RetryOptions {
  /** Total attempts, the first included (SQL_MAX_RETRIES). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 30_000;

/** Full jitter (AWS architecture blog): a random wait up to base * 2^(attempt-1), capped. */
export function backoffDelay(
  attempt: number,
  o: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round((o.random ?? Math.random)() * ceiling);
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
