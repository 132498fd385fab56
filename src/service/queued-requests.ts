// On-demand requests waiting in the queue, seen from the report store: a second POST for the month is refused (409).
import type { RunRecord } from '../history/run-history.js';
import type { ReportFile, ReportStore } from '../pipeline/ports/report-store.js';
import type { WaitingRequest } from './admission.js';
import type { RunMessage } from './run-requests.js';

/** Written into the run's folder when the request is queued; the run's manifest comes later. */
export const REQUEST_NAME = 'request.json';

export function requestFile(message: RunMessage): ReportFile {
  return {
    name: REQUEST_NAME,
    content: Buffer.from(
      `${JSON.stringify({ run_id: message.runId, requested_at: message.requestedAt, force: message.force })}\n`,
    ),
    contentType: 'application/json',
  };
}

/** The requests in the folders of a period's runs without an outcome (listPeriodRuns): whether one still waits is admitStart's call. */
export async function waitingRequestsOf(store: ReportStore, runs: RunRecord[]): Promise<WaitingRequest[]> {
  const requests: WaitingRequest[] = [];
  for (const run of runs) {
    if (run.status !== 'incomplete') continue;
    const bytes = await store.read({ period: run.period, runId: run.runId }, REQUEST_NAME);
    const requestedAt = bytes && requestedAtOf(bytes);
    if (requestedAt) requests.push({ runId: run.runId, requestedAt });
  }
  return requests;
}

function requestedAtOf(bytes: Buffer): string | undefined {
  try {
    const value = (JSON.parse(bytes.toString('utf8')) as { requested_at?: unknown }).requested_at;
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
  } catch {
    return undefined;
  }
}
