// On-demand requests waiting in the queue, seen from the report store: a second POST for the month is refused (409).
import type { RunRecord } from '../history/run-history.js';
import type { ReportFile, ReportStore } from '../pipeline/ports/report-store.js';
import type { RunMessage } from './run-requests.js';

/** Written into the run's folder when the request is queued; the run's manifest comes later. */
export const REQUEST_NAME = 'request.json';

/**
 * A request older than this without a manifest is not waiting any more (its message was lost, or its
 * worker died without a word): it no longer blocks the month. Runs in progress hold the period lock.
 */
const QUEUED_FOR_AT_MOST_MS = 30 * 60_000;

export function requestFile(message: RunMessage): ReportFile {
  return {
    name: REQUEST_NAME,
    content: Buffer.from(
      `${JSON.stringify({ run_id: message.runId, requested_at: message.requestedAt, force: message.force })}\n`,
    ),
    contentType: 'application/json',
  };
}

/** The request still waiting to run among a period's runs (listPeriodRuns), if any. */
export async function queuedRequestOf(
  store: ReportStore,
  runs: RunRecord[],
  now: Date,
): Promise<{ runId: string; requestedAt: string } | undefined> {
  for (const run of runs) {
    if (run.status !== 'incomplete') continue;
    const bytes = await store.read({ period: run.period, runId: run.runId }, REQUEST_NAME);
    if (!bytes) continue;
    const requestedAt = requestedAtOf(bytes);
    if (requestedAt !== undefined && now.getTime() - Date.parse(requestedAt) < QUEUED_FOR_AT_MOST_MS)
      return { runId: run.runId, requestedAt };
  }
  return undefined;
}

function requestedAtOf(bytes: Buffer): string | undefined {
  try {
    const value = (JSON.parse(bytes.toString('utf8')) as { requested_at?: unknown }).requested_at;
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
  } catch {
    return undefined;
  }
}
