// Structured log lines carrying the run id: context.log in Functions, the console in the CLI, and OpenTelemetry log records.
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { currentRun } from './run-context.js';

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LogSink {
  (level: 'info' | 'warn' | 'error', line: string): void;
}

/**
 * Every line is "message key=value ..." with run_id first, so one run's lines can be grepped together.
 * A logger of the long-lived services (no run_id of its own) adds the run it is called for, if any.
 */
export function runLogger(sink: LogSink, base: LogFields): Logger {
  const write = (level: 'info' | 'warn' | 'error', message: string, fields?: LogFields) => {
    const all: LogFields = { ...currentRun(), ...base, ...fields };
    const defined = Object.entries(all).filter(
      (e): e is [string, string | number | boolean] => e[1] !== undefined,
    );
    emitRecord(level, message, Object.fromEntries(defined));
    const pairs = defined.map(
      ([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`,
    );
    sink(level, `${message} ${pairs.join(' ')}`.trim());
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

const SEVERITY = {
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
} as const;

/**
 * The same line as a structured OpenTelemetry log record, its fields as attributes (run_id, period,
 * trigger…), so Application Insights can filter on them. A no-op until the service registers the SDK.
 */
function emitRecord(
  level: 'info' | 'warn' | 'error',
  message: string,
  attributes: Record<string, string | number | boolean>,
): void {
  logs.getLogger('revenue-recon').emit({
    severityNumber: SEVERITY[level],
    severityText: level.toUpperCase(),
    body: message,
    attributes,
  });
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Read progress as log lines (Functions, where stderr is not watched), at most one per interval. */
export function logProgress(
  log: Logger,
  intervalMs = 10_000,
): (source: 'deals' | 'entries' | 'history', rows: number, fraction?: number) => void {
  let last = Date.now();
  return (source, rows, fraction) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    log.info('reading', {
      source,
      rows,
      ...(fraction === undefined ? {} : { percent: Math.round(fraction * 100) }),
    });
  };
}
