// Reads both inputs of a period from a source and reconciles them: the engine's one entry for I/O callers.
import { compileRules, type EngineRules, type EngineSettings } from '../core/engine-settings.js';
import { parsePeriod, type MonthIndex } from '../core/dates.js';
import { ExpectedBook } from '../books/expected.js';
import { KeyDirectory } from '../books/key-directory.js';
import { RecognizedBook } from '../books/recognized.js';
import { reconcile, type ReconResult } from '../engine/reconcile.js';
import type { DataQualityIssue } from '../core/records.js';
import { computeLifeToDate, type LifeToDate, type PreviousOpenItems } from '../engine/life-to-date.js';
import { HistoryBook, LtdExpectedBook } from '../books/ltd-book.js';
import type { InputCounts } from '../reports/run-report.js';
import { DealLineValidator } from '../ingest/deal-lines.js';
import type { RowValidator } from '../ingest/row-validator.js';
import { EntriesAlongside, type BookedHistory } from './entries-alongside.js';
import { readWithRestart } from './read-with-restart.js';
import {
  periodWindow,
  type EntriesAhead,
  type PeriodWindow,
  type ReadProgress,
  type RecordSource,
  type SourceError,
  type SourceRow,
} from './ports/record-source.js';
import type { Logger } from './ports/logger.js';
import { stage } from './run-telemetry.js';

export type { InputCounts };

export interface Reconciliation {
  period: string;
  month: MonthIndex;
  rules: EngineRules;
  result: ReconResult;
  dataQuality: DataQualityIssue[];
  inputs: InputCounts;
  /** Life to date, open items and aging: only when the source has history (docs/rules.md §7). */
  lifeToDate?: LifeToDate;
}

export interface ReconcileOptions {
  /** The open items of the last completed run of P-1, which date this run's continuing items. */
  previousOpenItems?: PreviousOpenItems;
  /** Told of every restart of a broken read. */
  log?: Logger;
  /** Classify matched keys in full instead of on the fast path (see ReconInput; for tests). */
  classifyEveryKey?: boolean;
}

export async function reconcileSource(
  source: RecordSource,
  period: string,
  settings: EngineSettings,
  progress?: ReadProgress,
  options: ReconcileOptions = {},
): Promise<Reconciliation> {
  const month = parsePeriod(period);
  if (month === undefined) throw new Error(`period must be YYYY-MM, not "${period}"`);
  const rules = compileRules(settings);
  const window = periodWindow(month, period);
  const withHistory = source.history !== undefined;

  // A stream that broke after rows went out is read again from the start; each restart is logged.
  const restart = (which: 'deals' | 'entries' | 'history') => ({
    onRestart: (error: SourceError, attempt: number) =>
      options.log?.warn('source read broke off; reading it again from the start', {
        source: which,
        attempt,
        next_attempt: attempt + 1,
        reason: error.message,
      }),
  });
  // The history and the entries are read while the deals are: on a reading thread when the source
  // offers one, else alongside on this thread; the history first, since the period's entries are
  // judged against its entry ids, unless it has none (aggregated, on the thread: historyLast). Both
  // are booked once the deals are in.
  const ahead = source.entriesAhead?.(settings, month);
  const alongside = ahead ? undefined : new EntriesAlongside(source, window, month, rules, progress, restart);
  /** Ends the reads still under way (a step before them failed); a finished read is left as it is. */
  const stopReads = async () => {
    await ahead?.stop();
    alongside?.stop();
  };
  let deals: Awaited<ReturnType<typeof readDeals>>;
  try {
    deals = await stage('read.deals', () =>
      readWithRestart(() => readDeals(source, window, month, rules, progress, withHistory), restart('deals')),
    );
  } catch (error) {
    await stopReads();
    throw error;
  }
  // An aggregated history read on the thread after the entries (EntriesAhead.historyLast) is booked
  // after the month is reconciled, which needs none of it: the thread reads it meanwhile.
  const historyLast = withHistory && ahead?.historyLast === true;
  const readHistory = () =>
    stage('read.history', () =>
      ahead ? readHistoryAhead(ahead, deals.book, progress) : alongside!.bookHistory(deals.book),
    );
  let history: BookedHistory | undefined;
  try {
    history = withHistory && !historyLast ? await readHistory() : undefined;
  } catch (error) {
    // The entries read may be under way by now (after the history's): it is not wanted any more.
    await stopReads();
    throw error;
  }
  const entries = await stage('read.entries', () =>
    ahead ? readEntriesAhead(ahead, month, deals.book, progress) : alongside!.book(deals.book),
  );
  let result: ReconResult;
  try {
    result = await stage('reconcile', async () =>
      reconcile({
        period: month,
        rules,
        expected: deals.book,
        recognized: entries.book,
        classifyEveryKey: options.classifyEveryKey,
      }),
    );
  } catch (error) {
    // A history still being read after the entries (historyLast) is not wanted any more.
    await stopReads();
    throw error;
  }
  if (historyLast) history = await readHistory();
  const lifeToDate =
    history && deals.ltd
      ? await stage('life-to-date', async () =>
          computeLifeToDate({
            period: month,
            rules,
            expected: deals.book,
            recognized: entries.book,
            ltdExpected: deals.ltd,
            history: history.book,
            result,
            ...(options.previousOpenItems ? { previous: options.previousOpenItems } : {}),
          }),
        )
      : undefined;
  const dataQuality = [...deals.issues, ...(history?.issues ?? []), ...entries.issues];
  return {
    period,
    month,
    rules,
    result,
    dataQuality,
    ...(lifeToDate ? { lifeToDate } : {}),
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
      ...(history
        ? {
            history: {
              source: source.description,
              rows_read: history.validator.rowsRead,
              rows_rejected: history.validator.rowsRejected,
              rows_ignored: history.validator.rowsIgnored,
            },
          }
        : {}),
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
  lifeToDate = false,
) {
  const issues: DataQualityIssue[] = [];
  // One KeyDirectory numbers deal_ids and keys for the validator and both books.
  const directory = new KeyDirectory();
  const book = new ExpectedBook(month, rules.settings.proration, directory);
  const validator = new DealLineValidator(rules, issues, book);
  if (!lifeToDate) {
    await validateInto(source.deals(window, progress), validator, (line) => book.add(line));
    return { issues, validator, book, ltd: undefined };
  }
  const ltd = new LtdExpectedBook(month, rules.settings.proration);
  await validateInto(source.deals(window, progress), validator, (line) => ltd.add(line, book.add(line)));
  return { issues, validator, book, ltd };
}

/** The history the reading thread read ahead (the same validator), booked now that the deals are in. */
async function readHistoryAhead(ahead: EntriesAhead, expected: ExpectedBook, progress?: ReadProgress) {
  const book = new HistoryBook(expected);
  const { issues, ...validator } = await ahead.consumeHistory(book, progress);
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
