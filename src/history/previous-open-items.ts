// The open items of the last completed run of the month before (docs/rules.md §7 aging): from a report store or a run's folder.
import { createHash } from 'node:crypto';
import { openItemKey, type PreviousOpenItems } from '../engine/life-to-date.js';
import { formatPeriod, parsePeriod } from '../core/dates.js';
import type { ReportStore } from '../pipeline/ports/report-store.js';
import type { PreviousMonth } from '../pipeline/ports/run-history.js';
import { MANIFEST_NAME, ManifestSchema, type Manifest } from '../reports/manifest.js';
import { listPeriodRuns } from './run-history.js';
import { parseCsvRecords } from './parse-csv.js';

export const OPEN_ITEMS_NAME = 'open-items.csv';

/** Undoes the CSV writer's formula guard: a leading quote it put before = + - @ tab or CR. */
function unneutralise(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** open-items.csv → key (deal_id, revenue type, currency) → open_since ('' when undated). */
export function parseOpenItems(bytes: Buffer): Map<string, string> {
  const items = new Map<string, string>();
  for (const raw of parseCsvRecords(bytes.toString('utf8'))) {
    const cell = (name: string): string => {
      const value = raw[name];
      if (value === undefined) throw new Error(`${OPEN_ITEMS_NAME}: column ${name} is missing`);
      return unneutralise(value);
    };
    const revenueType = cell('revenue_type');
    const typeKey = revenueType === '(no type)' ? '' : revenueType.trim().toLowerCase();
    const since = cell('open_since');
    if (since !== '' && parsePeriod(since) === undefined)
      throw new Error(`${OPEN_ITEMS_NAME}: open_since "${since.slice(0, 40)}" is not YYYY-MM`);
    items.set(openItemKey(cell('deal_id'), typeKey, cell('currency')), since);
  }
  return items;
}

/** The month before a "YYYY-MM" period. */
export function monthBefore(period: string): string {
  const month = parsePeriod(period);
  if (month === undefined) throw new Error(`period must be YYYY-MM, not "${period}"`);
  return formatPeriod(month - 1);
}

/** The run's open items when its manifest lists open-items.csv and the bytes match its checksum. */
async function openItemsOf(
  store: ReportStore,
  location: { period: string; runId: string },
  manifest: Manifest,
): Promise<PreviousOpenItems | 'absent' | 'altered'> {
  const listed = manifest.files.find((f) => f.name === OPEN_ITEMS_NAME);
  if (!listed) return 'absent';
  const bytes = await store.read(location, OPEN_ITEMS_NAME);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== listed.sha256) return 'altered';
  return { runId: manifest.run_id, openSince: parseOpenItems(bytes) };
}

/**
 * The report store's run history: the last completed run of the month before `period` (latest finish)
 * that has life to date. A run whose open-items.csv is missing or altered is passed over.
 */
export class StorePreviousMonth implements PreviousMonth {
  constructor(
    private readonly store: ReportStore,
    private readonly onSkip?: (runId: string, reason: string) => void,
  ) {}

  async openItems(period: string): Promise<PreviousOpenItems | undefined> {
    const before = monthBefore(period);
    const runs = (await listPeriodRuns(this.store, before))
      .filter((r) => r.status === 'completed' && r.manifest !== undefined)
      .sort((a, b) => (a.manifest!.finished_at < b.manifest!.finished_at ? 1 : -1));
    for (const run of runs) {
      const found = await openItemsOf(this.store, { period: before, runId: run.runId }, run.manifest!);
      if (typeof found !== 'string') return found;
      if (found === 'altered') this.onSkip?.(run.runId, `${OPEN_ITEMS_NAME} is missing or altered`);
    }
    return undefined;
  }
}

/** A previous run's output folder is not one this run can take its open items from. */
export class PreviousRunError extends Error {
  override name = 'PreviousRunError';
}

/**
 * One run's folder (`recon run --previous DIR`, a flat store): it must be the completed run of P-1; its
 * open-items.csv dates this run's. `name` says where it is in errors ("--previous DIR").
 */
export class FolderPreviousMonth implements PreviousMonth {
  constructor(
    private readonly store: ReportStore,
    private readonly name: string,
  ) {}

  async openItems(period: string): Promise<PreviousOpenItems | undefined> {
    const store = this.store;
    const before = monthBefore(period);
    let bytes: Buffer | undefined;
    try {
      bytes = await store.read({ period: before, runId: 'previous' }, MANIFEST_NAME);
    } catch (error) {
      throw new PreviousRunError(`cannot read ${this.name}: ${(error as Error).message}`);
    }
    if (!bytes) throw new PreviousRunError(`${this.name} has no ${MANIFEST_NAME}`);
    let manifest: Manifest;
    try {
      manifest = ManifestSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch {
      throw new PreviousRunError(`${this.name}: ${MANIFEST_NAME} is not a run manifest`);
    }
    if (manifest.status !== 'completed')
      throw new PreviousRunError(`${this.name} is a ${manifest.status} run, not a completed one`);
    if (manifest.period !== before)
      throw new PreviousRunError(
        `${this.name} is the run of ${manifest.period}, not of ${before} (the month before ${period})`,
      );
    const found = await openItemsOf(store, { period: before, runId: manifest.run_id }, manifest);
    if (found === 'altered')
      throw new PreviousRunError(
        `${this.name}: ${OPEN_ITEMS_NAME} is missing or does not match its manifest's checksum`,
      );
    return found === 'absent' ? undefined : found;
  }
}
