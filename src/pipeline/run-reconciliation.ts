// The one pipeline behind every entry point: lock → read → reconcile → reports → links → manifest → alert.
import type { Alerter, AlertResult } from './ports/alerter.js';
import type { EngineSettings } from '../core/engine-settings.js';
import { echo } from '../core/echo.js';
import { compareRuns, type LifecycleResult } from '../rules/lifecycle.js';
import { buildReportFiles, completedReport, reportRows } from './build-reports.js';
import { reportPageFile } from '../reports/html/report-page-file.js';
import { PAGE_ROW_CAP } from '../reports/html/render-page.js';
import {
  describeFile,
  MANIFEST_NAME,
  manifestFile,
  type Manifest,
  type Trigger,
} from '../reports/manifest.js';
import { REPORT_FILE_NAMES } from '../reports/render.js';
import { renderManifest } from '../reports/render-manifest.js';
import type { RunReport } from '../reports/run-report.js';
import { workbookBuilder } from '../reports/xlsx/workbook-builder.js';
import { XLSX_NAME } from '../reports/xlsx/workbook.js';
import type { ReportFile, ReportStore, RunLocation } from './ports/report-store.js';
import type { ReadProgress, RecordSource } from './ports/record-source.js';
import { collectGarbageAfterLargeStage } from './collect-garbage.js';
import type { Logger } from './ports/logger.js';
import type { PeriodLease, PeriodLock } from './ports/period-lock.js';
import type { PreviousMonth, RunHistory } from './ports/run-history.js';
import { reconcileSource, type Reconciliation } from './reconcile-source.js';
import { currentRun, inRun } from './ports/run-context.js';
import { recordRunMetrics, stage } from './run-telemetry.js';
import { errorMessage } from '../core/error-message.js';

export interface RunRequest {
  period: string;
  runId: string;
  trigger: Trigger;
  settings: EngineSettings;
  /** Post the Slack summary (default true). */
  notify?: boolean;
}

export interface PipelineDeps {
  source: RecordSource;
  store: ReportStore;
  log: Logger;
  lock?: PeriodLock;
  alerter?: Alerter;
  history?: RunHistory;
  /** Dates continuing open items; read only when the source has history. */
  previousMonth?: PreviousMonth;
  progress?: ReadProgress;
  clock?: () => Date;
}

export interface RunOutcome {
  /** The run's report model: what every output shows. */
  report: RunReport;
  manifest: Manifest;
  links: Record<string, string>;
  reconciliation?: Reconciliation;
  history?: LifecycleResult;
}

export function runReconciliation(request: RunRequest, deps: PipelineDeps): Promise<RunOutcome> {
  const fields = runFields(request);
  return inRun(fields, () =>
    stage(
      'run',
      async () => {
        const started = performance.now();
        const outcome = await reconcileRun(request, deps);
        recordRunMetrics(outcome.manifest, performance.now() - started);
        return outcome;
      },
      fields,
    ),
  );
}

/** Rows of the run's tables the workbook shows sheets of: what decides where it is made. */
function tableRows(recon: Reconciliation): number {
  const ltd = recon.lifeToDate;
  return recon.result.discrepancies.length + (ltd ? ltd.openItems.length + ltd.closedItems.length : 0);
}

function runFields(request: Pick<RunRequest, 'runId' | 'period' | 'trigger'>) {
  return { run_id: request.runId, period: request.period, trigger: request.trigger };
}

