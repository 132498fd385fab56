// Writes generated rows as CSV files, streamed so a million-deal month never sits in one string.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvCell } from '../csv/csv-writer.js';

export async function writeRowsCsv<T extends object>(
  path: string,
  columns: readonly string[],
  rows: Iterable<T>,
): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const line = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;
  let pending = line(columns);
  for (const row of rows) {
    const record = row as Record<string, string | null | undefined>;
    pending += line(columns.map((c) => record[c] ?? ''));
    if (pending.length > 1 << 16) {
      if (!stream.write(pending)) await once(stream, 'drain');
      pending = '';
    }
  }
  stream.end(pending);
  await once(stream, 'finish');
}
