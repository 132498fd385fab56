// Canonical records of docs/rules.md §1: raw rows as sources deliver them, and the validated records the engine uses.
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

/**
 * A history row (docs/rules.md §7): entry-shaped (the entry columns, recognition_period among them) or
 * aggregated per deal, type and currency (no recognition_period; optional entry_count).
 */
export const HistoryRowSchema = EntryRowSchema.extend({ entry_count: cell });

export type DealLineRow = z.infer<typeof DealLineRowSchema>;
export type HistoryRow = z.infer<typeof HistoryRowSchema>;
export const HISTORY_COLUMNS = Object.keys(HistoryRowSchema.shape) as (keyof HistoryRow)[];
/** A history source needs these; recognition_period (present) makes its rows entry-shaped. */
export const REQUIRED_HISTORY_COLUMNS = ['deal_id', 'recognized_amount'] as const;
export type EntryRow = z.infer<typeof EntryRowSchema>;
export const DEAL_LINE_COLUMNS = Object.keys(DealLineRowSchema.shape) as (keyof DealLineRow)[];
export const ENTRY_COLUMNS = Object.keys(EntryRowSchema.shape) as (keyof EntryRow)[];
/** Columns a source must have at all (a query or file without them cannot be read, docs/rules.md §6). */
export const REQUIRED_DEAL_COLUMNS = ['deal_id', 'revenue_type', 'contract_value'] as const;
export const REQUIRED_ENTRY_COLUMNS = ['entry_id', 'recognition_period', 'recognized_amount'] as const;

/**
 * What each canonical column holds, so a source can tell before reading whether its column type can
 * carry it (`recon check` describes the SQL queries' columns against this): money is exact decimal
 * text, dates are calendar days, a period is a month or a day, a count is a whole number.
 */
export type ColumnKind = 'text' | 'money' | 'date' | 'period' | 'count';
export const COLUMN_KINDS: Record<keyof DealLineRow | keyof HistoryRow, ColumnKind> = {
  deal_id: 'text',
  line_id: 'text',
  customer_id: 'text',
  customer_name: 'text',
  segment: 'text',
  revenue_type: 'text',
  contract_value: 'money',
  currency: 'text',
  duration_months: 'count',
  booking_date: 'date',
  start_date: 'date',
  close_date: 'date',
  entry_id: 'text',
  recognition_period: 'period',
  recognized_amount: 'money',
  entry_count: 'count',
};

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

/** A validated history row: recognized revenue of a month before the period, one entry or an aggregate. */
export const HistoryAmountSchema = z.object({
  dealId: z.string().min(1),
  typeKey: z.string(),
  amount: z.number().int(),
  currency: z.string().length(3),
  /** Entries it stands for: 1 for an entry-shaped row, entry_count (default 1) for an aggregate. */
  entryCount: z.number().int().nonnegative(),
});
export type HistoryAmount = z.infer<typeof HistoryAmountSchema>;

/** One rejected or suspicious input row (docs/rules.md §5 data-quality.csv). */
export const DataQualityIssueSchema = z.object({
  source: z.enum(['deals', 'entries', 'history', 'settings']),
  rowNumber: z.number().int(),
  rowKey: z.string(),
  field: z.string(),
  value: z.string(),
  problem: z.string(),
  action: z.enum(['rejected', 'kept']),
});
export type DataQualityIssue = z.infer<typeof DataQualityIssueSchema>;
