// Publish order through the real pipeline and the Slack stand-in: manifest → alert → marker, a failed manifest write posts no links, a crash repeats an alert at most once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreAlertLedger } from '../../src/alerts/alert-ledger.js';
import { SlackAlerter } from '../../src/alerts/slack-alerter.js';
import { COLOUR_HEX, type SlackPayload } from '../../src/alerts/slack-message.js';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import { listPeriodRuns, readRun } from '../../src/history/run-history.js';
import type { Alerter } from '../../src/pipeline/ports/alerter.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';
import type { ReportFile, ReportStore, RunLocation } from '../../src/pipeline/ports/report-store.js';
import { runReconciliation, type RunOutcome } from '../../src/pipeline/run-reconciliation.js';
import { ManifestSchema, type Manifest } from '../../src/reports/manifest.js';
import { admitDequeued } from '../../src/service/admission.js';
import type { RunMessage } from '../../src/service/run-requests.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';
import { startSlackSink, type SlackSink } from '../../tools/slack-sink/slack-sink.js';
import { line } from '../helpers/engine.js';

const PERIOD = '2026-10';
const RUN_ID = '2026-10.order-1';
const MARKER = `alert-${RUN_ID}-completed-summary.json`;

/** One deal, 12,000.00 over 12 months; no entry: one missing row of 1,000.00 (a warning row; red: the net variance is all of the expected). */
const deals: DealLineRow[] = [
  line({
    deal_id: 'D1',
    line_id: '1',
    customer_id: 'C1',
    customer_name: 'Customer 1',
    start_date: '2026-01-01',
    close_date: null,
  }),
];
const entries: EntryRow[] = [];

type Fault = 'hang' | 'fail';

/**
 * The folder store with a log of every write (on the timeline of Slack's accepted posts), and faults
 * on chosen file names: `fail` rejects the write, `hang` never settles it (the process dies there).
 */
class WatchedStore implements ReportStore {
  readonly manifests: Manifest[] = [];
  private readonly faults = new Map<string, { fault: Fault; nth: number }>();
  private readonly writes = new Map<string, number>();
  private reachedHang?: () => void;
  /** Resolves when a `hang` write was reached. */
  readonly hung = new Promise<void>((resolve) => (this.reachedHang = resolve));

  constructor(
    private readonly inner: FolderReportStore,
    private readonly events: string[],
  ) {}

  get description(): string {
    return this.inner.description;
  }
  /** From the nth write of the file on (1: every write). */
  on(name: string, fault: Fault, nth = 1): this {
    this.faults.set(name, { fault, nth });
    return this;
  }
  async write(location: RunLocation, file: ReportFile): Promise<void> {
    const count = (this.writes.get(file.name) ?? 0) + 1;
    this.writes.set(file.name, count);
    const rule = this.faults.get(file.name);
    const fault = rule && count >= rule.nth ? rule.fault : undefined;
    if (fault === 'hang') {
      this.events.push(`crash before ${file.name}`);
      this.reachedHang?.();
      return new Promise<void>(() => undefined);
    }
    if (fault === 'fail') throw new Error(`injected: cannot write ${file.name}`);
    await this.inner.write(location, file);
    this.events.push(`write ${file.name}`);
    if (file.name === 'manifest.json')
      this.manifests.push(ManifestSchema.parse(JSON.parse(file.content.toString())));
  }
  read(location: RunLocation, name: string): Promise<Buffer | undefined> {
    return this.inner.read(location, name);
  }
  remove(location: RunLocation, names: string[]): Promise<void> {
    return this.inner.remove(location, names);
  }
  listRuns(period: string): Promise<string[]> {
    return this.inner.listRuns(period);
  }
  link(location: RunLocation, name: string): Promise<string> {
    return this.inner.link(location, name);
  }
}

let dir: string;
let sink: SlackSink;
let events: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recon-publish-order-'));
  events = [];
  sink = await startSlackSink({ port: 0, onPayload: () => events.push('post') });
});
afterEach(async () => {
  await sink.close();
  await rm(dir, { recursive: true, force: true });
});

function watched(): WatchedStore {
  return new WatchedStore(new FolderReportStore(dir), events);
}

function slack(store: ReportStore): SlackAlerter {
  return new SlackAlerter({
    webhookUrl: sink.url('/services/T/B/summary'),
    ledger: new StoreAlertLedger(store),
  });
}

function run(store: ReportStore, alerter: Alerter = slack(store)): Promise<RunOutcome> {
  return runReconciliation(
    { period: PERIOD, runId: RUN_ID, trigger: 'queue', settings: parseEngineSettings({}) },
    { source: new MemoryRecordSource(deals, entries), store, alerter, log: silentLogger },
  );
}

/** What the queue worker decides for a redelivered message of the run, from the run folder. */
async function redelivery(store: ReportStore) {
  const message: RunMessage = {
    runId: RUN_ID,
    period: PERIOD,
    notify: true,
    force: false,
    trigger: 'http',
    requestedAt: '2026-11-01T06:00:00.000Z',
    waits: 0,
  };
  return admitDequeued(message, await listPeriodRuns(store, PERIOD));
}

const colour = (p: { body: unknown }) => (p.body as SlackPayload).attachments?.[0]?.color;

