// Runs on this machine, for `recon run` and the demo: CSV files or the environment's SQL sources, reports in a folder.
import type { SlackPayload } from '../alerts/slack-message.js';
import { renderSlackText } from '../alerts/slack-text.js';
import type { Logger } from '../pipeline/ports/logger.js';
import type { RecordSource } from '../pipeline/ports/record-source.js';
import type { ReportStore, RunLocation } from '../pipeline/ports/report-store.js';
import {
  runReconciliation,
  type PipelineDeps,
  type RunOutcome,
  type RunRequest,
} from '../pipeline/run-reconciliation.js';
import type { PreviousMonth } from '../pipeline/ports/run-history.js';
import { FolderPreviousMonth, PreviousRunError } from '../history/previous-open-items.js';
import { CsvRecordSource } from '../sources/csv-source.js';
import { FolderReportStore } from '../storage/folder-report-store.js';

/** The deal lines and entries of two CSV files, and the history of earlier months when given (life to date). */
export function csvSource(dealsPath: string, entriesPath: string, historyPath?: string): RecordSource {
  return new CsvRecordSource(dealsPath, entriesPath, undefined, historyPath);
}

export { PreviousRunError };

/** `recon run --previous DIR`: the open items of the run whose files are in DIR (its manifest and open-items.csv). */
export function previousFromFolder(dir: string): PreviousMonth {
  return new FolderPreviousMonth(new FolderReportStore(dir, { flat: true }), `--previous ${dir}`);
}

/** The SQL Server sources named in the environment (ANALYTICS_SQL_*, ACCOUNTING_SQL_*, SQL_*). */
export async function sqlSourceFromEnvironment(log: Logger): Promise<RecordSource> {
  // Loaded only when needed: mssql and @azure/identity slow a CSV run's start (see the README).
  const { sqlSourceFromEnvironment: fromEnvironment } = await import('./sql-source.js');
  return fromEnvironment(log);
}

/** One run with its files straight in `out` (no <period>/<run_id>/ folders), as `recon run --out` promises. */
export async function runIntoFolder(
  request: RunRequest,
  source: RecordSource,
  out: string,
  deps: Pick<PipelineDeps, 'log' | 'progress' | 'previousMonth'>,
): Promise<RunOutcome> {
  return runReconciliation(request, { ...deps, source, store: new FolderReportStore(out, { flat: true }) });
}

/** Copies a run's files from a store to `out`/<period>/<run_id>/; returns the folder's root. */
export async function copyRunFiles(
  store: ReportStore,
  location: RunLocation,
  names: string[],
  out: string,
): Promise<string> {
  const copy = new FolderReportStore(out);
  for (const name of names) {
    const bytes = await store.read(location, name);
    if (bytes) await copy.write(location, { name, content: bytes, contentType: 'application/octet-stream' });
  }
  return copy.root;
}

/** A Slack message body (as the Slack stand-in received it) as Slack would show it, for the demo. */
export function slackMessageText(body: unknown): string {
  return renderSlackText(body as SlackPayload);
}
