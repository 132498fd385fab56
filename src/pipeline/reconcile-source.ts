// Reads both inputs of a period from a source and reconciles them: the engine's one entry for I/O callers.
import { compileRules, type EngineRules, type EngineSettings } from '../core/engine-settings.js';
import { parsePeriod, type MonthIndex } from '../core/dates.js';
import { ExpectedBook } from '../core/expected.js';
import { KeyDirectory } from '../core/key-directory.js';
import { RecognizedBook } from '../core/recognized.js';
import { reconcile, type ReconResult } from '../core/reconcile.js';
import type { DataQualityIssue } from '../core/records.js';
import { DealLineValidator } from '../ingest/deal-lines.js';
import { EntryValidator } from '../ingest/entries.js';
import type { RowValidator } from '../ingest/row-validator.js';
import { readWithRestart } from './read-with-restart.js';
import {
  periodWindow,
  type EntriesAhead,
  type PeriodWindow,
  type ReadProgress,
  type RecordSource,
  type SourceRow,
} from './ports/record-source.js';

export interface InputCounts {
  deals: { source: string; rows_read: number; rows_rejected: number };
  entries: { source: string; rows_read: number; rows_rejected: number; in_period: number };
  data_quality_issues: number;
}

export interface Reconciliation {
  period: string;
  month: MonthIndex;
  rules: EngineRules;
  result: ReconResult;
  dataQuality: DataQualityIssue[];
  inputs: InputCounts;
}

export async function reconcileSource(
  source: RecordSource,
  period: string,
  settings: EngineSettings,
  progress?: ReadProgress,
): Promise<Reconciliation> {
  const month = parsePeriod(period);
  if (month === undefined) throw new Error(`period must be YYYY-MM, not "${period}"`);
  const rules = compileRules(settings);
  const window = periodWindow(month, period);

  const ahead = source.entriesAhead?.(settings, month);
  let deals: Awaited<ReturnType<typeof readDeals>>;
  try {
    deals = await readWithRestart(() => readDeals(source, window, month, rules, progress));
  } catch (error) {
    await ahead?.stop();
    throw error;
  }
  const entries = ahead
    ? await readEntriesAhead(ahead, month, deals.book, progress)
    : await readWithRestart(() => readEntries(source, window, month, rules, deals.book, progress));
  const result = reconcile({ period: month, rules, expected: deals.book, recognized: entries.book });
  const dataQuality = [...deals.issues, ...entries.issues];
  return {
    period,
    month,
    rules,
    result,
    dataQuality,
    inputs: {
      deals: {
        source: source.description,
        rows_read: deals.validator.rowsRead,
        rows_rejected: deals.validator.rowsRejected,
      },
      entries: {
        source: source.description,
        rows_read: entries.validator.rowsRead,
        rows_rejected: entries.validator.rowsRejected,
        in_period: entries.book.entriesInPeriod,
      },
      data_quality_issues: dataQuality.length,
    },
  };
}

async function readDeals(
  source: RecordSource,
  window: PeriodWindow,
  month: MonthIndex,
  rules: EngineRules,
  progress?: ReadProgress,
) {
  const issues: DataQualityIssue[] = [];
  // One KeyDirectory numbers deal_ids and keys for the validator and both books.
  const directory = new KeyDirectory();
  const book = new ExpectedBook(month, rules.settings.proration, directory);
  const validator = new DealLineValidator(rules, issues, book);
  await validateInto(source.deals(window, progress), validator, (line) => book.add(line));
  return { issues, validator, book };
}

async function readEntries(
  source: RecordSource,
  window: PeriodWindow,
  month: MonthIndex,
  rules: EngineRules,
  expected: ExpectedBook,
  progress?: ReadProgress,
) {
  const issues: DataQualityIssue[] = [];
  const validator = new EntryValidator(rules, issues);
  // A restarted read must not see the previous attempt's entries: a fresh book. The shared directory
  // may keep deal numbers and slots the failed attempt opened; with no entries in this book they
  // are not classified (reconcile skips unbooked slots without entries).
  const book = new RecognizedBook(month, expected);
  await validateInto(source.entries(window, progress), validator, (entry) => book.add(entry));
  return { issues, validator, book };
}

/** Validates every row of a source's batches and books the accepted ones; then the validator lets go of its per-file memory. */
async function validateInto<Row, Valid>(
  batches: AsyncIterable<SourceRow<Row>[]>,
  validator: RowValidator<Row, Valid>,
  book: (record: Valid) => void,
): Promise<void> {
  for await (const batch of batches) {
    for (const row of batch) {
      const record = validator.acceptRow(row);
      if (record) book(record);
    }
  }
  validator.release();
}

async function readEntriesAhead(
  ahead: EntriesAhead,
  month: MonthIndex,
  expected: ExpectedBook,
  progress?: ReadProgress,
) {
  const book = new RecognizedBook(month, expected);
  const read = await ahead.consume(book, progress);
  return {
    issues: read.issues,
    validator: { rowsRead: read.rowsRead, rowsRejected: read.rowsRejected },
    book,
  };
}
