// Validates recognition-entry rows (docs/rules.md §1, §6): each becomes an Entry or data-quality lines.
import type { EngineRules } from '../core/engine-settings.js';
import { parseMonthOrDate } from '../core/dates.js';
import type { DataQualityIssue, Entry, EntryRow } from '../core/records.js';
import { moneyField } from './fields.js';
import { IdSet } from './id-set.js';
import { text } from './row-problems.js';
import { RowValidator } from './row-validator.js';

export class EntryValidator extends RowValidator<EntryRow, Entry> {
  private seenIds = new IdSet();

  constructor(
    rules: EngineRules,
    issues: DataQualityIssue[],
    /** entry_ids the history already holds (docs/rules.md §7: one namespace, history first). */
    private readonly historyIds?: IdSet,
  ) {
    super('entries', rules, issues);
  }

  /** An estimate of the rows to come (a reader that knows its file's size): the id set is sized for them. */
  expectRows(count: number): void {
    this.seenIds.expect(count);
  }

  accept(row: EntryRow): Entry | undefined {
    const rowNumber = ++this.rowsRead;
    const problems = this.problems;
    problems.clear();
    const entryId = text(row.entry_id);
    // One Set operation per entry: add now, and take the id back out if the row ends up rejected.
    let added = false;
    if (entryId === '') problems.reject('entry_id', row.entry_id, 'entry_id is missing');
    else if (this.historyIds?.has(entryId))
      problems.reject(
        'entry_id',
        row.entry_id,
        `entry_id ${entryId} seen before in the history; the first row is kept`,
      );
    else {
      added = this.seenIds.add(entryId);
      if (!added)
        problems.reject('entry_id', row.entry_id, `entry_id ${entryId} seen before; the first row is kept`);
    }

    const typeText = text(row.revenue_type);
    const type = this.types.resolve(typeText);
    if (typeText === '')
      problems.flag('revenue_type', row.revenue_type, 'revenue_type is missing; kept under category unknown');
    else if (!type) problems.reject('revenue_type', row.revenue_type, `unknown revenue type "${typeText}"`);

    const periodText = text(row.recognition_period);
    const period = periodText === '' ? undefined : parseMonthOrDate(periodText);
    if (periodText === '')
      problems.reject('recognition_period', row.recognition_period, 'recognition_period is missing');
    else if (period === undefined)
      problems.reject(
        'recognition_period',
        row.recognition_period,
        `not a month (YYYY-MM) or date: "${periodText}"`,
      );

    const currency = this.currencies.read(row.currency, problems);
    const amount = moneyField('recognized_amount', row.recognized_amount, currency, problems);

    if (problems.items.length > 0) {
      for (const issue of problems.toIssues(
        'entries',
        rowNumber,
        entryId === '' ? `row ${rowNumber}` : entryId,
      ))
        this.issues.push(issue);
    }
    if (problems.rejected || period === undefined || amount === undefined || currency === undefined) {
      if (added) this.seenIds.removeLast();
      this.rowsRejected++;
      return undefined;
    }
    return { entryId, dealId: text(row.deal_id), typeKey: type ? type.key : '', period, amount, currency };
  }

  /** Drops the dedupe set once the file is read: millions of ids the reports no longer need it for. */
  release(): void {
    this.seenIds = new IdSet();
  }
}
