// The composition root of the service: app settings in, the sources, storage, alerts and queue a run uses.
import type { TokenCredential } from '@azure/identity';
import type { Alerter } from '../pipeline/ports/alerter.js';
import { createSlackAlerter } from '../alerts/slack-alerter.js';
import { engineSettingsFromApp, type AppSettings } from '../config/app-settings.js';
import { SettingsError, type EngineSettings } from '../core/engine-settings.js';
import type { Logger } from '../pipeline/ports/logger.js';
import { blobRunStorage, type RunStorage } from './storage-wiring.js';
import type { RecordSource } from '../pipeline/ports/record-source.js';
import { createSqlSource } from '../sources/sql/index.js';
import { runQueueFromSettings, type RunQueue } from './run-queue.js';

export interface Services {
  settings: AppSettings;
  engine: EngineSettings;
  storage: RunStorage;
  alerter?: Alerter;
  /** The SQL sources: built up front (no I/O), so a missing SQL setting fails at start, naming it. */
  source: RecordSource;
  /** The run queue: built with the services (no I/O), so a missing RUN_QUEUE_* setting fails at start. */
  queue(): RunQueue;
}

export interface ServiceOverrides {
  /** Token credential for SQL and storage (tests pass a local one; Azure uses the managed identity). */
  credential?: TokenCredential;
}

/**
 * Validates everything a run needs up front, so a bad setting fails at start naming it. `log` is for
 * the long-lived parts (lock renewal, history): it must not be one invocation's logger, since the
 * services outlive it. Each run logs through its own logger in the pipeline.
 */
export function createServices(
  settings: AppSettings,
  log: Logger,
  overrides: ServiceOverrides = {},
): Services {
  const engine = engineSettingsFromApp(settings);
  if (!settings.REPORTS_STORAGE_ACCOUNT_URL && !settings.REPORTS_STORAGE_CONNECTION_STRING) {
    throw new SettingsError(
      'REPORTS_STORAGE_ACCOUNT_URL is not set: reports need a storage account (or REPORTS_STORAGE_CONNECTION_STRING for Azurite)',
    );
  }
  const storage = blobRunStorage(settings, log);
  // No logger for the alerter: the pipeline logs each alert's outcome with the run's own logger.
  // Either webhook is enough: an escalation-only setup still hears of a red run.
  const alerter =
    settings.SLACK_WEBHOOK_URL || settings.SLACK_ESCALATION_WEBHOOK_URL
      ? createSlackAlerter(settings, { ledger: storage.ledger })
      : undefined;
  const source = createSqlSource(settings, {
    log,
    ...(overrides.credential ? { credential: overrides.credential } : {}),
  });
  // Built now (no I/O yet) so a missing RUN_QUEUE_SERVICE_URL stops the host at start, not the first POST.
  const queue = runQueueFromSettings(settings, overrides.credential);
  return {
    settings,
    engine,
    storage,
    ...(alerter ? { alerter } : {}),
    source,
    queue: () => queue,
  };
}
