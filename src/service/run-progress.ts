// What a run without a manifest is doing, for the status API: running, pending in the queue, stopped, or unknown.
import type { RunRecord } from '../history/run-history.js';
import type { ReportStore } from '../pipeline/ports/report-store.js';
import { waitingRequestsOf } from './queued-requests.js';

export type InFlight =
  /** It holds the month's lock. */
  | { status: 'running'; startedAt: string }
  /** Its request waits in the queue (or for a redelivery after a crash). */
  | { status: 'pending' }
  /** Its folder holds files but no manifest, and nothing will run it again: it stopped before publishing. */
  | { status: 'incomplete' }
  /** Nothing of it is in the report store: not a run this service was asked for. */
  | { status: 'unknown' };

/**
 * The state of `record`, a run whose manifest is not written (`incomplete` in the run history);
 * `holder` is the month's lock holder, `listed` whether the store lists the run's folder: asked
 * only when the run is neither running nor pending (a status poll of a queued run lists nothing).
 */
export async function inFlightOf(
  store: ReportStore,
  record: RunRecord,
  holder: { runId?: string; since: string } | undefined,
  listed: () => Promise<boolean>,
): Promise<InFlight> {
  if (holder?.runId === record.runId) return { status: 'running', startedAt: holder.since };
  if ((await waitingRequestsOf(store, [record])).length > 0) return { status: 'pending' };
  return (await listed()) ? { status: 'incomplete' } : { status: 'unknown' };
}
