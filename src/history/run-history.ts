// Run history from any ReportStore: the runs of a period, the last completed one, and its discrepancies.
import { createHash } from 'node:crypto';
import type { PreviousDiscrepancy } from '../rules/lifecycle.js';
import { currencyDigits, parseMoney } from '../core/money.js';
import type { RunHistory } from '../pipeline/ports/run-history.js';
import { MANIFEST_NAME, ManifestSchema, type Manifest } from '../reports/manifest.js';
import type { ReportStore, RunLocation } from '../pipeline/ports/report-store.js';
import { parseCsvRecords } from './parse-csv.js';

export const DISCREPANCIES_NAME = 'discrepancies.csv';

/** `incomplete`: files but no manifest (still running, or died before publishing). `unreadable`: a manifest that does not parse. */
export type RunState = 'completed' | 'failed' | 'skipped' | 'incomplete' | 'unreadable';

export interface RunRecord {
  runId: string;
  period: string;
  status: RunState;
  startedAt?: string;
  finishedAt?: string;
  failureReason?: string;
  skipReason?: string;
  manifest?: Manifest;
}

/** Every run of the period, oldest first (by start time; runs without a manifest last, by id). */
export async function listPeriodRuns(store: ReportStore, period: string): Promise<RunRecord[]> {
  const ids = await store.listRuns(period);
  const records = await Promise.all(ids.map((runId) => readRun(store, { period, runId })));
  return records.sort((a, b) => {
    if (a.startedAt && b.startedAt && a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? -1 : 1;
    if (!!a.startedAt !== !!b.startedAt) return a.startedAt ? -1 : 1;
    return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
  });
}

export async function readRun(store: ReportStore, location: RunLocation): Promise<RunRecord> {
  const base = { runId: location.runId, period: location.period };
  const bytes = await store.read(location, MANIFEST_NAME);
  if (!bytes) return { ...base, status: 'incomplete' };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ...base, status: 'unreadable' };
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) return { ...base, status: 'unreadable' };
  const m = parsed.data;
  return {
    ...base,
    status: m.status,
    startedAt: m.started_at,
    finishedAt: m.finished_at,
    ...(m.failure_reason ? { failureReason: m.failure_reason } : {}),
    ...(m.skip_reason ? { skipReason: m.skip_reason } : {}),
    manifest: m,
  };
}

export interface PreviousRun {
  runId: string;
  manifest: Manifest;
  discrepancies: PreviousDiscrepancy[];
}

export interface FindOptions {
  /** Told about a completed run passed over as a baseline (its discrepancies are missing or altered). */
  onSkip?: (runId: string, reason: string) => void;
}

/**
 * The last completed run of the period other than `excludeRunId` (latest finish time), with its
 * discrepancies. A completed run whose discrepancies.csv is missing or does not match the SHA-256 in
 * its manifest cannot be a baseline; the next older completed run is used instead.
 */
export async function findPreviousRun(
  store: ReportStore,
  period: string,
  excludeRunId: string,
  options: FindOptions = {},
): Promise<PreviousRun | undefined> {
  const completed = (await listPeriodRuns(store, period))
    .filter(
      (r): r is RunRecord & { manifest: Manifest } =>
        r.status === 'completed' && r.runId !== excludeRunId && r.manifest !== undefined,
    )
    .sort((a, b) =>
      a.manifest.finished_at < b.manifest.finished_at
        ? 1
        : a.manifest.finished_at > b.manifest.finished_at
          ? -1
          : 0,
    );
  for (const run of completed) {
    const location = { period, runId: run.runId };
    const bytes = await store.read(location, DISCREPANCIES_NAME);
    if (!bytes) {
      options.onSkip?.(run.runId, `${DISCREPANCIES_NAME} is missing`);
      continue;
    }
    const listed = run.manifest.files.find((f) => f.name === DISCREPANCIES_NAME);
    if (listed && createHash('sha256').update(bytes).digest('hex') !== listed.sha256) {
      options.onSkip?.(run.runId, `${DISCREPANCIES_NAME} does not match the checksum in its manifest`);
      continue;
    }
    return { runId: run.runId, manifest: run.manifest, discrepancies: parseDiscrepancies(bytes) };
  }
  return undefined;
}

/** The pipeline's RunHistory on a report store (Blob Storage in Azure, a folder locally). */
export class StoreRunHistory implements RunHistory {
  constructor(
    private readonly store: ReportStore,
    private readonly options: FindOptions = {},
  ) {}

  async previous(
    period: string,
    excludeRunId: string,
  ): Promise<{ runId: string; discrepancies: PreviousDiscrepancy[] } | undefined> {
    const run = await findPreviousRun(this.store, period, excludeRunId, this.options);
    return run && { runId: run.runId, discrepancies: run.discrepancies };
  }
}

/** Undoes the CSV writer's formula guard: a leading quote it put before = + - @ tab or CR. */
function unneutralise(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** discrepancies.csv (docs/rules.md §5 columns, matched by header name) → what compareRuns needs. */
export function parseDiscrepancies(bytes: Buffer): PreviousDiscrepancy[] {
  const records = parseCsvRecords(bytes.toString('utf8'));
  return records.map((raw, index) => {
    const cell = (name: string): string => {
      const value = raw[name];
      if (value === undefined) throw new Error(`${DISCREPANCIES_NAME}: column ${name} is missing`);
      return unneutralise(value);
    };
    const currency = cell('currency');
    const money = parseMoney(cell('variance'), currencyDigits(currency));
    if (!money.ok) throw new Error(`${DISCREPANCIES_NAME} row ${index + 2}: variance ${money.problem}`);
    const revenueType = cell('revenue_type');
    return {
      dealId: cell('deal_id'),
      // The key's type is the trimmed, lower-cased name; an entry without a known type shows as "(no type)".
      typeKey: revenueType === '(no type)' ? '' : revenueType.trim().toLowerCase(),
      currency,
      status: cell('status'),
      variance: money.minor,
      customerId: cell('customer_id'),
      customerName: cell('customer_name'),
      segment: cell('segment'),
      revenueType,
    };
  });
}
