// A span per pipeline stage and the metrics of each run, through the OpenTelemetry API: no-ops until the service registers an SDK.
import { metrics, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { Manifest } from '../reports/manifest.js';
import { errorMessage } from '../core/error-message.js';

const SCOPE = 'revenue-recon';

/** Runs one stage of a run inside its own span (`recon.<name>`), a child of the run's span. */
export function stage<T>(name: string, fn: () => Promise<T>, attributes: Attributes = {}): Promise<T> {
  return trace.getTracer(SCOPE).startActiveSpan(`recon.${name}`, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: errorMessage(error).slice(0, 200),
      });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The figures of one finished run (completed or failed): rows read per source, discrepancies per
 * status, critical ones, its duration and the alert's outcome. Attributes stay few-valued (period,
 * trigger, status): run ids belong in logs and spans, not in metric dimensions.
 */
export function recordRunMetrics(manifest: Manifest, durationMs: number): void {
  // Looked up on every run, not at load: the SDK may be registered after this module was imported.
  const meter = metrics.getMeter(SCOPE);
  const base = { period: manifest.period, trigger: manifest.trigger };
  const alert = manifest.alert?.status ?? 'skipped';
  meter
    .createCounter('recon.runs', { description: 'Finished runs, by status and alert outcome' })
    .add(1, { ...base, status: manifest.status, alert_status: alert });
  meter
    .createHistogram('recon.run.duration', { description: 'Duration of a run', unit: 's' })
    .record(Math.max(0, durationMs) / 1000, { ...base, status: manifest.status });
  const rows = meter.createCounter('recon.rows_read', { description: 'Input rows read, by source' });
  if (manifest.inputs) {
    rows.add(manifest.inputs.deals.rows_read, { ...base, source: 'deals' });
    rows.add(manifest.inputs.entries.rows_read, { ...base, source: 'entries' });
  }
  const discrepancies = meter.createCounter('recon.discrepancies', {
    description: 'Reconciled rows, by status (matched included)',
  });
  for (const [status, count] of Object.entries(manifest.counts ?? {}))
    discrepancies.add(count, { ...base, status });
  meter
    .createCounter('recon.critical', { description: 'Critical discrepancies' })
    .add(manifest.severity?.critical ?? 0, base);
  meter
    .createCounter('recon.alerts', { description: 'Alert outcomes of finished runs' })
    .add(1, { ...base, status: alert });
}
