// Where a run's summary is announced (Slack in production, a local sink in tests and the demo).
import type { ReconRow } from '../../core/classify.js';
import type { Lifecycle } from '../../core/lifecycle.js';
import type { Manifest } from '../../reports/manifest.js';

export interface RunAnnouncement {
  /** The manifest as it will be written (status, totals, counts, history, files). */
  manifest: Manifest;
  /** The largest discrepancies, already in report order (at most a handful are shown). */
  top: (ReconRow & { lifecycle?: Lifecycle })[];
  /** Total discrepancies, so a truncated list can say "and N more". */
  discrepancyCount: number;
  /** Download link per file name. */
  links: Record<string, string>;
}

export interface AlertResult {
  status: 'sent' | 'skipped' | 'failed';
  detail?: string;
}

export interface Alerter {
  /** Never throws: a failed alert is reported, and the run still succeeds. */
  announce(run: RunAnnouncement): Promise<AlertResult>;
}
