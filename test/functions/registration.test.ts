// The app registers exactly the expected functions, with their triggers, routes and schedule.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Binding { type: string; direction: string; [key: string]: unknown }
interface Registered { name: string; bindings: Record<string, Binding>; retryOptions?: Record<string, unknown> }

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const app = fileURLToPath(new URL('../../dist/functions/index.js', import.meta.url));

function loadApp(env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [`${fixtures}list-registrations.mjs`, app], {
    env: { ...process.env, ...env, NODE_PATH: `${fixtures}host-modules` },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function registrations(): Registered[] {
  return JSON.parse(loadApp()) as Registered[];
}

const trigger = (r: Registered) => Object.values(r.bindings).find((b) => b.direction === 'in' && b.type.endsWith('Trigger'))!;

describe('function registrations', () => {
  const all = registrations();
  const byName = new Map(all.map((r) => [r.name, r]));

  it('are exactly the six functions of the design', () => {
    expect([...byName.keys()].sort()).toEqual(['getReconciliation', 'listReconciliations', 'monthEndReconciliation', 'recordPoisonedRun', 'runQueuedReconciliation', 'startReconciliation']);
  });

  it('run the month-end timer on the RECON_TIMER_SCHEDULE setting with a retry policy', () => {
    const timer = byName.get('monthEndReconciliation')!;
    expect(trigger(timer)).toMatchObject({ type: 'timerTrigger', schedule: '%RECON_TIMER_SCHEDULE%' });
    expect(timer.retryOptions).toMatchObject({ strategy: 'exponentialBackoff', maxRetryCount: 3 });
  });

  it('serve POST and GET /api/reconciliations and GET /api/reconciliations/{runId} with function keys', () => {
    expect(trigger(byName.get('startReconciliation')!)).toMatchObject({ type: 'httpTrigger', route: 'reconciliations', methods: ['POST'], authLevel: 'function' });
    expect(trigger(byName.get('listReconciliations')!)).toMatchObject({ type: 'httpTrigger', route: 'reconciliations', methods: ['GET'], authLevel: 'function' });
    expect(trigger(byName.get('getReconciliation')!)).toMatchObject({ type: 'httpTrigger', route: 'reconciliations/{runId}', methods: ['GET'], authLevel: 'function' });
  });

  it('fail at start, naming the setting, when a setting is malformed', () => {
    let stderr = '';
    try {
      loadApp({ SQL_ENCRYPT: 'maybe' });
    } catch (error) {
      stderr = String((error as { stderr?: unknown }).stderr);
    }
    expect(stderr).toContain('invalid setting SQL_ENCRYPT');
  });

  it('work the run queue and its poison queue on host storage', () => {
    expect(trigger(byName.get('runQueuedReconciliation')!)).toMatchObject({ type: 'queueTrigger', queueName: '%RUN_QUEUE_NAME%', connection: 'AzureWebJobsStorage' });
    expect(trigger(byName.get('recordPoisonedRun')!)).toMatchObject({ type: 'queueTrigger', queueName: '%RUN_QUEUE_NAME%-poison', connection: 'AzureWebJobsStorage' });
  });
});
