// Month-end timer: reconciles the month that just ended, unless it already completed.
import type { InvocationContext, Timer } from '@azure/functions';
import { logProgress } from '../src/pipeline/ports/logger.js';
import { RunInProgressError } from '../src/pipeline/ports/period-lock.js';
import { admitTimer } from '../src/service/admission.js';
import { executeRun, periodRunsOf } from '../src/service/execute-run.js';
import { monthThatJustEnded } from '../src/service/periods.js';
import { serviceRunId } from '../src/service/run-requests.js';
import { contextLogger, getServices } from './runtime.js';

/**
 * One id per scheduled occurrence, so the retries of a run (which get the same timer data) replace
 * its failed manifest instead of adding runs. scheduleStatus.next is the occurrence now firing; it is
 * missing when the timer has no status yet (first start, runOnStartup), and then the minute is used.
 */
export function timerRunId(period: string, timer: Timer, now: Date): string {
  return serviceRunId(
    period,
    `timer-${occurrenceOf(timer, now).toISOString().slice(0, 16).replace(/[-:]/g, '')}`,
  );
}

/** A timer may fire this much before its occurrence (clock skew between host and schedule store). */
const EARLY_MS = 60_000;

/**
 * The scheduled occurrence now firing, else `now`. A run started by hand (portal "Test/Run", the
 * admin API) carries the stored status, whose `next` is still ahead: then it is not the occurrence.
 */
function occurrenceOf(timer: Timer, now: Date): Date {
  const scheduled = timer.scheduleStatus?.next ? new Date(timer.scheduleStatus.next) : undefined;
  if (!scheduled || Number.isNaN(scheduled.getTime()) || scheduled.getTime() > now.getTime() + EARLY_MS)
    return now;
  return scheduled;
}

/** The month before the occurrence, not before today: the 1 Nov run fired late on 3 Dec (an outage) still reconciles October. */
export function timerPeriod(timer: Timer, now: Date): string {
  return monthThatJustEnded(occurrenceOf(timer, now));
}

export async function monthEndTimer(
  timer: Timer,
  context: InvocationContext,
  now = new Date(),
): Promise<void> {
  const period = timerPeriod(timer, now);
  const runId = timerRunId(period, timer, now);
  const log = contextLogger(context, { run_id: runId });
  if (timer.isPastDue) log.warn('timer is past due; running now', { period });
  const services = getServices();
  const rerun = services.settings.RECON_RERUN_COMPLETED;
  // Its own id included: the same occurrence delivered twice does not redo a completed month.
  const admitted = admitTimer(rerun ? [] : await periodRunsOf(services, period), rerun, runId);
  if (admitted.kind === 'done') {
    log.info('period already reconciled; skipping (set RECON_RERUN_COMPLETED=true to re-run)', {
      period,
      completed_run_id: admitted.runId,
    });
    return;
  }
  try {
    const outcome = await executeRun(
      services,
      { period, runId, trigger: 'timer', notify: true },
      log,
      logProgress(log),
    );
    // Throwing hands the run to the timer's retry policy; the failure is already published.
    if (outcome.manifest.status === 'failed')
      throw new Error(`run ${runId} failed: ${outcome.manifest.failure_reason}`);
  } catch (error) {
    // Another run of the month holds the lock (an on-demand run). Returning would leave the month-end
    // run undone if that run fails: the invocation fails instead, and the timer's retry policy tries
    // again later, when the completed run (if it completed) makes the retry skip.
    if (error instanceof RunInProgressError)
      log.warn('another run of this period is in progress; retrying later', {
        period,
        detail: error.message,
      });
    throw error;
  }
}
