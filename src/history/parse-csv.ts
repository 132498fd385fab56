// The one place run history parses CSV text: an earlier run's report, through the project's own parser.
import { parseCsv } from '../csv/csv-parser.js';

/** Header-keyed records of an RFC 4180 file; a BOM is skipped, blank lines are ignored, every value stays text. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row, i) => {
    if (row.length !== header.length)
      throw new Error(`CSV row ${i + 2} has ${row.length} fields, the header has ${header.length}`);
    return Object.fromEntries(header.map((name, j) => [name, row[j]!]));
  });
}
