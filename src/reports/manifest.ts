// manifest.json (docs/rules.md §5): the record of one run, written after the files (and before the alert) so its presence marks a complete run.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { StatusSchema } from '../core/status.js';
import type { ReportFile } from './report-file.js';

export const TriggerSchema = z.enum(['timer', 'http', 'queue', 'cli', 'demo']);
export type Trigger = z.infer<typeof TriggerSchema>;

const Amount = z.string().regex(/^-?\d+(\.\d+)?$/);

export const CurrencyTotalsSchema = z.object({
  currency: z.string(),
  expected: Amount,
  recognized: Amount,
  net_variance: Amount,
  unrecognized: Amount,
  over_recognized: Amount,
  /** Gap closed since the last completed run of the period (history only). */
  recovered: Amount.optional(),
});

/** Open and closed items to date in one currency (docs/rules.md §7), for status answers, Slack and dashboards. */
export const LtdTotalsSchema = z.object({
  currency: z.string(),
  open_items: z.number().int(),
  open_shortfall: Amount,
  open_excess: Amount,
  closed_items: z.number().int(),
  closed_amount: Amount,
});

export const ManifestFileSchema = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  content_type: z.string(),
});

export const ManifestSchema = z.object({
  run_id: z.string(),
  period: z.string(),
  trigger: TriggerSchema,
  started_at: z.string(),
  finished_at: z.string(),
  /** skipped: a queued request another run of the month had already answered (see skip_reason). */
  status: z.enum(['completed', 'failed', 'skipped']),
  failure_reason: z.string().optional(),
  skip_reason: z.string().optional(),
  inputs: z
    .object({
      deals: z.object({ source: z.string(), rows_read: z.number().int(), rows_rejected: z.number().int() }),
      entries: z.object({
        source: z.string(),
        rows_read: z.number().int(),
        rows_rejected: z.number().int(),
        in_period: z.number().int(),
      }),
      history: z
        .object({
          source: z.string(),
          rows_read: z.number().int(),
          rows_rejected: z.number().int(),
          rows_ignored: z.number().int(),
        })
        .optional(),
      data_quality_issues: z.number().int(),
    })
    .optional(),
  settings: z.record(z.string(), z.unknown()),
  totals: z.array(CurrencyTotalsSchema),
  counts: z.record(StatusSchema, z.number().int()).optional(),
  severity: z.object({ critical: z.number().int(), warning: z.number().int() }).optional(),
  history: z
    .object({
      previous_run_id: z.string(),
      new: z.number().int(),
      persisting: z.number().int(),
      resolved: z.number().int(),
    })
    .optional(),
  /** With history of earlier months (docs/rules.md §7). */
  life_to_date: z
    .object({
      /** The run of the month before whose open items dated this run's ('' when none). */
      previous_run_id: z.string(),
      /** The LTD tolerance used: percent of |LTD expected| and floor in currency units. */
      tolerance_pct: z.string(),
      tolerance_abs: z.string(),
      keys: z.number().int(),
      totals: z.array(LtdTotalsSchema),
    })
    .optional(),
  alert: z
    .object({ status: z.enum(['sent', 'skipped', 'failed']), detail: z.string().optional() })
    .optional(),
  files: z.array(ManifestFileSchema),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestFile = z.infer<typeof ManifestFileSchema>;
export const MANIFEST_NAME = 'manifest.json';

export function describeFile(file: ReportFile): ManifestFile {
  return {
    name: file.name,
    size: file.content.length,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    content_type: file.contentType,
  };
}

export function manifestFile(manifest: Manifest): ReportFile {
  return {
    name: MANIFEST_NAME,
    content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
    contentType: 'application/json',
  };
}
