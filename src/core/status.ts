// The statuses and severities of docs/rules.md §4, as zod enums so reports and history share one definition.
import { z } from 'zod';

export const StatusSchema = z.enum([
  'matched',
  'missing',
  'under',
  'over',
  'duplicate',
  'unexpected',
  'orphan',
  'misclassified',
  'currency_mismatch',
]);
export type Status = z.infer<typeof StatusSchema>;
export const STATUSES = StatusSchema.options;

export const SeveritySchema = z.enum(['ok', 'warning', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;
