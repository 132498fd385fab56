// Admission policy: one case per decision the handlers make (409 / queue / skip / wait / nothing).
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/history/run-history.js';
import {
  admitBusy,
  admitDequeued,
  admitPoisoned,
  admitStart,
  admitTimer,
  awaitsAlert,
  MAX_WAITS,
  WAIT_SECONDS,
} from '../../src/service/admission.js';
import type { RunMessage } from '../../src/service/run-requests.js';
import { manifest } from '../alerts/fixtures.js';

const now = new Date('2026-11-05T10:00:00.000Z');
const completed = (runId: string, finishedAt: string): RunRecord => ({
  runId,
  period: '2026-10',
  status: 'completed',
  startedAt: finishedAt,
  finishedAt,
});
/** Published, but stopped before the alert's outcome was added to the manifest (a crash after it). */
const unannounced = (runId: string, status: 'completed' | 'failed' = 'completed'): RunRecord => ({
  ...completed(runId, '2026-11-05T09:10:00.000Z'),
  status,
  manifest: manifest({ run_id: runId, status }),
});
const announced = (runId: string): RunRecord => ({
  ...completed(runId, '2026-11-05T09:10:00.000Z'),
  manifest: manifest({ run_id: runId, alert: { status: 'sent' } }),
});
const incomplete = (runId: string): RunRecord => ({ runId, period: '2026-10', status: 'incomplete' });
const message = (overrides: Partial<RunMessage> = {}): RunMessage => ({
  runId: '2026-10.b',
  period: '2026-10',
  notify: true,
  force: false,
  trigger: 'http',
  requestedAt: '2026-11-05T09:00:00.000Z',
  waits: 0,
  ...overrides,
});

describe('POST: admitStart', () => {
  const empty = { runs: [], requests: [] };
  it('queues a month with no runs', () => {
    expect(admitStart({ force: false }, empty, now)).toEqual({ kind: 'queue' });
  });
  it('refuses while the month runs, even with force', () => {
    const holder = { runId: '2026-10.a', since: '2026-11-05T09:59:00.000Z' };
    expect(admitStart({ force: true }, { ...empty, holder }, now)).toEqual({ kind: 'running', holder });
  });
  it('refuses a completed month without force, naming its last completed run; queues it with force', () => {
    const runs = [
      completed('2026-10.a', '2026-11-01T06:05:00.000Z'),
      completed('2026-10.c', '2026-11-02T06:05:00.000Z'),
    ];
    expect(admitStart({ force: false }, { runs, requests: [] }, now)).toEqual({
      kind: 'completed',
      runId: '2026-10.c',
    });
    expect(admitStart({ force: true }, { runs, requests: [] }, now)).toEqual({ kind: 'queue' });
  });
  it('refuses while a request waits in the queue (with force too); one older than 30 minutes no longer counts', () => {
    const waiting = { runId: '2026-10.w', requestedAt: '2026-11-05T09:31:00.000Z' };
    const month = { runs: [incomplete('2026-10.w')], requests: [waiting] };
    expect(admitStart({ force: true }, month, now)).toEqual({ kind: 'queued', ...waiting });
    const stale = { runId: '2026-10.w', requestedAt: '2026-11-05T09:30:00.000Z' };
    expect(admitStart({ force: false }, { ...month, requests: [stale] }, now)).toEqual({ kind: 'queue' });
  });
});

describe('queue worker: admitDequeued', () => {
  it('runs a request nobody answered', () => {
    expect(admitDequeued(message(), [incomplete('2026-10.b')])).toEqual({ kind: 'run' });
  });
  it('does nothing for a redelivered message of a run with an outcome', () => {
    expect(admitDequeued(message(), [completed('2026-10.b', '2026-11-05T09:10:00.000Z')])).toEqual({
      kind: 'nothing',
      status: 'completed',
    });
  });
  it('skips a request a run completed after it was made; runs it when the completion is older, or forced', () => {
    const after = [completed('2026-10.a', '2026-11-05T09:00:00.000Z')];
    expect(admitDequeued(message(), after)).toEqual({
      kind: 'skip',
      reason:
        '2026-10 was reconciled by run 2026-10.a after this request was made; send "force": true to run it again',
    });
    expect(admitDequeued(message(), [completed('2026-10.a', '2026-11-05T08:59:59.999Z')])).toEqual({
      kind: 'run',
    });
    expect(admitDequeued(message({ force: true }), after)).toEqual({ kind: 'run' });
  });
});

