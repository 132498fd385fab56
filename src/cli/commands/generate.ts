// `recon generate`: a synthetic month as CSV files, with its ground truth.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS } from '../../core/records.js';
import { generateMonth } from '../../generator/generate.js';
import {
  CLOSED_ITEMS_TRUTH_COLUMNS,
  LTD_TRUTH_COLUMNS,
  OPEN_ITEMS_TRUTH_COLUMNS,
} from '../../generator/ltd-truth.js';
import { writeRowsCsv } from '../../generator/write-csv.js';
import { ID_FORMATS, ROW_ORDERS, parseIdFormat, parseRowOrder } from '../../generator/shapes.js';
import { echo } from '../../core/echo.js';
import { UsageError } from '../usage-error.js';
import { dealCount, prepareOut, requireOut, requirePeriod, type CliValues } from './options.js';

const MAX_DEALS = 1_000_000;
/** Ten years: more is never a month-end's history and only grows the file. */
const MAX_HISTORY_MONTHS = 120;

export async function generateCommand(values: CliValues): Promise<number> {
  const period = requirePeriod(values);
  const out = requireOut(values);
  // The generator holds the month in memory (the README gives the size of the largest).
  const deals = dealCount(values, MAX_DEALS);
  if (deals === undefined) throw new UsageError('--deals N (a whole number >= 1) is required');
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
  const historyText = values['history-months'] ?? '0';
  const historyMonths = /^\d{1,9}$/.test(historyText) ? Number(historyText) : NaN;
  if (!(historyMonths <= MAX_HISTORY_MONTHS))
    throw new UsageError(
      `--history-months must be a whole number from 0 to ${MAX_HISTORY_MONTHS}, not "${echo(historyText)}"`,
    );
  await prepareOut(out);
  const month = generateMonth({ deals, period, seed, shape: { ids, order }, historyMonths });
  await writeRowsCsv(join(out, 'deals.csv'), DEAL_LINE_COLUMNS, month.deals);
  await writeRowsCsv(join(out, 'entries.csv'), ENTRY_COLUMNS, month.entries);
  await writeRowsCsv(
    join(out, 'truth.csv'),
    ['deal_id', 'revenue_type', 'status', 'expected', 'recognized'],
    month.truth,
  );
  await writeRowsCsv(join(out, 'data-quality-truth.csv'), ['source', 'row_key', 'field'], month.dataQuality);
  let readme = `Synthetic month ${period}: ${deals} deals, ${month.deals.length} deal lines, ${month.entries.length} entries.\n`;
  let history = '';
  if (month.history) {
    const h = month.history;
    await writeRowsCsv(join(out, 'history.csv'), ENTRY_COLUMNS, h.entries);
    await writeRowsCsv(join(out, 'ltd-truth.csv'), LTD_TRUTH_COLUMNS, h.truth.ltd);
    await writeRowsCsv(join(out, 'open-items-truth.csv'), OPEN_ITEMS_TRUTH_COLUMNS, h.truth.openItems);
    await writeRowsCsv(join(out, 'closed-items-truth.csv'), CLOSED_ITEMS_TRUTH_COLUMNS, h.truth.closedItems);
    readme +=
      `History: ${h.entries.length} entries of the ${historyMonths} months from ${h.firstMonth} (history.csv; ` +
      `each key's earlier months in one opening row the month before); ${h.truth.openItems.length} items open ` +
      `and ${h.truth.closedItems.length} closed at ${period} (default settings).\n`;
    history = `, ${h.entries.length} history entries`;
  }
  await writeFile(join(out, 'README.txt'), readme);
  process.stdout.write(
    `wrote ${month.deals.length} deal lines, ${month.entries.length} entries${history} and ${month.truth.length} truth rows to ${out}\n`,
  );
  return 0;
}
