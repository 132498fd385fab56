// Reconciliation rules a finance team may tune (docs/rules.md §2–§4): the zod schema is their single source.
import { z } from 'zod';
import { echo } from './echo.js';
import { MAX_CURRENCY_DIGITS, parseMoney } from './money.js';

/** The largest amount in currency units that is exact in every currency's minor units (2^53 - 1 of CLF's). */
const MAX_EXACT_AMOUNT = Math.floor(Number.MAX_SAFE_INTEGER / 10 ** MAX_CURRENCY_DIGITS);

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

const decimalText = (name: string, max?: number) =>
  z
    .union([z.number(), z.string()])
    .transform((v) => String(v).trim())
    .refine((v) => DECIMAL_TEXT.test(v), `${name} must be a non-negative decimal number`)
    .refine((v) => max === undefined || Number(v) <= max, `${name} must be at most ${max}`)
    // Checked here, not when a run first meets a currency with more digits and fails on it.
    .refine(
      (v) => !DECIMAL_TEXT.test(v) || parseMoney(v, MAX_CURRENCY_DIGITS).ok,
      `${name} must be at most ${MAX_EXACT_AMOUNT.toLocaleString('en-US')} (larger amounts are not exact in every currency)`,
    );

const typeList = (name: string) =>
  z
    .array(z.string().trim().min(1, `${name} entries must not be empty`))
    .min(1, `${name} must list at least one revenue type`);

export const EngineSettingsSchema = z
  .object({
    /** Percent of |expected| (1 = 1%). */
    tolerance_pct: decimalText('tolerance_pct', 100).default('1'),
    /** Floor of the tolerance, in currency units. */
    tolerance_abs: decimalText('tolerance_abs').default('1.00'),
    /** abs(variance) at or above this, in currency units, is critical. */
    critical_amount: decimalText('critical_amount').default('5000.00'),
    recurring_types: typeList('recurring_types').default([
      'Subscription',
      'Support',
      'Maintenance',
      'Service',
    ]),
    one_time_types: typeList('one_time_types').default(['Implementation', 'Consulting', 'Setup']),
    proration: z.enum(['monthly', 'daily']).default('monthly'),
    /** Life to date (with history): percent of |LTD expected| (default 0). No default here, so a run without it records nothing new. */
    ltd_tolerance_pct: decimalText('ltd_tolerance_pct', 100).optional(),
    /** Life to date: floor of the LTD tolerance in currency units (default tolerance_abs). */
    ltd_tolerance_abs: decimalText('ltd_tolerance_abs').optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const recurring = new Set(s.recurring_types.map((t) => t.toLowerCase()));
    const both = s.one_time_types.filter((t) => recurring.has(t.toLowerCase()));
    if (both.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['one_time_types'],
        message: `${echo(both.join(', '))} cannot be both recurring and one-time`,
      });
    }
  });

export type EngineSettingsInput = z.input<typeof EngineSettingsSchema>;
export type EngineSettings = z.output<typeof EngineSettingsSchema>;

export type RevenueCategory = 'recurring' | 'one_time' | 'unknown';

/** Settings compiled for the hot path: exact integers and a type lookup. */
export interface EngineRules {
  settings: EngineSettings;
  /** tolerance_pct in parts per million of |expected|. */
  tolerancePpm: number;
  toleranceAbsMinor(digits: number): number;
  criticalMinor(digits: number): number;
  /** Lower-cased, trimmed type → its configured display name and category. */
  types: Map<string, { name: string; category: Exclude<RevenueCategory, 'unknown'> }>;
}

function scaled(text: string, digits: number): number {
  const parsed = parseMoney(text, digits);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.minor;
}

export function compileRules(settings: EngineSettings): EngineRules {
  const types: EngineRules['types'] = new Map();
  for (const name of settings.recurring_types) types.set(name.toLowerCase(), { name, category: 'recurring' });
  for (const name of settings.one_time_types) types.set(name.toLowerCase(), { name, category: 'one_time' });
  const absCache = new Map<number, number>();
  const critCache = new Map<number, number>();
  const memo = (cache: Map<number, number>, text: string, digits: number) => {
    let v = cache.get(digits);
    if (v === undefined) cache.set(digits, (v = scaled(text, digits)));
    return v;
  };
  return {
    settings,
    tolerancePpm: scaled(settings.tolerance_pct, 4),
    toleranceAbsMinor: (digits) => memo(absCache, settings.tolerance_abs, digits),
    criticalMinor: (digits) => memo(critCache, settings.critical_amount, digits),
    types,
  };
}

/** One line naming the first bad setting and why, as start-up errors must. */
export function describeSettingsError(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid settings';
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') return `unknown setting ${prefix}${echo(issue.keys.join(', '))}`;
  return `invalid setting ${prefix}${echo(path || '(root)')}: ${echo(issue.message)}`;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export function parseEngineSettings(input: unknown, prefix = ''): EngineSettings {
  const result = EngineSettingsSchema.safeParse(input ?? {});
  if (!result.success) throw new SettingsError(describeSettingsError(result.error, prefix));
  return result.data;
}
