// Structured log lines carrying the run id: context.log in Functions, the console in the CLI.
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LogSink {
  (level: 'info' | 'warn' | 'error', line: string): void;
}

/** Every line is "message key=value ..." with run_id first, so one run's lines can be grepped together. */
export function runLogger(sink: LogSink, base: LogFields): Logger {
  const format = (message: string, fields?: LogFields) => {
    const all = { ...base, ...fields };
    const pairs = Object.entries(all)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`);
    return `${message} ${pairs.join(' ')}`.trim();
  };
  return {
    info: (m, f) => sink('info', format(m, f)),
    warn: (m, f) => sink('warn', format(m, f)),
    error: (m, f) => sink('error', format(m, f)),
  };
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
