// The one place run history parses CSV text (csv-parse for now; the project's own parser may replace it).
import { parse } from 'csv-parse/sync';

/** Header-keyed records of an RFC 4180 file; a BOM is skipped and every value stays text. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
}
