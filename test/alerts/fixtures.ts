// Announcements for alert tests: one per colour, and an oversized one.
import type { RunAnnouncement } from '../../src/pipeline/ports/alerter.js';
import { manifest, row } from '../storage/fixtures.js';

export { manifest, row };

export function announcement(overrides: Partial<RunAnnouncement> = {}): RunAnnouncement {
  return {
    manifest: manifest({
      totals: [
        {
          currency: 'USD',
          expected: '1000000.00',
          recognized: '999500.00',
          net_variance: '-500.00',
          unrecognized: '500.00',
          over_recognized: '0.00',
        },
      ],
      counts: {
        matched: 40,
        missing: 1,
        under: 0,
        over: 0,
        duplicate: 0,
        unexpected: 0,
        orphan: 0,
        misclassified: 0,
        currency_mismatch: 0,
      },
      severity: { critical: 0, warning: 1 },
    }),
    top: [row({ variance: -50_000, expected: 50_000 })],
    discrepancyCount: 1,
    links: {
      'discrepancies.csv':
        'https://acct.blob.core.windows.net/reports/2026-10/run-1/discrepancies.csv?sv=x&sig=abc',
    },
    ...overrides,
  };
}

export const green = (): RunAnnouncement =>
  announcement({
    manifest: manifest({
      totals: [
        {
          currency: 'USD',
          expected: '1000.00',
          recognized: '1000.00',
          net_variance: '0.00',
          unrecognized: '0.00',
          over_recognized: '0.00',
        },
      ],
      counts: {
        matched: 3,
        missing: 0,
        under: 0,
        over: 0,
        duplicate: 0,
        unexpected: 0,
        orphan: 0,
        misclassified: 0,
        currency_mismatch: 0,
      },
      severity: { critical: 0, warning: 0 },
    }),
    top: [],
    discrepancyCount: 0,
  });

export const amber = (): RunAnnouncement => announcement();

export const red = (): RunAnnouncement =>
  announcement({
    manifest: manifest({
      totals: [
        {
          currency: 'USD',
          expected: '1000000.00',
          recognized: '990000.00',
          net_variance: '-10000.00',
          unrecognized: '10000.00',
          over_recognized: '0.00',
        },
      ],
      counts: {
        matched: 10,
        missing: 1,
        under: 0,
        over: 0,
        duplicate: 0,
        unexpected: 0,
        orphan: 0,
        misclassified: 0,
        currency_mismatch: 0,
      },
      severity: { critical: 1, warning: 0 },
      history: { previous_run_id: 'run-0', new: 1, persisting: 0, resolved: 2 },
    }),
    top: [
      {
        ...row({ dealId: 'D-BIG', severity: 'critical', variance: -1_000_000, expected: 1_000_000 }),
        lifecycle: 'new',
      },
    ],
  });

export const grey = (): RunAnnouncement =>
  announcement({
    manifest: manifest({
      status: 'failed',
      failure_reason: 'Login failed for user <recon> on Accounting',
      totals: [],
      files: [],
    }),
    top: [],
    discrepancyCount: 0,
    links: {},
  });
