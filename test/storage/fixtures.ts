// Shared test fixtures: reconciliation rows and manifests as the pipeline produces them.
import type { ReconRow } from '../../src/rules/classify.js';
import type { Manifest } from '../../src/reports/manifest.js';

export function row(overrides: Partial<ReconRow> = {}): ReconRow {
  return {
    dealId: 'D-1',
    customerId: 'C-1',
    customerName: 'Acme Corp',
    segment: 'Enterprise',
    typeKey: 'subscription',
    revenueType: 'Subscription',
    category: 'recurring',
    currency: 'USD',
    status: 'missing',
    severity: 'warning',
    expected: 100_000,
    recognized: 0,
    variance: -100_000,
    tolerance: 1_000,
    entryIds: [],
    explanation: 'no revenue recognized; expected 1,000.00 (month 4 of 12)',
    ...overrides,
  };
}

export function manifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    run_id: 'run-1',
    period: '2026-10',
    trigger: 'cli',
    started_at: '2026-11-01T06:00:00.000Z',
    finished_at: '2026-11-01T06:01:00.000Z',
    status: 'completed',
    settings: {},
    totals: [],
    files: [],
    ...overrides,
  };
}
