// The run report is built once from the reconciliation; the manifest, the dashboard and Slack show its figures.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunMessage } from '../../src/alerts/slack-message.js';
import { renderSlackText } from '../../src/alerts/slack-text.js';
import { renderDashboard } from '../../src/cli/dashboard.js';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';
import { runReconciliation, type RunOutcome } from '../../src/pipeline/run-reconciliation.js';
import { runColour } from '../../src/reports/run-colour.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';
import { entry, line } from '../helpers/engine.js';
import { report, usd } from '../alerts/fixtures.js';

// October, expected 6,200.00: D1 100.00 (1,200.00 over 12 months) with 1,000.00 recognized → over
// 900.00 (warning); D2 6,000.00 one-time Setup, nothing recognized → missing (critical); D3 100.00,
// recognized 100.00 → matched.
const deals = [
  line({
    deal_id: 'D1',
    line_id: 'L1',
    contract_value: '1200.00',
    duration_months: '12',
    start_date: '2026-10-01',
  }),
  line({
    deal_id: 'D2',
    line_id: 'L1',
    revenue_type: 'Setup',
    contract_value: '6000.00',
    start_date: '2026-10-01',
  }),
  line({
    deal_id: 'D3',
    line_id: 'L1',
    contract_value: '300.00',
    duration_months: '3',
    start_date: '2026-10-01',
  }),
];
const entries = [
  entry({ entry_id: 'E1', deal_id: 'D1', recognized_amount: '1000.00' }),
  entry({ entry_id: 'E2', deal_id: 'D3', recognized_amount: '100.00' }),
];

async function run(store: FolderReportStore, runId: string, entryRows = entries): Promise<RunOutcome> {
  return runReconciliation(
    { period: '2026-10', runId, trigger: 'cli', settings: parseEngineSettings({}) },
    {
      source: new MemoryRecordSource(deals, entryRows),
      store,
      log: silentLogger,
      history: {
        previous: async (_period, exclude) =>
          exclude === 'run-2'
            ? {
                runId: 'run-1',
                discrepancies: (first?.reconciliation?.result.discrepancies ?? []).map(toPrevious),
              }
            : undefined,
      },
      clock: () => new Date('2026-11-01T06:00:00Z'),
    },
  );
}
let first: RunOutcome | undefined;
const toPrevious = (r: {
  dealId: string;
  typeKey: string;
  currency: string;
  status: string;
  variance: number;
  customerId: string;
  customerName: string;
  segment: string;
  revenueType: string;
}) => ({
  dealId: r.dealId,
  typeKey: r.typeKey,
  currency: r.currency,
  status: r.status,
  variance: r.variance,
  customerId: r.customerId,
  customerName: r.customerName,
  segment: r.segment,
  revenueType: r.revenueType,
});

describe('run report', () => {
  it('holds exact totals, counts, top rows and history, and the manifest writes the same figures', async () => {
    const store = new FolderReportStore(await mkdtemp(join(tmpdir(), 'recon-report-')));
    first = await run(store, 'run-1');
    expect(first.report.totals).toEqual([
      {
        currency: 'USD',
        expected: 620_000,
        recognized: 110_000,
        netVariance: -510_000,
        unrecognized: 600_000,
        overRecognized: 90_000,
      },
    ]);
    expect(first.report.counts?.matched).toBe(1);
    // Per status: the discrepancies' sums; matched is what they leave of the totals (D3 100.00 / 100.00).
    expect(first.report.statuses?.filter((s) => s.count > 0)).toEqual([
      { status: 'matched', currency: 'USD', count: 1, expected: 10_000, recognized: 10_000, variance: 0 },
      { status: 'missing', currency: 'USD', count: 1, expected: 600_000, recognized: 0, variance: -600_000 },
      { status: 'over', currency: 'USD', count: 1, expected: 10_000, recognized: 100_000, variance: 90_000 },
    ]);
    expect(first.report.statuses).toHaveLength(9);
    expect(first.report.segments).toEqual([
      { segment: 'Enterprise', currency: 'USD', expected: 620_000, recognized: 110_000 },
    ]);
    expect(first.report.dataQuality).toEqual([]);
    expect(first.report.severity).toEqual({ critical: 1, warning: 1 });
    expect(first.report.top.map((r) => [r.dealId, r.status])).toEqual([
      ['D2', 'missing'],
      ['D1', 'over'],
    ]);
    expect(first.manifest.totals).toEqual([
      {
        currency: 'USD',
        expected: '6200.00',
        recognized: '1100.00',
        net_variance: '-5100.00',
        unrecognized: '6000.00',
        over_recognized: '900.00',
      },
    ]);
    expect(runColour(first.report)).toBe('red');

    // The second run fixes D1: it is resolved (900.00 recovered), D2 persists.
    const second = await run(store, 'run-2', [
      entry({ entry_id: 'E1', deal_id: 'D1', recognized_amount: '100.00' }),
      entries[1]!,
    ]);
    expect(second.report.history).toEqual({ previousRunId: 'run-1', new: 0, persisting: 1, resolved: 1 });
    expect(second.report.totals[0]?.recovered).toBe(90_000);
    expect(second.report.top.map((r) => [r.dealId, r.lifecycle])).toEqual([['D2', 'persisting']]);
    expect(second.manifest.totals[0]?.recovered).toBe('900.00');
    expect(second.manifest.history).toEqual({ previous_run_id: 'run-1', new: 0, persisting: 1, resolved: 1 });

    const dashboard = renderDashboard(second.report);
    expect(dashboard).toContain('recovered since last run 900.00');
    expect(dashboard).toContain('History   vs run run-1: new 0 · persisting 1 · resolved 1');
    const slack = renderSlackText(buildRunMessage(second.report));
    expect(slack).toContain('Recovered since last run');
    expect(slack).toContain('900.00 USD');
  });

  it('colours by the exact totals: net variance beyond 1% of expected is red, exactly 1% is not', () => {
    const warnings = { severity: { critical: 0, warning: 1 } };
    expect(runColour(report({ ...warnings, totals: [usd(100_000, 98_999)] }))).toBe('red');
    expect(runColour(report({ ...warnings, totals: [usd(100_000, 99_000)] }))).toBe('amber');
    expect(runColour(report({ ...warnings, totals: [usd(0, 1)] }))).toBe('red');
    expect(
      runColour(
        report({ severity: { critical: 0, warning: 0 }, top: [], discrepancyCount: 0, totals: [usd(5, 5)] }),
      ),
    ).toBe('green');
    expect(runColour(report({ status: 'failed' }))).toBe('grey');
  });
});
