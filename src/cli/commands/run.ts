// `recon run`: one month from CSV files (or the configured SQL sources) into a folder.
import { stat } from 'node:fs/promises';
import { runLogger, type Logger } from '../../pipeline/ports/logger.js';
import type { RecordSource } from '../../pipeline/ports/record-source.js';
import type { RunOutcome } from '../../pipeline/run-reconciliation.js';
import {
  csvSource,
  previousFromFolder,
  PreviousRunError,
  runIntoFolder,
  sqlSourceFromEnvironment,
} from '../../service/local-run.js';
import type { PreviousMonth } from '../../pipeline/ports/run-history.js';
import { renderDashboard } from '../dashboard.js';
import { printable } from '../terminal-text.js';
import { stderrProgress } from '../progress.js';
import { UsageError } from '../usage-error.js';
import { echo } from '../../core/echo.js';
import {
  prepareOut,
  refuseEarlierRun,
  requireOut,
  requirePeriod,
  runIdFrom,
  settingsFrom,
  type CliValues,
} from './options.js';

export async function runCommand(values: CliValues): Promise<number> {
  const period = requirePeriod(values);
  const out = requireOut(values);
  const runId = runIdFrom(values);
  const settings = await settingsFrom(values);
  const log = cliLogger(runId, values.quiet === true);
  const source = await sourceFrom(values, log);
  const previousMonth = await previousFrom(values, source, period);
  await prepareOut(out);
  await refuseEarlierRun(out, values.force === true);
  const outcome = await runIntoFolder(
    { period, runId, trigger: 'cli', settings, notify: false },
    source,
    out,
    {
      log,
      progress: stderrProgress(),
      ...(previousMonth ? { previousMonth } : {}),
    },
  );
  return report(outcome, values.quiet === true);
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** --previous read up front: a folder that is not the completed run of P-1 is a bad argument (exit 2). */
async function previousFrom(
  values: CliValues,
  source: RecordSource,
  period: string,
): Promise<PreviousMonth | undefined> {
  if (values.previous === undefined) return undefined;
  if (!source.history)
    throw new UsageError('--previous needs history (--history FILE, or life to date on the SQL sources)');
  if (!(await isFolder(values.previous)))
    throw new UsageError(
      `--previous ${echo(values.previous)} is not a folder (the output folder of the run of P-1)`,
    );
  try {
    const items = await previousFromFolder(values.previous).openItems(period);
    return { openItems: () => Promise.resolve(items) };
  } catch (error) {
    if (error instanceof PreviousRunError) throw new UsageError(error.message);
    throw error;
  }
}

async function sourceFrom(values: CliValues, log: Logger): Promise<RecordSource> {
  // An empty path (`--history ""`, an unset shell variable) is a mistake on the command line, not a missing file.
  for (const option of ['deals', 'entries', 'history'] as const)
    if (values[option] === '') throw new UsageError(`--${option} needs a file path, not an empty value`);
  if (values.deals === undefined && values.entries === undefined) {
    if (values.history !== undefined)
      throw new UsageError('--history goes with --deals and --entries (the SQL sources read HISTORY_QUERY)');
    return sqlSourceFromEnvironment(log);
  }
  if (values.deals === undefined || values.entries === undefined) {
    throw new UsageError('--deals and --entries go together (or leave both out to read the SQL sources)');
  }
  return csvSource(values.deals, values.entries, values.history);
}

/** Log lines go to stderr, so stdout carries only the dashboard. */
export function cliLogger(runId: string, quiet: boolean): Logger {
  return runLogger(
    (level, line) => {
      if (quiet && level === 'info') return;
      process.stderr.write(`${level === 'info' ? '' : `${level}: `}${line}\n`);
    },
    { run_id: runId },
  );
}

export function report(outcome: RunOutcome, quiet: boolean): number {
  const m = outcome.manifest;
  if (m.status === 'failed') {
    process.stderr.write(
      `${printable([`recon: run ${m.run_id} failed: ${m.failure_reason ?? 'unknown reason'}`])}\n`,
    );
    return 1;
  }
  if (quiet)
    process.stdout.write(`run ${m.run_id} completed: ${outcome.report.discrepancyCount} discrepancies\n`);
  else process.stdout.write(`${renderDashboard(outcome.report)}\n`);
  return 0;
}