describe('publish order of a completed run', () => {
  it('writes the manifest (completed, with links), then posts, then writes the marker, then records the outcome', async () => {
    const store = watched();
    const outcome = await run(store);
    expect(outcome.manifest.status).toBe('completed');
    const publication = events.filter(
      (e) => e === 'post' || e === 'write manifest.json' || e.startsWith('write alert-'),
    );
    expect(publication).toEqual(['write manifest.json', 'post', `write ${MARKER}`, 'write manifest.json']);
    // Every report file is written before the first manifest.
    expect(events.indexOf('write manifest.json')).toBeGreaterThan(events.indexOf('write discrepancies.csv'));
    // The first manifest is already the complete record: files, checksums; only the alert outcome comes later.
    const [first, last] = store.manifests;
    expect(first!.status).toBe('completed');
    expect(first!.files.map((f) => f.name)).toContain('discrepancies.csv');
    expect(first!.alert).toBeUndefined();
    expect(last).toEqual({ ...first, alert: { status: 'sent', detail: 'red; summary sent' } });
    expect(outcome.manifest).toEqual(last);
    // The message posted links the run's files, and red is the verdict (the month's net variance is 100% of its expected).
    expect(sink.payloads).toHaveLength(1);
    expect(colour(sink.payloads[0]!)).toBe(COLOUR_HEX.red);
    expect(JSON.stringify(sink.payloads[0]!.body)).toContain('discrepancies.csv');
  });

  it('a manifest that cannot be written announces no completed run: no link reaches Slack', async () => {
    const store = watched().on('manifest.json', 'fail');
    // Every manifest write fails (the failed one too): the run rejects, so the host retries it.
    await expect(run(store)).rejects.toThrow('injected: cannot write manifest.json');
    // No completion message and no link; only the failure alert, which storage trouble must not silence.
    const completions = sink.payloads.filter((p) => colour(p) !== COLOUR_HEX.grey);
    expect(completions).toEqual([]);
    for (const p of sink.payloads) expect(JSON.stringify(p.body)).not.toMatch(/discrepancies\.csv|file:\/\//);
    expect(sink.payloads.map((p) => JSON.stringify(p.body))).toEqual([
      expect.stringContaining('injected: cannot write manifest.json'),
    ]);
    // And nothing is left that a link could point at.
    const location = { period: PERIOD, runId: RUN_ID };
    expect(await store.read(location, 'discrepancies.csv')).toBeUndefined();
    expect((await readRun(store, location)).status).toBe('incomplete');
  });
});

describe('a crash between the manifest and the marker repeats the alert at most once', () => {
  it('crash after the post, before the marker: the retry posts once more, a further retry never', async () => {
    const crashing = watched().on(MARKER, 'hang');
    void run(crashing);
    await crashing.hung;
    expect(sink.payloads).toHaveLength(1);
    // The run folder: a completed manifest without an alert outcome, no marker.
    const store = watched();
    const published = await readRun(store, { period: PERIOD, runId: RUN_ID });
    expect(published.status).toBe('completed');
    expect(published.manifest?.alert).toBeUndefined();
    // The redelivered message runs again instead of "already has an outcome".
    expect(await redelivery(store)).toEqual({ kind: 'run' });
    const retried = await run(store);
    expect(retried.manifest.alert?.status).toBe('sent');
    expect(sink.payloads).toHaveLength(2);
    // Now the outcome is recorded: a further redelivery does nothing, and even a re-run posts nothing.
    expect(await redelivery(store)).toEqual({ kind: 'nothing', status: 'completed' });
    const again = await run(store);
    expect(again.manifest.alert).toEqual({
      status: 'skipped',
      detail: 'red; summary already posted for this run id',
    });
    expect(sink.payloads).toHaveLength(2);
  });

  it('crash after the manifest, before the post: the retry posts it once', async () => {
    const store = watched();
    let reached!: () => void;
    const hung = new Promise<void>((resolve) => (reached = resolve));
    const dying: Alerter = {
      announce: () => {
        reached();
        return new Promise(() => undefined);
      },
    };
    void run(store, dying);
    await hung;
    expect(store.manifests.map((m) => [m.status, m.alert])).toEqual([['completed', undefined]]);
    expect(sink.payloads).toHaveLength(0);
    expect(await redelivery(store)).toEqual({ kind: 'run' });
    expect((await run(store)).manifest.alert?.status).toBe('sent');
    expect(sink.payloads).toHaveLength(1);
  });

  it('crash after the marker, before the outcome is recorded: the retry posts nothing', async () => {
    const crashing = watched().on('manifest.json', 'hang', 2);
    void run(crashing);
    await crashing.hung;
    expect(events.filter((e) => e === 'post' || e.includes('manifest') || e.includes('alert-'))).toEqual([
      'write manifest.json',
      'post',
      `write ${MARKER}`,
      'crash before manifest.json',
    ]);
    const store = watched();
    expect(await redelivery(store)).toEqual({ kind: 'run' });
    const retried = await run(store);
    expect(retried.manifest.alert).toEqual({
      status: 'skipped',
      detail: 'red; summary already posted for this run id',
    });
    expect(sink.payloads).toHaveLength(1);
  });
});
