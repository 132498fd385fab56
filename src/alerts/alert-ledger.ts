// Remembers which Slack messages a run has already posted, so a retried run with the same id never posts twice.
import type { Manifest } from '../reports/manifest.js';
import type { ReportStore, RunLocation } from '../pipeline/ports/report-store.js';

/** One posted message: the run, its outcome, and the channel ("summary" or "escalation"). */
export interface AlertKey {
  period: string;
  runId: string;
  /** The run's outcome: a retried failed run that now completes still announces its completion. */
  outcome: Manifest['status'];
  channel: 'summary' | 'escalation';
}

export interface AlertLedger {
  wasPosted(key: AlertKey): Promise<boolean>;
  markPosted(key: AlertKey, at: Date): Promise<void>;
}

/**
 * The ledger as marker files in the run's own folder of the report store
 * (<period>/<run_id>/alert-<run_id>-<outcome>-<channel>.json), next to the reports they announce, so it
 * works the same on Blob Storage and on a local folder and needs no other storage. Markers are not
 * listed in the manifest: they are bookkeeping, not reports. The run id is in the name as well, so
 * runs sharing one folder (FolderReportStore's flat mode) never see each other's markers.
 */
export class StoreAlertLedger implements AlertLedger {
  constructor(private readonly store: ReportStore) {}

  static markerName(key: AlertKey): string {
    return `alert-${key.runId}-${key.outcome}-${key.channel}.json`;
  }

  async wasPosted(key: AlertKey): Promise<boolean> {
    return (await this.store.read(location(key), StoreAlertLedger.markerName(key))) !== undefined;
  }

  async markPosted(key: AlertKey, at: Date): Promise<void> {
    const content = Buffer.from(
      `${JSON.stringify({ run_id: key.runId, channel: key.channel, outcome: key.outcome, posted_at: at.toISOString() })}\n`,
    );
    await this.store.write(location(key), {
      name: StoreAlertLedger.markerName(key),
      content,
      contentType: 'application/json',
    });
  }
}

/** In-process ledger for tests and one-off CLI runs without a store. */
export class MemoryAlertLedger implements AlertLedger {
  private readonly posted = new Set<string>();
  private id(key: AlertKey): string {
    return [key.period, key.runId, key.outcome, key.channel].join('\u0000');
  }
  async wasPosted(key: AlertKey): Promise<boolean> {
    return this.posted.has(this.id(key));
  }
  async markPosted(key: AlertKey): Promise<void> {
    this.posted.add(this.id(key));
  }
}

function location(key: AlertKey): RunLocation {
  return { period: key.period, runId: key.runId };
}
