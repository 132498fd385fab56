// Validates history rows (docs/rules.md §7): entry-shaped or aggregated, each becomes a HistoryAmount or data-quality lines.
import type { EngineRules } from '../core/engine-settings.js';
import { formatPeriod, parseMonthOrDate, type MonthIndex } from '../core/dates.js';
import type { DataQualityIssue, HistoryAmount, HistoryRow } from '../core/records.js';
import { moneyField } from './fields.js';
import { IdSet } from './id-set.js';
import { text } from './row-problems.js';
import { RowValidator } from './row-validator.js';

const COUNT = /^\+?\d+$/;

export class HistoryValidator extends RowValidator<HistoryRow, HistoryAmount> {
  /** entry_ids of accepted entry-shaped rows: the period's entries are judged against them too (one namespace). */
  readonly seenIds = new IdSet();
  /** Rows of the period or later, left out (a history export that ran past the period's start). */
  rowsIgnored = 0;

  constructor(
    rules: EngineRules,
    issues: DataQualityIssue[],
    private readonly period: MonthIndex,
  ) {
    super('history', rules, issues);
  }

  accept(row: HistoryRow): HistoryAmount | undefined {
    const rowNumber = ++this.rowsRead;
    const problems = this.problems;
    problems.clear();
    // recognition_period present (a column of the file or query, even empty) makes the row entry-shaped.
    const entryShaped = row.recognition_period !== undefined && row.recognition_period !== null;
    const dealId = text(row.deal_id);
    const entryId = text(row.entry_id);
    let added = false;
    let ignored = false;
    let entryCount = 1;
    if (entryShaped) {
      if (entryId === '') problems.reject('entry_id', row.entry_id, 'entry_id is missing');
      const periodText = text(row.recognition_period);
      const month = periodText === '' ? undefined : parseMonthOrDate(periodText);
      if (periodText === '')
        problems.reject('recognition_period', row.recognition_period, 'recognition_period is missing');
      else if (month === undefined)
        problems.reject(
          'recognition_period',
          row.recognition_period,
          `not a month (YYYY-MM) or date: "${periodText}"`,
        );
      else if (month >= this.period) {
        ignored = true;
        problems.reject(
          'recognition_period',
          row.recognition_period,
          `${formatPeriod(month)} is not before ${formatPeriod(this.period)}: history holds earlier months only; row ignored`,
        );
      }
    } else {
      if (dealId === '') problems.reject('deal_id', row.deal_id, 'deal_id is missing');
      const countText = text(row.entry_count);
      if (countText !== '') {
        if (!COUNT.test(countText) || Number(countText) < 1)
          problems.reject(
            'entry_count',
            row.entry_count,
            `entry_count must be a whole number >= 1, not "${countText}"`,
          );
        else entryCount = Number(countText);
      }
    }

    const typeText = text(row.revenue_type);
    const type = this.types.resolve(typeText);
    if (typeText === '')
      problems.flag('revenue_type', row.revenue_type, 'revenue_type is missing; kept under category unknown');
    else if (!type) problems.reject('revenue_type', row.revenue_type, `unknown revenue type "${typeText}"`);

    const currency = this.currencies.read(row.currency, problems);
    const amount = moneyField('recognized_amount', row.recognized_amount, currency, problems);

    // Last, so a row rejected for another reason does not take the id (the first row kept is a good one).
    if (entryShaped && entryId !== '' && !problems.rejected) {
      added = this.seenIds.add(entryId);
      if (!added)
        problems.reject('entry_id', row.entry_id, `entry_id ${entryId} seen before; the first row is kept`);
    }

    if (problems.items.length > 0) {
      const rowKey = entryShaped
        ? entryId === ''
          ? `row ${rowNumber}`
          : entryId
        : dealId === ''
          ? `row ${rowNumber}`
          : `${dealId}/${typeText}/${text(row.currency) || 'USD'}`;
      for (const issue of problems.toIssues('history', rowNumber, rowKey)) this.issues.push(issue);
    }
    if (problems.rejected || amount === undefined || currency === undefined) {
      if (ignored) this.rowsIgnored++;
      else this.rowsRejected++;
      return undefined;
    }
    return { dealId, typeKey: type ? type.key : '', amount, currency, entryCount };
  }

  /** The ids stay: the period's entries are checked against them after the history is read. */
  release(): void {}
}