describe('queue worker: admitBusy (another run holds the month)', () => {
  it('fails the invocation for a retry when the holder is this very run (the host redelivers later)', () => {
    expect(admitBusy(message(), '2026-10.b')).toEqual({
      kind: 'retry',
      reason: 'run 2026-10.b holds its own period lock from an earlier attempt; retrying later',
    });
  });
  it('skips an unforced request: the run in progress answers it', () => {
    expect(admitBusy(message(), '2026-10.a')).toEqual({
      kind: 'skip',
      reason: 'run 2026-10.a of 2026-10 was in progress when this request came up; its reports answer it',
    });
  });
  it('makes a forced request wait 2 minutes, counting its waits, and gives up after an hour', () => {
    expect(admitBusy(message({ force: true, waits: 3 }), '2026-10.a')).toEqual({
      kind: 'wait',
      message: message({ force: true, waits: 4 }),
      delaySeconds: WAIT_SECONDS,
    });
    expect(WAIT_SECONDS * MAX_WAITS).toBe(3600);
    expect(admitBusy(message({ force: true, waits: MAX_WAITS }), undefined)).toEqual({
      kind: 'skip',
      reason: 'run (unknown) of 2026-10 was still in progress after 60 minutes of waiting',
    });
  });
});

describe('a run published without its alert outcome (a crash between manifest and alert)', () => {
  it('is told apart from one whose alert outcome is recorded', () => {
    expect(awaitsAlert(unannounced('2026-10.b'))).toBe(true);
    expect(awaitsAlert(unannounced('2026-10.b', 'failed'))).toBe(true);
    expect(awaitsAlert(announced('2026-10.b'))).toBe(false);
    expect(awaitsAlert(incomplete('2026-10.b'))).toBe(false);
  });
  it('a redelivered message of it runs again (its alert ledger decides what to post)', () => {
    expect(admitDequeued(message(), [unannounced('2026-10.b')])).toEqual({ kind: 'run' });
    expect(admitDequeued(message(), [unannounced('2026-10.b', 'failed')])).toEqual({ kind: 'run' });
    expect(admitDequeued(message(), [announced('2026-10.b')])).toEqual({
      kind: 'nothing',
      status: 'completed',
    });
  });
  it('the timer retry of the same occurrence runs again; another occurrence does not redo the month', () => {
    const id = '2026-10.timer-20261101T0600';
    expect(admitTimer([unannounced(id)], false, id)).toEqual({ kind: 'run' });
    expect(admitTimer([announced(id)], false, id)).toEqual({ kind: 'done', runId: id });
    expect(admitTimer([unannounced(id)], false, '2026-10.timer-20261102T0600')).toEqual({
      kind: 'done',
      runId: id,
    });
  });
});

describe('timer and poison messages', () => {
  it('the timer skips a completed month unless re-runs are allowed', () => {
    const runs = [completed('2026-10.timer-20261101T0600', '2026-11-01T06:05:00.000Z')];
    expect(admitTimer(runs, false)).toEqual({ kind: 'done', runId: '2026-10.timer-20261101T0600' });
    expect(admitTimer(runs, true)).toEqual({ kind: 'run' });
    expect(admitTimer([incomplete('2026-10.x')], false)).toEqual({ kind: 'run' });
  });
  it('a poison message leaves a finished run alone and records any other as failed', () => {
    expect(admitPoisoned({ status: 'completed' })).toBe('keep');
    expect(admitPoisoned({ status: 'skipped' })).toBe('keep');
    expect(admitPoisoned({ status: 'failed' })).toBe('record-failed');
    expect(admitPoisoned({ status: 'incomplete' })).toBe('record-failed');
  });
});
