// The parameters every configured query gets, in one place: the month's first and last day as SQL dates.
import sql from 'mssql';
import type { PeriodWindow } from '../../pipeline/ports/record-source.js';

/** Each parameter's name, as a query uses it (`@periodStart`), and the window's day it carries. */
const PARAMETERS = [
  { name: 'periodStart', of: (w: PeriodWindow) => w.periodStart },
  { name: 'periodEnd', of: (w: PeriodWindow) => w.periodEnd },
] as const;

/** Their declaration, as sp_describe_first_result_set and sp_executesql take it. */
export const QUERY_PARAMETERS = PARAMETERS.map((p) => `@${p.name} date`).join(', ');

/** Binds the window's days to a request; each is a calendar date, sent as midnight UTC. */
export function bindPeriod(request: sql.Request, window: PeriodWindow): void {
  for (const p of PARAMETERS) request.input(p.name, sql.Date, new Date(`${p.of(window)}T00:00:00Z`));
}
