// The worker behind on-demand runs, and the last word on a message that failed every attempt.
import type { InvocationContext } from '@azure/functions';
import { logProgress } from '../src/pipeline/logger.js';
import { recordFailedRun } from '../src/pipeline/run-reconciliation.js';
import { executeRun } from '../src/service/execute-run.js';
import { RunMessageSchema } from '../src/service/run-requests.js';
import { contextLogger, getServices } from './runtime.js';

/** Throws on a malformed message or a held period lock, so the host retries and finally poisons it. */
export async function runQueuedReconciliation(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = RunMessageSchema.safeParse(message);
  if (!parsed.success) throw new Error(`malformed run message: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const { runId, period, notify } = parsed.data;
  const log = contextLogger(context, { run_id: runId });
  log.info('dequeued run', { period, dequeue_count: String(context.triggerMetadata?.dequeueCount ?? '') });
  // A failed run is published (manifest + alert) by the pipeline; retrying it would only repeat the failure.
  await executeRun(getServices(), { period, runId, trigger: 'http', notify }, log, logProgress(log));
}

/** Messages the host gave up on: the run is recorded as failed and announced, never silently lost. */
export async function recordPoisonedRun(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = RunMessageSchema.safeParse(message);
  const log = contextLogger(context, parsed.success ? { run_id: parsed.data.runId } : {});
  if (!parsed.success) {
    log.error('poison message is not a run request; nothing to record', { detail: JSON.stringify(message).slice(0, 200) });
    return;
  }
  const { runId, period, notify } = parsed.data;
  const services = getServices();
  await recordFailedRun(
    { period, runId, trigger: 'http', settings: services.engine, notify },
    { store: services.storage.store, log, ...(services.alerter ? { alerter: services.alerter } : {}) },
    `the run could not be processed after ${String(context.triggerMetadata?.dequeueCount ?? 'several')} attempts (poison message)`,
  );
}
