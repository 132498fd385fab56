// What each report column holds, so the workbook writes numbers as numbers and months as dates.
export type ColumnType = 'amount' | 'count' | 'percent' | 'month' | 'text';

const AMOUNTS = new Set([
  'expected',
  'recognized',
  'variance',
  'tolerance',
  'net_variance',
  'unrecognized',
  'over_recognized',
  'recovered',
  'previous_variance',
  'ltd_expected',
  'ltd_recognized',
  'ltd_variance',
  'ltd_tolerance',
  'ltd_variance_previous',
  'open_shortfall',
  'open_excess',
  'closed_amount',
  'shortfall',
  'excess',
]);

const COUNTS = new Set(['rows', 'entry_count', 'row_number', 'open_items', 'closed_items', 'age_months']);

/** Columns not named here are text, ids included: "00123" and "1E5" must not turn into numbers. */
export function columnType(name: string): ColumnType {
  if (AMOUNTS.has(name)) return 'amount';
  if (COUNTS.has(name) || name.startsWith('count_')) return 'count';
  if (name === 'variance_pct') return 'percent';
  if (name === 'period' || name === 'open_since') return 'month';
  return 'text';
}
