// Canonical records of SPEC §2: raw rows as sources deliver them, and the validated records the engine uses.
import { z } from 'zod';

const cell = z.string().nullish();

/** A deal line as a source delivers it: text cells under the canonical column names. */
export const DealLineRowSchema = z.object({
  deal_id: cell,
  line_id: cell,
  customer_id: cell,
  customer_name: cell,
  segment: cell,
  revenue_type: cell,
  contract_value: cell,
  currency: cell,
  duration_months: cell,
  booking_date: cell,
  start_date: cell,
  close_date: cell,
});

/** A recognition entry as a source delivers it. */
export const EntryRowSchema = z.object({
  entry_id: cell,
  deal_id: cell,
  revenue_type: cell,
  recognition_period: cell,
  recognized_amount: cell,
  currency: cell,
});

export type DealLineRow = z.infer<typeof DealLineRowSchema>;
export type EntryRow = z.infer<typeof EntryRowSchema>;
export const DEAL_LINE_COLUMNS = Object.keys(DealLineRowSchema.shape) as (keyof DealLineRow)[];
export const ENTRY_COLUMNS = Object.keys(EntryRowSchema.shape) as (keyof EntryRow)[];
/** Columns a source must have at all (a query or file without them cannot be read, SPEC §6). */
export const REQUIRED_DEAL_COLUMNS = ['deal_id', 'revenue_type', 'contract_value'] as const;
export const REQUIRED_ENTRY_COLUMNS = ['entry_id', 'recognition_period', 'recognized_amount'] as const;

/** A validated deal line: money in minor units, dates as epoch days, months as month indexes. */
export const DealLineSchema = z.object({
  dealId: z.string().min(1),
  lineId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  segment: z.string().min(1),
  /** Lower-cased, trimmed revenue type: half of the reconciliation key. */
  typeKey: z.string().min(1),
  category: z.enum(['recurring', 'one_time']),
  contractValue: z.number().int().nonnegative(),
  currency: z.string().length(3),
  durationMonths: z.number().int().min(1),
  bookingDate: z.number().int().optional(),
  startDate: z.number().int(),
  closeDate: z.number().int().optional(),
});

/** A validated recognition entry. */
export const EntrySchema = z.object({
  entryId: z.string().min(1),
  /** Empty when the entry names no deal (an orphan). */
  dealId: z.string(),
  typeKey: z.string(),
  period: z.number().int(),
  amount: z.number().int(),
  currency: z.string().length(3),
});

export type DealLine = z.infer<typeof DealLineSchema>;
export type Entry = z.infer<typeof EntrySchema>;

/** One rejected or suspicious input row (SPEC §5 data-quality.csv). */
export const DataQualityIssueSchema = z.object({
  source: z.enum(['deals', 'entries', 'settings']),
  rowNumber: z.number().int(),
  rowKey: z.string(),
  field: z.string(),
  value: z.string(),
  problem: z.string(),
  action: z.enum(['rejected', 'kept']),
});
export type DataQualityIssue = z.infer<typeof DataQualityIssueSchema>;
