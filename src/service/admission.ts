// Admission of runs: whether a request starts, waits, is skipped or refused. Pure: the handlers gather the facts, then only answer.
import type { RunRecord } from '../history/run-history.js';
import type { RunMessage } from './run-requests.js';

/**
 * A request older than this without a manifest is not waiting any more (its message was lost, or its
 * worker died without a word): it no longer blocks the month. Runs in progress hold the period lock.
 */
export const QUEUED_FOR_AT_MOST_MS = 30 * 60_000;

/** How long a forced request waits before it looks again at a run in progress, and how often. */
export const WAIT_SECONDS = 120;
export const MAX_WAITS = 30;

/** A request waiting in the queue, as its run folder shows it (request.json, no manifest yet). */
export interface WaitingRequest {
  runId: string;
  requestedAt: string;
}

/** What is known about a month when a request comes: the lock holder, its runs (oldest first), requests in their folders. */
export interface MonthState {
  holder?: { runId?: string; since: string };
  runs: RunRecord[];
  requests: WaitingRequest[];
}

/** The last completed run of the month (runs are oldest first): the timer and `force: false` do not redo it. */
export function lastCompletedRun(runs: RunRecord[]): { runId: string; finishedAt?: string } | undefined {
  const done = runs.filter((r) => r.status === 'completed').pop();
  return done
    ? { runId: done.runId, ...(done.finishedAt ? { finishedAt: done.finishedAt } : {}) }
    : undefined;
}

/** The request still waiting to run, if any: one made less than QUEUED_FOR_AT_MOST_MS ago. */
export function waitingRequest(requests: WaitingRequest[], now: Date): WaitingRequest | undefined {
  return requests.find((r) => now.getTime() - Date.parse(r.requestedAt) < QUEUED_FOR_AT_MOST_MS);
}

/**
 * A run published without its alert's outcome: the manifest is written first and gets the outcome
 * only after the alert, so this is a run whose process stopped in between (a crash). A retry of its
 * run id runs it again rather than doing nothing: its alert ledger (the markers) then posts what Slack
 * has not accepted yet, so a crash repeats an alert at most once and never loses one.
 */
export function awaitsAlert(run: Pick<RunRecord, 'status' | 'manifest'>): boolean {
  return (run.status === 'completed' || run.status === 'failed') && !!run.manifest && !run.manifest.alert;
}

export type StartDecision =
  | { kind: 'queue' }
  | { kind: 'running'; holder: { runId?: string; since: string } }
  | { kind: 'completed'; runId: string }
  | { kind: 'queued'; runId: string; requestedAt: string };

/**
 * POST: refused (409) while the month runs, when it already completed and `force` is not true, or
 * when a request for it already waits in the queue (also with force: the waiting one will run, and a
 * second would only repeat it). Otherwise the request is queued.
 */
export function admitStart(request: { force: boolean }, month: MonthState, now: Date): StartDecision {
  if (month.holder) return { kind: 'running', holder: month.holder };
  if (!request.force) {
    const done = lastCompletedRun(month.runs);
    if (done) return { kind: 'completed', runId: done.runId };
  }
  const queued = waitingRequest(month.requests, now);
  if (queued) return { kind: 'queued', ...queued };
  return { kind: 'queue' };
}

export type DequeueDecision =
  { kind: 'run' } | { kind: 'nothing'; status: string } | { kind: 'skip'; reason: string };

/**
 * The queue worker, before it runs a request. A message whose run already has an outcome (a
 * redelivery) changes nothing. Unless forced, a request that a run completed after it was made has
 * answered is recorded as skipped rather than run twice.
 */
export function admitDequeued(run: RunMessage, runs: RunRecord[]): DequeueDecision {
  const own = runs.find((r) => r.runId === run.runId);
  if (own && own.status !== 'incomplete' && !awaitsAlert(own)) return { kind: 'nothing', status: own.status };
  if (!run.force) {
    const done = lastCompletedRun(runs);
    if (done && done.runId !== run.runId && (done.finishedAt ?? '') >= run.requestedAt)
      return {
        kind: 'skip',
        reason: `${run.period} was reconciled by run ${done.runId} after this request was made; send "force": true to run it again`,
      };
  }
  return { kind: 'run' };
}

export type BusyDecision =
  | { kind: 'retry'; reason: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'wait'; message: RunMessage; delaySeconds: number };

/**
 * The queue worker, when another run holds the month. Its own run holding it is a retry whose stale
 * lease could not be taken over: acknowledging would leave the run pending forever, so the invocation
 * fails and the host redelivers the message later (then poisons it: the run ends failed). Not forced: the run in progress answers the request (skipped). Forced: the request
 * waits for it, queued again WAIT_SECONDS later, at most MAX_WAITS times (host retries come a minute
 * apart and give up sooner than a long run ends).
 */
export function admitBusy(run: RunMessage, holderRunId: string | undefined): BusyDecision {
  if (holderRunId === run.runId)
    return {
      kind: 'retry',
      reason: `run ${run.runId} holds its own period lock from an earlier attempt; retrying later`,
    };
  const holder = holderRunId ?? '(unknown)';
  if (!run.force)
    return {
      kind: 'skip',
      reason: `run ${holder} of ${run.period} was in progress when this request came up; its reports answer it`,
    };
  if (run.waits >= MAX_WAITS)
    return {
      kind: 'skip',
      reason: `run ${holder} of ${run.period} was still in progress after ${(MAX_WAITS * WAIT_SECONDS) / 60} minutes of waiting`,
    };
  return { kind: 'wait', message: { ...run, waits: run.waits + 1 }, delaySeconds: WAIT_SECONDS };
}

/**
 * The timer: a month already completed (by any run, its own id included) is not redone unless re-runs
 * are allowed, or unless it is this occurrence's own run, published without its alert's outcome (a
 * crash after the manifest): then the retry runs again, and posts the alert if Slack has not got it.
 */
export function admitTimer(
  runs: RunRecord[],
  rerunCompleted: boolean,
  runId?: string,
): { kind: 'run' } | { kind: 'done'; runId: string } {
  if (rerunCompleted) return { kind: 'run' };
  const done = lastCompletedRun(runs);
  if (!done) return { kind: 'run' };
  const own = runs.find((r) => r.runId === runId);
  if (done.runId === runId && own && awaitsAlert(own)) return { kind: 'run' };
  return { kind: 'done', runId: done.runId };
}

/** A poison message: a run that already finished (completed or skipped) keeps its outcome; otherwise it is recorded failed. */
export function admitPoisoned(own: Pick<RunRecord, 'status'>): 'keep' | 'record-failed' {
  return own.status === 'completed' || own.status === 'skipped' ? 'keep' : 'record-failed';
}
