// Validates recognition-entry rows (SPEC §2, §6): each becomes an Entry or data-quality lines.
import type { EngineRules } from '../config/engine-settings.js';
import { parseMonthOrDate } from '../core/dates.js';
import type { DataQualityIssue, Entry, EntryRow } from '../core/records.js';
import { currencyField, moneyField } from './fields.js';
import { MalformedRow, type SourceRow } from '../sources/record-source.js';
import { RowProblems, text } from './row-problems.js';

export class EntryValidator {
  private readonly seenIds = new Set<string>();
  rowsRead = 0;
  rowsRejected = 0;

  constructor(
    private readonly rules: EngineRules,
    private readonly issues: DataQualityIssue[],
  ) {}

  /** Like accept(), for a row the source may have been unable to split into fields. */
  acceptRow(row: SourceRow<EntryRow>): Entry | undefined {
    if (!(row instanceof MalformedRow)) return this.accept(row);
    const rowNumber = ++this.rowsRead;
    this.rowsRejected++;
    this.issues.push({ source: 'entries', rowNumber, rowKey: `row ${rowNumber}`, field: '(row)', value: row.raw, problem: row.problem, action: 'rejected' });
    return undefined;
  }

  accept(row: EntryRow): Entry | undefined {
    const rowNumber = ++this.rowsRead;
    const problems = new RowProblems();
    const entryId = text(row.entry_id);
    if (entryId === '') problems.reject('entry_id', row.entry_id, 'entry_id is missing');
    else if (this.seenIds.has(entryId)) problems.reject('entry_id', row.entry_id, `entry_id ${entryId} seen before; the first row is kept`);

    const typeText = text(row.revenue_type);
    const type = this.rules.types.get(typeText.toLowerCase());
    if (typeText === '') problems.flag('revenue_type', row.revenue_type, 'revenue_type is missing; kept under category unknown');
    else if (!type) problems.reject('revenue_type', row.revenue_type, `unknown revenue type "${typeText}"`);

    const periodText = text(row.recognition_period);
    const period = periodText === '' ? undefined : parseMonthOrDate(periodText);
    if (periodText === '') problems.reject('recognition_period', row.recognition_period, 'recognition_period is missing');
    else if (period === undefined) problems.reject('recognition_period', row.recognition_period, `not a month (YYYY-MM) or date: "${periodText}"`);

    const currency = currencyField(row.currency, problems);
    const amount = moneyField('recognized_amount', row.recognized_amount, currency, problems);

    if (problems.items.length > 0) {
      for (const issue of problems.toIssues('entries', rowNumber, entryId === '' ? `row ${rowNumber}` : entryId)) this.issues.push(issue);
    }
    if (problems.rejected || period === undefined || amount === undefined || currency === undefined) {
      this.rowsRejected++;
      return undefined;
    }
    this.seenIds.add(entryId);
    return { entryId, dealId: text(row.deal_id), typeKey: type ? type.name.toLowerCase() : '', period, amount, currency };
  }
}
