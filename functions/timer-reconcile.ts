// Month-end timer: reconciles the month that just ended, unless it already completed.
import type { InvocationContext, Timer } from '@azure/functions';
import { logProgress } from '../src/pipeline/logger.js';
import { RunInProgressError } from '../src/pipeline/period-lock.js';
import { completedRunOf, executeRun } from '../src/service/execute-run.js';
import { monthThatJustEnded } from '../src/service/periods.js';
import { serviceRunId } from '../src/service/run-requests.js';
import { contextLogger, getServices } from './runtime.js';

/** Retries of one scheduled run share its id, so a retry that succeeds replaces the failed manifest. */
export function timerRunId(period: string, now: Date): string {
  return serviceRunId(period, `timer-${now.toISOString().slice(0, 13).replace(/[-:]/g, '')}`);
}

export async function monthEndTimer(timer: Timer, context: InvocationContext, now = new Date()): Promise<void> {
  const period = monthThatJustEnded(now);
  const runId = timerRunId(period, now);
  const log = contextLogger(context, { run_id: runId });
  if (timer.isPastDue) log.warn('timer is past due; running now', { period });
  const services = getServices(log);
  if (!services.settings.RECON_RERUN_COMPLETED) {
    const done = await completedRunOf(services, period);
    if (done && done.runId !== runId) {
      log.info('period already reconciled; skipping (set RECON_RERUN_COMPLETED=true to re-run)', { period, completed_run_id: done.runId });
      return;
    }
  }
  try {
    const outcome = await executeRun(services, { period, runId, trigger: 'timer', notify: true }, log, logProgress(log));
    // Throwing hands the run to the timer's retry policy; the failure is already published.
    if (outcome.manifest.status === 'failed') throw new Error(`run ${runId} failed: ${outcome.manifest.failure_reason}`);
  } catch (error) {
    if (error instanceof RunInProgressError) {
      log.warn('another run of this period is in progress; skipping', { period, detail: error.message });
      return;
    }
    throw error;
  }
}
