// One run per period at a time: a lease on a lock held while the run lives (blob lease in Azure).
export interface PeriodLease {
  /** Releases the lock; safe to call twice. */
  release(): Promise<void>;
  /**
   * Proves the lock is still held, now (a lease renewal conditioned on the lease id), or throws
   * LostLockError: a run calls it right before it publishes, so a run that lost its lease (renewals
   * failed past the lease, another run took the month) publishes nothing.
   */
  stillHeld?(): Promise<void>;
}

export class LostLockError extends Error {
  override name = 'LostLockError';
  constructor(period: string, detail: string) {
    super(
      `lost the period lock of ${period} (${detail}): another run may own the month now; nothing was published`,
    );
  }
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
