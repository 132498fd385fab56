// Re-reads a source from the start when its stream broke off (a retryable SourceError), so no row counts twice.
import { SourceError } from './ports/record-source.js';

export interface RestartOptions {
  /** Reads in all, the first included (default 3). */
  attempts?: number;
  onRestart?: (error: SourceError, attempt: number) => void;
}

/**
 * The contract with sources: a SQL source retries its own connects until it has yielded a batch; after
 * that a broken stream surfaces as SourceError(retryable). `read` must build fresh accumulators each
 * time, so whatever the broken attempt collected is thrown away.
 */
export async function readWithRestart<T>(read: () => Promise<T>, options: RestartOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof SourceError) || !error.retryable || attempt >= attempts) throw error;
      options.onRestart?.(error, attempt);
    }
  }
}
