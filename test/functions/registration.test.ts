// The app registers exactly the expected functions, with their triggers, routes and schedule.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Binding {
  type: string;
  direction: string;
  [key: string]: unknown;
}
interface Registered {
  name: string;
  bindings: Record<string, Binding>;
  retryOptions?: Record<string, unknown>;
}

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const app = fileURLToPath(new URL('../../dist/functions/index.js', import.meta.url));

/** Settings an Azure deployment has (no I/O happens at load, so the endpoints need not exist). */
const DEPLOYED: Record<string, string> = {
  ANALYTICS_SQL_SERVER: 'analytics.database.windows.net',
  ACCOUNTING_SQL_SERVER: 'accounting.database.windows.net',
  REPORTS_STORAGE_ACCOUNT_URL: 'https://strptexample.blob.core.windows.net',
  RUN_QUEUE_SERVICE_URL: 'https://stexample.queue.core.windows.net',
  // Bound by the host itself (%RECON_TIMER_SCHEDULE%, %RUN_QUEUE_NAME%): the Bicep sets both.
  RECON_TIMER_SCHEDULE: '0 0 6 1 * *',
  RUN_QUEUE_NAME: 'recon-runs',
};

function loadApp(env: Record<string, string | undefined> = {}): string {
  return execFileSync(process.execPath, [`${fixtures}list-registrations.mjs`, app], {
    env: { ...process.env, ...DEPLOYED, ...env, NODE_PATH: `${fixtures}host-modules` },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function registrations(): Registered[] {
  return JSON.parse(loadApp()) as Registered[];
}

const trigger = (r: Registered) =>
  Object.values(r.bindings).find((b) => b.direction === 'in' && b.type.endsWith('Trigger'))!;

describe('function registrations', () => {
  const all = registrations();
  const byName = new Map(all.map((r) => [r.name, r]));

  it('are exactly the seven functions of the design', () => {
    expect([...byName.keys()].sort()).toEqual([
      'getReconciliation',
      'health',
      'listReconciliations',
      'monthEndReconciliation',
      'recordPoisonedRun',
      'runQueuedReconciliation',
      'startReconciliation',
    ]);
  });

  it('run the month-end timer on the RECON_TIMER_SCHEDULE setting with a retry policy', () => {
    const timer = byName.get('monthEndReconciliation')!;
    expect(trigger(timer)).toMatchObject({ type: 'timerTrigger', schedule: '%RECON_TIMER_SCHEDULE%' });
    expect(timer.retryOptions).toMatchObject({ strategy: 'exponentialBackoff', maxRetryCount: 3 });
  });

  it('serve POST and GET /api/reconciliations and GET /api/reconciliations/{runId} with function keys', () => {
    expect(trigger(byName.get('startReconciliation')!)).toMatchObject({
      type: 'httpTrigger',
      route: 'reconciliations',
      methods: ['POST'],
      authLevel: 'function',
    });
    expect(trigger(byName.get('listReconciliations')!)).toMatchObject({
      type: 'httpTrigger',
      route: 'reconciliations',
      methods: ['GET'],
      authLevel: 'function',
    });
    expect(trigger(byName.get('getReconciliation')!)).toMatchObject({
      type: 'httpTrigger',
      route: 'reconciliations/{runId}',
      methods: ['GET'],
      authLevel: 'function',
    });
  });

  it('serve GET /api/health (the preflight) with a function key', () => {
    expect(trigger(byName.get('health')!)).toMatchObject({
      type: 'httpTrigger',
      route: 'health',
      methods: ['GET'],
      authLevel: 'function',
    });
  });

  it.each([
    [{ SQL_ENCRYPT: 'maybe' }, 'invalid setting SQL_ENCRYPT'],
    [{ ANALYTICS_SQL_SERVER: '' }, 'ANALYTICS_SQL_SERVER is not set'],
    [{ REPORTS_STORAGE_ACCOUNT_URL: '' }, 'REPORTS_STORAGE_ACCOUNT_URL is not set'],
    // The schema's default would satisfy the app, but the host binds the trigger to the setting itself.
    [{ RUN_QUEUE_NAME: '' }, 'RUN_QUEUE_NAME is not set: the Functions host binds the run queue to it'],
    [{ RECON_TIMER_SCHEDULE: ' ' }, 'RECON_TIMER_SCHEDULE is not set'],
    [
      { RECON_TIMER_SCHEDULE: '0 0 25 1 * *' },
      'invalid setting RECON_TIMER_SCHEDULE: its hour field "25" takes 0-23',
    ],
  ])('fail at start, naming the setting: %j', (env, message) => {
    let stderr = '';
    try {
      loadApp(env);
    } catch (error) {
      stderr = String((error as { stderr?: unknown }).stderr);
    }
    expect(stderr).toContain(message);
  });

  it('work the run queue and its poison queue on host storage', () => {
    expect(trigger(byName.get('runQueuedReconciliation')!)).toMatchObject({
      type: 'queueTrigger',
      queueName: '%RUN_QUEUE_NAME%',
      connection: 'AzureWebJobsStorage',
    });
    expect(trigger(byName.get('recordPoisonedRun')!)).toMatchObject({
      type: 'queueTrigger',
      queueName: '%RUN_QUEUE_NAME%-poison',
      connection: 'AzureWebJobsStorage',
    });
  });
});
