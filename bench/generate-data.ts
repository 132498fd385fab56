// Writes the benchmark month (CSV) once; later runs reuse it. Run with a large heap: the generator keeps rows in memory.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS } from '../src/core/records.js';
import { generateMonth } from '../src/generator/generate.js';
import { writeRowsCsv } from '../src/generator/write-csv.js';

export async function ensureBenchData(
  dir: string,
  deals: number,
  period: string,
): Promise<{ deals: string; entries: string }> {
  const paths = { deals: join(dir, 'deals.csv'), entries: join(dir, 'entries.csv') };
  const marker = join(dir, 'complete.txt');
  if (existsSync(marker)) return paths;
  await mkdir(dir, { recursive: true });
  const month = generateMonth({ deals, period, seed: 1 });
  await writeRowsCsv(paths.deals, DEAL_LINE_COLUMNS, month.deals);
  await writeRowsCsv(paths.entries, ENTRY_COLUMNS, month.entries);
  await writeFile(marker, `${deals} deals, ${month.deals.length} lines, ${month.entries.length} entries\n`);
  return paths;
}

const [dir, deals, period] = process.argv.slice(2);
if (dir && deals && period) {
  await ensureBenchData(dir, Number(deals), period);
}
