// The worker behind on-demand runs, and the last word on a message that failed every attempt.
import type { InvocationContext } from '@azure/functions';
import { listPeriodRuns, readRun } from '../src/history/run-history.js';
import { logProgress, type Logger } from '../src/pipeline/ports/logger.js';
import { RunInProgressError } from '../src/pipeline/ports/period-lock.js';
import { recordFailedRun, recordSkippedRun } from '../src/pipeline/run-reconciliation.js';
import { admitBusy, admitDequeued, admitPoisoned } from '../src/service/admission.js';
import { executeRun } from '../src/service/execute-run.js';
import { RunMessageSchema, type RunMessage } from '../src/service/run-requests.js';
import type { Services } from '../src/service/services.js';
import { contextLogger, getServices } from './runtime.js';

/**
 * Runs a queued request. Two POSTs for one month can both be queued (each saw no run yet): unless
 * forced, a request that another run has answered meanwhile (completed after it was made, or in
 * progress now) is recorded as skipped rather than run twice or retried into the poison queue. A
 * forced one that meets a run in progress is queued again to run after it. A message whose run
 * already has an outcome (redelivered) changes nothing. Throws on a malformed message, so the host
 * retries it and finally poisons it.
 */
export async function runQueuedReconciliation(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = RunMessageSchema.safeParse(message);
  if (!parsed.success)
    throw new Error(
      `malformed run message: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
    );
  const run = parsed.data;
  const log = contextLogger(context, { run_id: run.runId });
  log.info('dequeued run', {
    period: run.period,
    dequeue_count: String(context.triggerMetadata?.dequeueCount ?? ''),
  });
  const services = getServices();
  // One listing of the month's runs: this run's own outcome, if any, and the last completed one.
  const admitted = admitDequeued(run, await listPeriodRuns(services.storage.store, run.period));
  if (admitted.kind === 'nothing') {
    log.warn('this run already has an outcome (a redelivered message); nothing to do', {
      status: admitted.status,
    });
    return;
  }
  if (admitted.kind === 'skip') {
    await skip(services, run, log, admitted.reason);
    return;
  }
  try {
    // A failed run is published (manifest + alert) by the pipeline; retrying it would only repeat the failure.
    await executeRun(
      services,
      { period: run.period, runId: run.runId, trigger: 'http', notify: run.notify },
      log,
      logProgress(log),
    );
  } catch (error) {
    if (!(error instanceof RunInProgressError)) throw error;
    const busy = admitBusy(run, error.holderRunId);
    // Acknowledging would leave the run pending forever: failing hands the message back to the host.
    if (busy.kind === 'retry') throw new Error(busy.reason);
    if (busy.kind === 'skip') {
      await skip(services, run, log, busy.reason);
      return;
    }
    await services.queue().send(busy.message, busy.delaySeconds);
    log.info('a run of the month is in progress; the forced request waits for it', {
      holder: error.holderRunId ?? '',
      wait_seconds: String(busy.delaySeconds),
    });
  }
}

async function skip(services: Services, run: RunMessage, log: Logger, reason: string): Promise<void> {
  await recordSkippedRun(
    { period: run.period, runId: run.runId, trigger: 'http', settings: services.engine },
    services.storage.store,
    log,
    reason,
  );
}

/** Messages the host gave up on: the run is recorded as failed and announced, never silently lost. */
export async function recordPoisonedRun(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = RunMessageSchema.safeParse(message);
  const log = contextLogger(context, parsed.success ? { run_id: parsed.data.runId } : {});
  if (!parsed.success) {
    log.error('poison message is not a run request; nothing to record', {
      detail: String(JSON.stringify(message) ?? message).slice(0, 200),
    });
    return;
  }
  const { runId, period, notify } = parsed.data;
  const services = getServices();
  // A run that published its outcome (then failed to acknowledge the message) keeps it.
  const existing = await readRun(services.storage.store, { period, runId });
  if (admitPoisoned(existing) === 'keep') {
    log.warn('poison message for a run that already finished; its outcome stands', {
      status: existing.status,
    });
    return;
  }
  await recordFailedRun(
    { period, runId, trigger: 'http', settings: services.engine, notify },
    { store: services.storage.store, log, ...(services.alerter ? { alerter: services.alerter } : {}) },
    `the run could not be processed after ${String(context.triggerMetadata?.dequeueCount ?? 'several')} attempts (poison message)`,
  );
}
