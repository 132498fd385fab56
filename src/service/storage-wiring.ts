// One call per environment to get the report store, period lock, run history and alert ledger that belong together.
import { StoreAlertLedger } from '../alerts/alert-ledger.js';
import type { AppSettings } from '../config/app-settings.js';
import { StoreRunHistory } from '../history/run-history.js';
import { BlobPeriodLock } from '../storage/blob-period-lock.js';
import type { Logger } from '../pipeline/ports/logger.js';
import type { PeriodLock } from '../pipeline/ports/period-lock.js';
import {
  BlobReportStore,
  blobServiceFromSettings,
  type BlobConnection,
} from '../storage/blob-report-store.js';
import type { ReportStore } from '../pipeline/ports/report-store.js';
import { errorMessage } from '../core/error-message.js';

export interface RunStorage {
  store: ReportStore;
  lock: PeriodLock;
  history: StoreRunHistory;
  ledger: StoreAlertLedger;
}

type StorageSettings = Pick<
  AppSettings,
  | 'REPORTS_STORAGE_ACCOUNT_URL'
  | 'REPORTS_STORAGE_CONNECTION_STRING'
  | 'REPORTS_CONTAINER'
  | 'REPORT_LINK_EXPIRY_HOURS'
  | 'AZURE_CLIENT_ID'
>;

/** Where the reports live, from the app settings (shared with `recon check`, so it probes what runs use). */
export function blobConnection(settings: StorageSettings): BlobConnection {
  return {
    ...(settings.REPORTS_STORAGE_ACCOUNT_URL ? { accountUrl: settings.REPORTS_STORAGE_ACCOUNT_URL } : {}),
    ...(settings.REPORTS_STORAGE_CONNECTION_STRING
      ? { connectionString: settings.REPORTS_STORAGE_CONNECTION_STRING }
      : {}),
    ...(settings.AZURE_CLIENT_ID ? { clientId: settings.AZURE_CLIENT_ID } : {}),
  };
}

/** Blob Storage from the app settings: managed identity with an account URL, else an Azurite connection string. */
export function blobRunStorage(settings: StorageSettings, log?: Logger): RunStorage {
  const clients = blobServiceFromSettings(blobConnection(settings));
  const store = new BlobReportStore({
    service: clients.service,
    container: settings.REPORTS_CONTAINER,
    links: { signing: clients.signing, expiryHours: settings.REPORT_LINK_EXPIRY_HOURS },
    accountDescription: clients.description,
  });
  const lock = new BlobPeriodLock({
    service: clients.service,
    container: settings.REPORTS_CONTAINER,
    ...(log
      ? {
          onRenewalError: (period: string, error: unknown) =>
            log.warn('period lock renewal failed', {
              period,
              detail: errorMessage(error),
            }),
        }
      : {}),
  });
  return withHistory(store, lock, log);
}

function withHistory(store: ReportStore, lock: PeriodLock, log?: Logger): RunStorage {
  const history = new StoreRunHistory(
    store,
    log
      ? {
          onSkip: (runId, reason) =>
            log.warn('previous run not usable as baseline', { previous_run_id: runId, reason }),
        }
      : {},
  );
  return { store, lock, history, ledger: new StoreAlertLedger(store) };
}
