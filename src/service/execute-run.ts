// Runs one period with the service's real components: the path the timer, the queue and the demo share.
import { StorePreviousMonth } from '../history/previous-open-items.js';
import { listPeriodRuns, type RunRecord } from '../history/run-history.js';
import type { Trigger } from '../reports/manifest.js';
import type { Logger } from '../pipeline/ports/logger.js';
import { runReconciliation, type RunOutcome } from '../pipeline/run-reconciliation.js';
import type { ReadProgress } from '../pipeline/ports/record-source.js';
import type { Services } from './services.js';

export interface ServiceRun {
  period: string;
  runId: string;
  trigger: Trigger;
  notify: boolean;
}

export async function executeRun(
  services: Services,
  run: ServiceRun,
  log: Logger,
  progress?: ReadProgress,
): Promise<RunOutcome> {
  return runReconciliation(
    {
      period: run.period,
      runId: run.runId,
      trigger: run.trigger,
      settings: services.engine,
      notify: run.notify,
    },
    {
      source: services.source,
      store: services.storage.store,
      lock: services.storage.lock,
      history: services.storage.history,
      // Life to date: the open items of the last completed run of the month before date this run's.
      previousMonth: new StorePreviousMonth(services.storage.store, (runId, reason) =>
        log.warn('previous month run not usable for aging', { previous_run_id: runId, reason }),
      ),
      ...(services.alerter ? { alerter: services.alerter } : {}),
      log,
      ...(progress ? { progress } : {}),
    },
  );
}

/** The period's runs (oldest first), what the admission policy decides on. */
export async function periodRunsOf(services: Services, period: string): Promise<RunRecord[]> {
  return listPeriodRuns(services.storage.store, period);
}
