// The order of report rows: critical first, then abs(variance) by amount across currencies, then deal_id and revenue type.
import { currencyDigits } from '../core/money.js';
import type { ReconRow } from './classify.js';

/** The most minor-unit digits an ISO 4217 currency has (CLF, UYW). */
const MAX_DIGITS = 4;

/**
 * abs(variance) in currency units, scaled to 4 decimals so that rows of different currencies compare
 * by amount (20.000 BHD < 100.00 USD < 3000 JPY), not by their minor units; exact below 2^53.
 */
export function comparableSize(row: Pick<ReconRow, 'variance' | 'currency'>): number {
  return Math.abs(row.variance) * 10 ** (MAX_DIGITS - currencyDigits(row.currency));
}

export function discrepancyOrder(a: ReconRow, b: ReconRow): number {
  const crit = Number(b.severity === 'critical') - Number(a.severity === 'critical');
  if (crit !== 0) return crit;
  const size = comparableSize(b) - comparableSize(a);
  if (size !== 0) return size;
  if (a.dealId !== b.dealId) return a.dealId < b.dealId ? -1 : 1;
  return a.revenueType < b.revenueType ? -1 : a.revenueType > b.revenueType ? 1 : 0;
}
