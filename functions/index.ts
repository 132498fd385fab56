// Registers the app's functions with the Azure Functions host (v4 programming model): the only place that does.
import { app } from '@azure/functions';
import { requireHostBoundSettings } from '../src/config/app-settings.js';
import { getServices, reportStartupFailure } from './runtime.js';
import { health } from './http-health.js';
import { getReconciliation, listReconciliations, startReconciliation } from './http-reconcile.js';
import { recordPoisonedRun, runQueuedReconciliation } from './queue-reconcile.js';
import { startFunctionTelemetry } from './telemetry.js';
import { monthEndTimer } from './timer-reconcile.js';

// First, so that even a failed start reaches Application Insights.
await startFunctionTelemetry(process.env);

// Settings are checked, and the services built, when the host loads the app: a missing or malformed
// setting stops it at start with one line naming it, instead of failing the first run at month-end.
// The failure is sent to Application Insights before it stops the load (an alert rule watches for it:
// with no function registered, the month-end timer would otherwise vanish without a word).
try {
  requireHostBoundSettings(process.env);
  getServices();
} catch (error) {
  await reportStartupFailure(error);
  throw error;
}
app.timer('monthEndReconciliation', {
  // NCRONTAB from the RECON_TIMER_SCHEDULE app setting (default 0 0 6 1 * *: 06:00 UTC on the 1st).
  schedule: '%RECON_TIMER_SCHEDULE%',
  runOnStartup: false,
  retry: {
    strategy: 'exponentialBackoff',
    maxRetryCount: 3,
    minimumInterval: { minutes: 1 },
    maximumInterval: { minutes: 15 },
  },
  handler: (timer, context) => monthEndTimer(timer, context),
});

app.http('startReconciliation', {
  methods: ['POST'],
  route: 'reconciliations',
  authLevel: 'function',
  handler: startReconciliation,
});

app.http('listReconciliations', {
  methods: ['GET'],
  route: 'reconciliations',
  authLevel: 'function',
  handler: listReconciliations,
});

app.http('getReconciliation', {
  methods: ['GET'],
  route: 'reconciliations/{runId}',
  authLevel: 'function',
  handler: getReconciliation,
});

// The preflight of `recon check` with the app's identity: what an engineer calls right after `azd up`.
app.http('health', {
  methods: ['GET'],
  route: 'health',
  authLevel: 'function',
  handler: health,
});

app.storageQueue('runQueuedReconciliation', {
  queueName: '%RUN_QUEUE_NAME%',
  connection: 'AzureWebJobsStorage',
  handler: runQueuedReconciliation,
});

app.storageQueue('recordPoisonedRun', {
  queueName: '%RUN_QUEUE_NAME%-poison',
  connection: 'AzureWebJobsStorage',
  handler: recordPoisonedRun,
});
