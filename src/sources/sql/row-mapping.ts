// Maps result rows onto canonical row objects: columns matched by name in any case, cells as text or null.
import { SourceError } from '../../pipeline/ports/record-source.js';
import type { QueryColumn } from './query-stream.js';

/** A float has at most 15 significant digits that survive a round trip; more means money was already lost. */
const MAX_EXACT_DIGITS = 15;

export interface RowMapper<T> {
  (row: Record<string, unknown>): T;
}

/**
 * Builds the mapper once per result set. `required` columns must be present (a query that
 * forgot an alias fails the source, naming the setting); others default to null.
 */
export function rowMapper<T>(
  columns: QueryColumn[],
  canonical: readonly string[],
  required: readonly string[],
  querySetting: string,
): RowMapper<T> {
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
  const twice = canonical.find((name) => columns.filter((c) => c.name.toLowerCase() === name).length > 1);
  if (twice !== undefined)
    throw new SourceError(`the query returned the column ${twice} twice; keep one in ${querySetting}`);
  const missing = required.filter((r) => !byLower.has(r));
  if (missing.length) {
    throw new SourceError(
      `the query returned no ${missing.join(', ')} column (got ${columns.map((c) => c.name).join(', ') || 'no columns'}); alias its columns to the canonical names in ${querySetting}`,
    );
  }
  const pairs = canonical.map((name) => [name, byLower.get(name)] as const);
  return (row) => {
    const out: Record<string, string | null> = {};
    for (const [name, source] of pairs)
      out[name] = source === undefined ? null : cellText(row[source], name, querySetting);
    return out as T;
  };
}

export function cellText(v: unknown, column: string, querySetting: string): string | null {
  if (v === null || v === undefined) return null;
  // mssql gives a column named twice (same case) as one column whose value is an array of both.
  if (Array.isArray(v))
    throw new SourceError(`the query returned the column ${column} twice; keep one in ${querySetting}`);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    const text = String(v);
    if (
      !Number.isSafeInteger(v) &&
      text.replace(/[-.]|e.*$/gi, '').replace(/^0+/, '').length > MAX_EXACT_DIGITS
    ) {
      throw new SourceError(
        `column ${column} came over as a float (${text}) that may not be exact; bring it over as text, e.g. CONVERT(nvarchar(40), ...) in ${querySetting}`,
      );
    }
    return text;
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // mssql gives dates as Date at UTC midnight (useUTC): keep the calendar day.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  return String(v);
}