async function reconcileRun(request: RunRequest, deps: PipelineDeps): Promise<RunOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const startedAt = clock().toISOString();
  const location: RunLocation = { period: request.period, runId: request.runId };
  const { log } = deps;
  const lease: PeriodLease | undefined = await stage('lock', async () =>
    deps.lock?.acquire(request.period, request.runId),
  );
  const settings = {
    ...request.settings,
    source: deps.source.description,
    report_store: deps.store.description,
  };
  try {
    log.info('run started', {
      period: request.period,
      trigger: request.trigger,
      source: deps.source.description,
    });
    const previousOpenItems =
      deps.source.history && deps.previousMonth
        ? await deps.previousMonth.openItems(request.period)
        : undefined;
    if (previousOpenItems)
      log.info('open items dated from the previous month', { previous_run_id: previousOpenItems.runId });
    const recon = await reconcileSource(deps.source, request.period, request.settings, deps.progress, {
      log,
      ...(previousOpenItems ? { previousOpenItems } : {}),
    });
    log.info('reconciled', {
      deal_lines: recon.inputs.deals.rows_read,
      entries: recon.inputs.entries.rows_read,
      discrepancies: recon.result.discrepancies.length,
      data_quality_issues: recon.dataQuality.length,
    });
    const history = await stage('history', () => compareWithPrevious(request, recon, deps));
    // Nothing below reads every row: the books can be collected before the reports are rendered.
    recon.result.release();
    const rowsRead = recon.inputs.deals.rows_read + recon.inputs.entries.rows_read;
    collectGarbageAfterLargeStage(rowsRead);
    // No collection between the files: each CSV is encoded a chunk at a time (csv-writer.ts), so
    // what one leaves behind is small, and a full collection over the report model costs more.
    // The workbook's sheets are made from each CSV file as it comes (on a thread of its own in a large run).
    const workbook = workbookBuilder(tableRows(recon), (reason) =>
      log.warn('the workbook thread failed; the workbook is made on the main thread', { reason }),
    );
    let files: ReportFile[];
    let report: RunReport;
    try {
      files = buildReportFiles(recon, request.runId, history, (file) => workbook.add(file));
      const pageLinks = await linksInPage(deps.store, location, [
        ...files.map((f) => f.name),
        XLSX_NAME,
        MANIFEST_NAME,
      ]);
      // The report is built before the files are written, so report.html renders it; the files'
      // sizes, checksums and links join it once they are written.
      report = completedReport(
        {
          runId: request.runId,
          trigger: request.trigger,
          startedAt,
          finishedAt: clock().toISOString(),
          settings,
        },
        recon,
        history,
      );
      files.unshift(
        reportPageFile(report, {
          rows: reportRows(recon.result.discrepancies, history, PAGE_ROW_CAP, recon.lifeToDate),
          links: pageLinks,
        }),
      );
      files.push(await workbook.finish());
    } finally {
      workbook.close();
    }
    // Nothing is published by a run that can no longer prove it holds the month (checked again before the manifest).
    await stage('lock.check', async () => lease?.stillHeld?.());
    await stage('reports', async () => {
      for (const file of files) await deps.store.write(location, file);
    });
    report.files = files.map(describeFile);
    report.links = await stage('links', () => linksFor(deps.store, location, files));
    const { links } = report;
    // Publish order: the manifest (complete, with its links) → the alert → its marker (the alerter
    // writes it once Slack accepted) → the manifest again, now with the alert's outcome. Nothing ever
    // points at a run whose manifest is not there; a crash after the manifest leaves it without an
    // `alert`, which is how a retry of the run id knows to run again and post (at most once more).
    const plan = alertPlan(request, deps);
    if ('skipped' in plan) report.alert = plan.skipped;
    report.finishedAt = clock().toISOString();
    let manifest = renderManifest(report);
    await stage('manifest', async () => {
      await lease?.stillHeld?.();
      await deps.store.write(location, manifestFile(manifest));
    });
    // The run is published: from here nothing may withdraw it (neither step below throws).
    const alert = await stage('alert', async () => {
      if ('skipped' in plan) return plan.skipped;
      const result = await announce(plan.alerter, deps.log, report);
      report.alert = result;
      manifest = await recordAlertOutcome(report, manifest, location, deps, lease);
      return result;
    });
    log.info('run completed', { event: 'run_completed', files: files.length, alert: alert.status });
    return { report, manifest, links, reconciliation: recon, history };
  } catch (error) {
    const reason = errorMessage(error);
    // Awaited here, not returned: a rejection while `finally` waits for the lease would be unhandled,
    // and the Functions worker exits on an unhandled rejection, killing every invocation in flight.
    return await recordFailedRun(request, deps, reason, startedAt);
  } finally {
    await lease?.release();
  }
}

/**
 * Publishes a failed run: a `failed` manifest with the reason (no report files) and the failure alert.
 * Also used for a queued run that could not even start (a poison message).
 */
export function recordFailedRun(
  request: RunRequest,
  deps: Omit<PipelineDeps, 'source'> & { source?: RecordSource },
  reason: string,
  startedAt?: string,
): Promise<RunOutcome> {
  if (currentRun()?.run_id === request.runId)
    return stage('failure', () => publishFailure(request, deps, reason, startedAt));
  // A run that never started (a poison message): its failure is a run of its own in the telemetry.
  const started = performance.now();
  return inRun(runFields(request), () =>
    stage(
      'run',
      async () => {
        const outcome = await publishFailure(request, deps, reason, startedAt);
        recordRunMetrics(outcome.manifest, performance.now() - started);
        return outcome;
      },
      runFields(request),
    ),
  );
}

async function publishFailure(
  request: RunRequest,
  deps: Omit<PipelineDeps, 'source'> & { source?: RecordSource },
  reason: string,
  startedAt?: string,
): Promise<RunOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const location: RunLocation = { period: request.period, runId: request.runId };
  deps.log.error('run failed', { event: 'run_failed', reason });
  // No report may stand beside a failed manifest: this attempt's files, or an earlier run's left in a flat --out folder.
  await deps.store.remove(location, [...REPORT_FILE_NAMES]).catch(() => undefined);
  const report: RunReport = {
    ...emptyReport(request),
    startedAt: startedAt ?? clock().toISOString(),
    finishedAt: clock().toISOString(),
    status: 'failed',
    // The backstop for a reason that quotes its input whole (each source cuts its own quotes first).
    failureReason: echo(reason, 1000),
    settings: {
      ...request.settings,
      ...(deps.source ? { source: deps.source.description } : {}),
      report_store: deps.store.description,
    },
  };
  // The same order as a completed run: the manifest, then the alert (and its marker), then the manifest
  // with the alert's outcome. A failure alert goes out even when its manifest could not be written
  // (storage down): then the write's error is thrown after it, so the invocation fails and is retried.
  const plan = alertPlan(request, deps);
  if ('skipped' in plan) report.alert = plan.skipped;
  let manifest = renderManifest(report);
  const written = await deps.store.write(location, manifestFile(manifest)).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if ('alerter' in plan) report.alert = await announce(plan.alerter, deps.log, report);
  if (written) throw written.error;
  if ('alerter' in plan) manifest = await recordAlertOutcome(report, manifest, location, deps);
  return { report, manifest, links: {} };
}

