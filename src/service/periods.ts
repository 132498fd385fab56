// Which month a scheduled run reconciles: the calendar month (UTC) before the one it runs in.
import { formatPeriod } from '../core/dates.js';

export function monthThatJustEnded(now: Date): string {
  return formatPeriod(now.getUTCFullYear() * 12 + now.getUTCMonth() - 1);
}
