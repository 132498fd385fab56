// `recon generate`: a synthetic month as CSV files, with its ground truth.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS } from '../../core/records.js';
import { generateMonth } from '../../generator/generate.js';
import { writeRowsCsv } from '../../generator/write-csv.js';
import { ID_FORMATS, ROW_ORDERS, parseIdFormat, parseRowOrder } from '../../generator/shapes.js';
import { echo } from '../../core/echo.js';
import { UsageError } from '../usage-error.js';
import { prepareOut, requireOut, requirePeriod, type CliValues } from './options.js';

const MAX_DEALS = 1_000_000;

export async function generateCommand(values: CliValues): Promise<number> {
  const period = requirePeriod(values);
  const out = requireOut(values);
  const deals = Number(values.deals);
  if (values.deals === undefined || !Number.isInteger(deals) || deals < 1)
    throw new UsageError('--deals N (a whole number >= 1) is required');
  // The generator holds the month in memory (the README gives the size of the largest).
  if (deals > MAX_DEALS)
    throw new UsageError(`--deals may be at most ${MAX_DEALS.toLocaleString('en-US')}, not ${values.deals}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed must be a whole number, not "${values.seed}"`);
  const ids = parseIdFormat(values.ids ?? 'padded');
  if (ids === undefined)
    throw new UsageError(`--ids must be one of ${ID_FORMATS.join(', ')}, not "${echo(values.ids ?? '')}"`);
  const order = parseRowOrder(values.order ?? 'grouped');
  if (order === undefined)
    throw new UsageError(
      `--order must be one of ${ROW_ORDERS.join(', ')}, not "${echo(values.order ?? '')}"`,
    );
  await prepareOut(out);
  const month = generateMonth({ deals, period, seed, shape: { ids, order } });
  await writeRowsCsv(join(out, 'deals.csv'), DEAL_LINE_COLUMNS, month.deals);
  await writeRowsCsv(join(out, 'entries.csv'), ENTRY_COLUMNS, month.entries);
  await writeRowsCsv(
    join(out, 'truth.csv'),
    ['deal_id', 'revenue_type', 'status', 'expected', 'recognized'],
    month.truth,
  );
  await writeRowsCsv(join(out, 'data-quality-truth.csv'), ['source', 'row_key', 'field'], month.dataQuality);
  await writeFile(
    join(out, 'README.txt'),
    `Synthetic month ${period}: ${deals} deals, ${month.deals.length} deal lines, ${month.entries.length} entries.\n`,
  );
  process.stdout.write(
    `wrote ${month.deals.length} deal lines, ${month.entries.length} entries and ${month.truth.length} truth rows to ${out}\n`,
  );
  return 0;
}
