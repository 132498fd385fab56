// Writes a benchmark month (CSV) once per size, shape and history; later runs reuse it. Run with a large heap: the generator keeps rows in memory.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currencyDigits } from '../src/core/money.js';
import { DEAL_LINE_COLUMNS, ENTRY_COLUMNS, type EntryRow } from '../src/core/records.js';
import { generateMonth } from '../src/generator/generate.js';
import type { MonthShape } from '../src/generator/shapes.js';
import { amountText } from '../src/generator/ltd-truth.js';
import { writeRowsCsv } from '../src/generator/write-csv.js';

export interface BenchData {
  deals: string;
  entries: string;
  /** With history: one aggregated row per deal, type text and currency, as the default HISTORY_QUERY returns. */
  history?: string;
}

export async function ensureBenchData(
  dir: string,
  deals: number,
  period: string,
  historyMonths = 0,
  shape: MonthShape = { ids: 'padded', order: 'grouped' },
): Promise<BenchData> {
  const paths: BenchData = {
    deals: join(dir, 'deals.csv'),
    entries: join(dir, 'entries.csv'),
    ...(historyMonths > 0 ? { history: join(dir, 'history.csv') } : {}),
  };
  const marker = join(dir, 'complete.txt');
  if (existsSync(marker)) return paths;
  await mkdir(dir, { recursive: true });
  const month = generateMonth({ deals, period, seed: 1, historyMonths, shape });
  await writeRowsCsv(paths.deals, DEAL_LINE_COLUMNS, month.deals);
  await writeRowsCsv(paths.entries, ENTRY_COLUMNS, month.entries);
  let history = '';
  if (paths.history && month.history) {
    const rows = aggregate(month.history.entries);
    await writeRowsCsv(
      paths.history,
      ['deal_id', 'revenue_type', 'currency', 'recognized_amount', 'entry_count'],
      rows,
    );
    history = `, ${rows.length} history rows (${month.history.entries.length} entries)`;
  }
  await writeFile(
    marker,
    `${deals} deals, ${month.deals.length} lines, ${month.entries.length} entries${history}\n`,
  );
  return paths;
}

/** GROUP BY deal_id, revenue_type, currency with exact sums: what the database hands over by default. */
function aggregate(entries: readonly EntryRow[]) {
  const groups = new Map<
    string,
    { deal_id: string; revenue_type: string; currency: string; sum: bigint; n: number }
  >();
  for (const e of entries) {
    const id = `${e.deal_id}\u0000${e.revenue_type}\u0000${e.currency}`;
    let g = groups.get(id);
    if (!g)
      groups.set(
        id,
        (g = { deal_id: e.deal_id!, revenue_type: e.revenue_type!, currency: e.currency!, sum: 0n, n: 0 }),
      );
    g.sum += minorUnits(e.recognized_amount!, currencyDigits(e.currency!));
    g.n++;
  }
  return [...groups.values()].map((g) => ({
    deal_id: g.deal_id,
    revenue_type: g.revenue_type,
    currency: g.currency,
    recognized_amount: amountText(g.sum, currencyDigits(g.currency)),
    entry_count: String(g.n),
  }));
}

/** The generator's plain decimals ("-1234.50", JPY "1500") as minor units. */
function minorUnits(text: string, digits: number): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const minor = BigInt(whole + fraction.padEnd(digits, '0'));
  return negative ? -minor : minor;
}

const [dir, deals, period, historyMonths, ids, order] = process.argv.slice(2);
if (dir && deals && period) {
  await ensureBenchData(dir, Number(deals), period, Number(historyMonths ?? 0), {
    ids: (ids ?? 'padded') as MonthShape['ids'],
    order: (order ?? 'grouped') as MonthShape['order'],
  });
}