/**
 * Publishes a queued request that was not run because another run of the month had answered it:
 * a `skipped` manifest with the reason, so its status URL says so. No reports, no alert.
 */
export async function recordSkippedRun(
  request: Pick<RunRequest, 'period' | 'runId' | 'trigger' | 'settings'>,
  store: ReportStore,
  log: Logger,
  reason: string,
  clock: () => Date = () => new Date(),
): Promise<Manifest> {
  const now = clock().toISOString();
  const manifest = renderManifest({
    ...emptyReport(request),
    startedAt: now,
    finishedAt: now,
    status: 'skipped',
    skipReason: reason,
    settings: { ...request.settings, report_store: store.description },
  });
  log.info('run skipped', { reason });
  await store.write({ period: request.period, runId: request.runId }, manifestFile(manifest));
  return manifest;
}

async function compareWithPrevious(
  request: RunRequest,
  recon: Reconciliation,
  deps: PipelineDeps,
): Promise<LifecycleResult | undefined> {
  if (!deps.history) return undefined;
  const previous = await deps.history.previous(request.period, request.runId);
  if (!previous) return undefined;
  deps.log.info('compared with previous run', { previous_run_id: previous.runId });
  return compareRuns(previous.runId, previous.discrepancies, recon.result);
}

async function linksFor(
  store: ReportStore,
  location: RunLocation,
  files: ReportFile[],
): Promise<Record<string, string>> {
  const links: Record<string, string> = {};
  for (const file of files) links[file.name] = await store.link(location, file.name);
  return links;
}

/**
 * The links report.html carries: a file URL names a folder on this machine, so beside the page the
 * bare file name is used (it works wherever the folder is copied); signed links are kept as they are,
 * since a Blob URL without its signature is refused.
 */
async function linksInPage(
  store: ReportStore,
  location: RunLocation,
  names: string[],
): Promise<Record<string, string>> {
  const links: Record<string, string> = {};
  for (const name of names) {
    const link = await store.link(location, name);
    links[name] = link.startsWith('file:') ? name : link;
  }
  return links;
}

/** The parts of a report that a run without results (failed, skipped) has as well. */
function emptyReport(request: Pick<RunRequest, 'period' | 'runId' | 'trigger'>) {
  return {
    runId: request.runId,
    period: request.period,
    trigger: request.trigger,
    totals: [],
    discrepancyCount: 0,
    top: [],
    files: [],
    links: {},
  };
}

/** The alerter to announce the run on, or the outcome recorded when none is due (no alerter, or notify false). */
function alertPlan(
  request: Pick<RunRequest, 'notify'>,
  deps: Pick<PipelineDeps, 'alerter'>,
): { alerter: Alerter } | { skipped: AlertResult } {
  if (!deps.alerter) return { skipped: { status: 'skipped', detail: 'no alert channel configured' } };
  if (request.notify === false) return { skipped: { status: 'skipped', detail: 'notify was false' } };
  return { alerter: deps.alerter };
}

/** Posts the alert (the alerter writes its marker once Slack accepted it). */
async function announce(alerter: Alerter, log: PipelineDeps['log'], report: RunReport): Promise<AlertResult> {
  const result = await alerter.announce(report);
  if (result.status === 'failed') log.warn('alert failed; the run stands', { detail: result.detail });
  return result;
}

/**
 * Rewrites the published manifest with the alert's outcome, fenced by the lease like the first write.
 * Never throws: the first manifest is already complete and correct, so a lost lease or a failed write
 * only leaves the outcome out (logged), and the run stands. The marker still says what was posted.
 */
async function recordAlertOutcome(
  report: RunReport,
  published: Manifest,
  location: RunLocation,
  deps: Pick<PipelineDeps, 'store' | 'log'>,
  lease?: PeriodLease,
): Promise<Manifest> {
  const manifest = renderManifest(report);
  try {
    await lease?.stillHeld?.();
    await deps.store.write(location, manifestFile(manifest));
    return manifest;
  } catch (error) {
    deps.log.warn('the alert outcome could not be added to the manifest; the run stands', {
      alert: report.alert?.status ?? '',
      detail: echo(errorMessage(error)),
    });
    return published;
  }
}
