// The shapes of an on-demand run: the HTTP body finance sends and the queue message the worker reads.
import { z } from 'zod';
import { parsePeriod } from '../core/dates.js';

export const PeriodSchema = z
  .string({ error: 'must be a string "YYYY-MM"' })
  .refine((p) => /^\d{4}-\d{2}$/.test(p) && parsePeriod(p) !== undefined, 'must be a calendar month "YYYY-MM"');

/** POST /api/reconciliations body. Unknown fields are refused so a typo ("perod") is not silently ignored. */
export const StartRunBodySchema = z
  .object({
    period: PeriodSchema,
    notify: z.boolean({ error: 'must be true or false' }).default(true),
    force: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict();
export type StartRunBody = z.infer<typeof StartRunBodySchema>;

export const RunMessageSchema = z.object({
  runId: z.string().min(1),
  period: PeriodSchema,
  notify: z.boolean(),
  force: z.boolean(),
  trigger: z.enum(['http', 'timer']),
  requestedAt: z.string(),
});
export type RunMessage = z.infer<typeof RunMessageSchema>;

/** "field: reason" for the first problem, as a 400 answer names it. */
export function describeRequestError(error: z.ZodError): { field: string; reason: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '(body)', reason: 'invalid request' };
  if (issue.code === 'unrecognized_keys') return { field: issue.keys.join(', '), reason: 'is not a known field (period, notify, force)' };
  const field = issue.path.join('.') || '(body)';
  const reason = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return { field, reason };
}

/** Run ids of service runs start with their period, so a status lookup needs only the id. */
export function serviceRunId(period: string, stamp: string): string {
  return `${period}.${stamp}`;
}

export function periodOfRunId(runId: string): string | undefined {
  const m = /^(\d{4}-\d{2})\.[A-Za-z0-9._-]+$/.exec(runId);
  return m && parsePeriod(m[1]!) !== undefined ? m[1] : undefined;
}
