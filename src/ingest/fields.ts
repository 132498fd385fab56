// Field parsers shared by both record kinds: each returns the value or records why it cannot.
import { currencyDigits, isIsoCurrency, parseMoney } from '../core/money.js';
import { parseIsoDate, type EpochDay } from '../core/dates.js';
import { RowProblems, text } from './row-problems.js';

export function currencyField(raw: string | null | undefined, problems: RowProblems): string | undefined {
  const value = text(raw).toUpperCase();
  if (value === '') return 'USD';
  if (!isIsoCurrency(value)) {
    problems.reject('currency', raw, `not an ISO 4217 currency code: "${text(raw)}"`);
    return undefined;
  }
  return value;
}

/** Money in the currency's minor units; rounding beyond its digits is kept but flagged. */
export function moneyField(
  field: string,
  raw: string | null | undefined,
  currency: string | undefined,
  problems: RowProblems,
): number | undefined {
  const value = text(raw);
  if (value === '') {
    problems.reject(field, raw, `${field} is missing`);
    return undefined;
  }
  const digits = currency === undefined ? 2 : currencyDigits(currency);
  const parsed = parseMoney(value, digits);
  if (!parsed.ok) {
    problems.reject(field, raw, parsed.problem);
    return undefined;
  }
  if (parsed.rounded) {
    problems.flag(field, raw, `more decimals than ${currency ?? 'the currency'} has (${digits}); rounded half-up`);
  }
  return parsed.minor;
}

export function dateField(
  field: string,
  raw: string | null | undefined,
  problems: RowProblems,
): EpochDay | undefined | null {
  const value = text(raw);
  if (value === '') return null;
  const day = parseIsoDate(value);
  if (day === undefined) problems.reject(field, raw, `not a calendar date (YYYY-MM-DD): "${value}"`);
  return day;
}
