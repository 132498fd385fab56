// The shapes of an on-demand run: the HTTP body finance sends and the queue message the worker reads.
import { z } from 'zod';
import { isValidRunId } from './run-id.js';
import { parsePeriod } from '../core/dates.js';
import { echo } from '../core/echo.js';

export const PeriodSchema = z
  .string({ error: 'must be a string "YYYY-MM"' })
  .refine(
    (p) => /^\d{4}-\d{2}$/.test(p) && parsePeriod(p) !== undefined,
    'must be a calendar month "YYYY-MM"',
  );

/** POST /api/reconciliations body. Unknown fields are refused so a typo ("perod") is not silently ignored. */
export const StartRunBodySchema = z
  .object({
    period: PeriodSchema,
    notify: z.boolean({ error: 'must be true or false' }).default(true),
    force: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict();
export type StartRunBody = z.infer<typeof StartRunBodySchema>;

export const RunMessageSchema = z
  .object({
    runId: z.string().min(1),
    period: PeriodSchema,
    notify: z.boolean(),
    force: z.boolean(),
    trigger: z.enum(['http', 'timer']),
    requestedAt: z.string(),
    /** How many times a forced request has been put back to wait for a run in progress. */
    waits: z.number().int().nonnegative().default(0),
  })
  // The id's month must be the run's: a status lookup finds the run by its id alone.
  .refine((m) => periodOfRunId(m.runId) === m.period, {
    path: ['runId'],
    message: 'must be a run id of the message\'s period ("YYYY-MM.…")',
  });
export type RunMessage = z.infer<typeof RunMessageSchema>;

/** The 400 reason for a body that is not an object. */
export const BODY_SHAPE = 'must be a JSON object like {"period": "2026-10"}';

/**
 * "field: reason" for the first problem, as a 400 answer names it. `input` is the parsed body: a
 * field it lacks "is required"; one it has with the wrong type gets the schema's message.
 */
export function describeRequestError(error: z.ZodError, input: unknown): { field: string; reason: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '(body)', reason: 'invalid request' };
  if (issue.code === 'unrecognized_keys')
    return { field: echo(issue.keys.join(', ')), reason: 'is not a known field (period, notify, force)' };
  if (issue.path.length === 0) return { field: '(body)', reason: BODY_SHAPE };
  const field = issue.path.join('.');
  const present = typeof input === 'object' && input !== null && Object.hasOwn(input, String(issue.path[0]));
  return { field, reason: present ? issue.message : 'is required' };
}

/** Run ids of service runs start with their period, so a status lookup needs only the id. */
export function serviceRunId(period: string, stamp: string): string {
  return `${period}.${stamp}`;
}

/** The month of a service run id, or undefined when the id is not one (or not safe as a path segment). */
export function periodOfRunId(runId: string): string | undefined {
  const m = /^(\d{4}-\d{2})\.[A-Za-z0-9._-]+$/.exec(runId);
  return m && isValidRunId(runId) && parsePeriod(m[1]!) !== undefined ? m[1] : undefined;
}
