// Re-reads a source from the start when its stream breaks (retryable SourceError), so rows are never counted twice.
import { SourceError } from '../record-source.js';

export interface RestartOptions {
  /** Fresh reads after the first one (default 3). */
  maxRestarts?: number;
  onRestart?: (error: SourceError, restart: number) => void;
}

/**
 * The contract with the pipeline: a SQL source retries internally only until its first batch is
 * yielded; after that a broken stream surfaces as SourceError(retryable=true). This helper then
 * throws away everything accumulated (`start` builds a new accumulator) and reads again from row one.
 */
export async function readWithRestart<T, A>(
  open: () => AsyncIterable<T[]>,
  start: () => A,
  consume: (acc: A, batch: T[]) => void | Promise<void>,
  options: RestartOptions = {},
): Promise<A> {
  const maxRestarts = options.maxRestarts ?? 3;
  for (let restart = 0; ; restart++) {
    const acc = start();
    try {
      for await (const batch of open()) await consume(acc, batch);
      return acc;
    } catch (error) {
      if (!(error instanceof SourceError) || !error.retryable || restart >= maxRestarts) throw error;
      options.onRestart?.(error, restart + 1);
    }
  }
}
