// Run reports for alert tests: one per colour, and an oversized one.
import type { RunReport } from '../../src/reports/run-report.js';
import { manifest, row } from '../storage/fixtures.js';

export { manifest, row };

const counts = (matched: number, missing: number) => ({
  matched,
  missing,
  under: 0,
  over: 0,
  duplicate: 0,
  unexpected: 0,
  orphan: 0,
  misclassified: 0,
  currency_mismatch: 0,
});

/** Totals of one currency in minor units. */
export const usd = (expected: number, recognized: number) => ({
  currency: 'USD',
  expected,
  recognized,
  netVariance: recognized - expected,
  unrecognized: Math.max(expected - recognized, 0),
  overRecognized: Math.max(recognized - expected, 0),
});

/** A completed run of 2026-10 (amber: one warning), with any field replaced. */
export function report(overrides: Partial<RunReport> = {}): RunReport {
  return {
    runId: 'run-1',
    period: '2026-10',
    trigger: 'cli',
    startedAt: '2026-11-01T06:00:00.000Z',
    finishedAt: '2026-11-01T06:01:00.000Z',
    status: 'completed',
    settings: {},
    totals: [usd(100_000_000, 99_950_000)],
    counts: counts(40, 1),
    severity: { critical: 0, warning: 1 },
    top: [row({ variance: -50_000, expected: 50_000 })],
    discrepancyCount: 1,
    files: [],
    links: {
      'discrepancies.csv':
        'https://acct.blob.core.windows.net/reports/2026-10/run-1/discrepancies.csv?sv=x&sig=abc',
    },
    ...overrides,
  };
}

export const announcement = report;

export const green = (): RunReport =>
  report({
    totals: [usd(100_000, 100_000)],
    counts: counts(3, 0),
    severity: { critical: 0, warning: 0 },
    top: [],
    discrepancyCount: 0,
  });

export const amber = (): RunReport => report();

export const red = (): RunReport =>
  report({
    totals: [usd(100_000_000, 99_000_000)],
    counts: counts(10, 1),
    severity: { critical: 1, warning: 0 },
    history: { previousRunId: 'run-0', new: 1, persisting: 0, resolved: 2 },
    top: [
      {
        ...row({ dealId: 'D-BIG', severity: 'critical', variance: -1_000_000, expected: 1_000_000 }),
        lifecycle: 'new',
      },
    ],
  });

export const grey = (): RunReport => {
  const { counts: _c, severity: _s, ...rest } = report();
  return {
    ...rest,
    status: 'failed',
    failureReason: 'Login failed for user <recon> on Accounting',
    totals: [],
    files: [],
    top: [],
    discrepancyCount: 0,
    links: {},
  };
};
