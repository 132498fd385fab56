// One run per period at a time: a lease on a lock held while the run lives (blob lease in Azure).
export interface PeriodLease {
  /** Releases the lock; safe to call twice. */
  release(): Promise<void>;
}

export interface PeriodLock {
  /** Takes the period's lock or throws RunInProgressError. */
  acquire(period: string, runId: string): Promise<PeriodLease>;
  /** Who holds the period now, if anyone (read-only: lets HTTP answer 409 before queueing). */
  holder?(period: string): Promise<{ runId?: string; since: string } | undefined>;
}

export class RunInProgressError extends Error {
  override name = 'RunInProgressError';
  constructor(
    readonly period: string,
    readonly since: string,
    readonly holderRunId?: string,
  ) {
    super(`run in progress for ${period} since ${since}${holderRunId ? ` (run ${holderRunId})` : ''}`);
  }
}
