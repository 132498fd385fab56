// A run's structured logs, stage spans and metrics reach OpenTelemetry exporters (in memory here, Azure Monitor in Azure).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, type MetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import { runLogger } from '../../src/pipeline/ports/logger.js';
import { runReconciliation, type RunOutcome } from '../../src/pipeline/run-reconciliation.js';
import { csvSource } from '../../src/service/local-run.js';
import { startTelemetry, type Telemetry } from '../../src/service/telemetry.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';

const spans = new InMemorySpanExporter();
const logs = new InMemoryLogRecordExporter();
const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
let telemetry: Telemetry;
let outcome: RunOutcome;
const RUN_ID = '2026-10.telemetry-1';

beforeAll(async () => {
  telemetry = startTelemetry({ spans, logs, metrics }, { metricIntervalMs: 3_600_000 });
  const dir = await mkdtemp(join(tmpdir(), 'recon-otel-'));
  // D1 expects 1,000.00 and gets it (matched); D2 expects 1,000.00 and gets 400.00 (under);
  // D3 expects 10,000.00 and gets nothing (missing, critical: |variance| >= 5,000.00).
  await writeFile(
    join(dir, 'deals.csv'),
    'deal_id,revenue_type,contract_value,currency,duration_months,start_date\nD1,Subscription,12000.00,USD,12,2026-07-01\nD2,Support,12000.00,USD,12,2026-07-01\nD3,Setup,10000.00,USD,,2026-10-05\n',
  );
  await writeFile(
    join(dir, 'entries.csv'),
    'entry_id,deal_id,revenue_type,recognition_period,recognized_amount,currency\nE1,D1,Subscription,2026-10,1000.00,USD\nE2,D2,Support,2026-10,400.00,USD\n',
  );
  outcome = await runReconciliation(
    { period: '2026-10', runId: RUN_ID, trigger: 'timer', settings: parseEngineSettings({}), notify: false },
    {
      source: csvSource(join(dir, 'deals.csv'), join(dir, 'entries.csv')),
      store: new FolderReportStore(join(dir, 'out')),
      log: runLogger(() => undefined, { invocation_id: 'inv-1' }),
    },
  );
  await telemetry.flush();
});
afterAll(async () => telemetry?.shutdown());

function metric(name: string): MetricData {
  const found = metrics
    .getMetrics()
    .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
    .filter((m) => m.descriptor.name === name)
    .pop();
  if (!found) throw new Error(`no metric ${name}`);
  return found;
}
const points = (name: string) =>
  metric(name).dataPoints.map((p) => ({ attributes: p.attributes, value: p.value }));

describe('a run in OpenTelemetry', () => {
  it('completes (the known answer: 1 matched, 1 under, 1 missing and critical)', () => {
    expect(outcome.manifest.status).toBe('completed');
    expect(outcome.manifest.counts).toMatchObject({ matched: 1, under: 1, missing: 1 });
  });

  it('logs structured records with run_id, period and trigger as attributes', () => {
    const records = logs.getFinishedLogRecords();
    const started = records.find((r) => r.body === 'run started');
    expect(started?.attributes).toMatchObject({
      run_id: RUN_ID,
      period: '2026-10',
      trigger: 'timer',
      invocation_id: 'inv-1',
    });
    const completed = records.find((r) => r.body === 'run completed');
    expect(completed?.attributes).toMatchObject({ run_id: RUN_ID, event: 'run_completed', alert: 'skipped' });
    expect(completed?.severityText).toBe('INFO');
  });

  it('has a span per pipeline stage under the run span', () => {
    const finished = spans.getFinishedSpans();
    const run = finished.find((s) => s.name === 'recon.run')!;
    expect(run.attributes).toMatchObject({ run_id: RUN_ID, period: '2026-10', trigger: 'timer' });
    const children = finished
      .filter((s) => s.parentSpanContext?.spanId === run.spanContext().spanId)
      .map((s) => s.name);
    expect(children).toEqual(
      expect.arrayContaining([
        'recon.lock',
        'recon.read.deals',
        'recon.read.entries',
        'recon.reconcile',
        'recon.history',
        'recon.reports',
        'recon.links',
        'recon.alert',
        'recon.manifest',
      ]),
    );
    expect(new Set(finished.map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  it('records the metrics of the run', () => {
    const base = { period: '2026-10', trigger: 'timer' };
    expect(points('recon.runs')).toEqual([
      { attributes: { ...base, status: 'completed', alert_status: 'skipped' }, value: 1 },
    ]);
    expect(points('recon.rows_read')).toEqual([
      { attributes: { ...base, source: 'deals' }, value: 3 },
      { attributes: { ...base, source: 'entries' }, value: 2 },
    ]);
    expect(points('recon.discrepancies')).toEqual(
      expect.arrayContaining([
        { attributes: { ...base, status: 'matched' }, value: 1 },
        { attributes: { ...base, status: 'under' }, value: 1 },
        { attributes: { ...base, status: 'missing' }, value: 1 },
      ]),
    );
    expect(points('recon.critical')).toEqual([{ attributes: base, value: 1 }]);
    expect(points('recon.alerts')).toEqual([{ attributes: { ...base, status: 'skipped' }, value: 1 }]);
    const duration = metric('recon.run.duration').dataPoints[0]!;
    expect(duration.attributes).toEqual({ ...base, status: 'completed' });
    expect((duration.value as { count: number }).count).toBe(1);
  });
});
