// How the page shows numbers, periods and times: the currency's digits, thousands separators, UTC.
import { MONTH_NAMES } from '../../core/dates.js';
import { currencyDigits, formatMinor, formatMinorReadable } from '../../core/money.js';

/** "1,234.50" for USD, "1,235" for JPY; minus sign for negatives. */
export const showMoney = (minor: number, currency: string): string =>
  formatMinorReadable(minor, currencyDigits(currency));

/** The plain decimal the table sorts on ("-1234.50"), as in the CSV. */
export const plainMoney = (minor: number, currency: string): string =>
  formatMinor(minor, currencyDigits(currency));

export const showCount = (n: number): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "2026-10" → "October 2026"; anything else as given. */
export function showPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const name = m ? MONTH_NAMES[Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${m[1]}` : period;
}

/** "2026-11-01T06:00:04.123Z" → "2026-11-01 06:00:04 UTC"; anything else as given. */
export function showTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
