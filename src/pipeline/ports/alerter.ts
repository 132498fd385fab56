// Where a run's summary is announced (Slack in production, a local sink in tests and the demo).
import type { AlertResult, RunReport } from '../../reports/run-report.js';

export type { AlertResult };

export interface Alerter {
  /** Never throws: a failed alert is reported, and the run still succeeds. */
  announce(report: RunReport): Promise<AlertResult>;
}
