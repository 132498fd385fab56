// Validates deal-line rows (docs/rules.md §1, §6): each becomes a DealLine or data-quality lines, never an exception.
import type { EngineRules } from '../core/engine-settings.js';
import type { DataQualityIssue, DealLine, DealLineRow } from '../core/records.js';
import { dateField, moneyField } from './fields.js';
import { text } from './row-problems.js';
import { RowValidator } from './row-validator.js';
import type { ExpectedBook } from '../books/expected.js';
import type { KeyDirectory } from '../books/key-directory.js';
import { LineIds } from './line-ids.js';

const INTEGER = /^\+?\d+$/;

export class DealLineValidator extends RowValidator<DealLineRow, DealLine> {
  private lineIds = new LineIds();
  readonly directory: KeyDirectory;

  constructor(
    rules: EngineRules,
    issues: DataQualityIssue[],
    /**
     * Where accepted lines are booked, before the next row is read: its directory numbers deal_ids
     * and keys, and a key's booked currency judges a later line of the key.
     */
    private readonly booked: ExpectedBook,
  ) {
    super('deals', rules, issues);
    this.directory = booked.directory;
  }

  accept(row: DealLineRow): DealLine | undefined {
    const rowNumber = ++this.rowsRead;
    const problems = this.problems;
    problems.clear();
    const dir = this.directory;
    const dealId = text(row.deal_id);
    const lineId = text(row.line_id);
    let dealNo = -1;
    if (dealId === '') problems.reject('deal_id', row.deal_id, 'deal_id is missing');
    // Numbered for the line-id check only: a deal is known to bookings through an accepted line (ExpectedBook.add).
    else dealNo = dir.deal(dealId, false);

    const typeText = text(row.revenue_type);
    const type = this.types.resolve(typeText);
    if (typeText === '') problems.reject('revenue_type', row.revenue_type, 'revenue_type is missing');
    else if (!type) problems.reject('revenue_type', row.revenue_type, `unknown revenue type "${typeText}"`);

    const currency = this.currencies.read(row.currency, problems);
    const contractValue = moneyField('contract_value', row.contract_value, currency, problems);
    if (contractValue !== undefined && contractValue < 0) {
      problems.reject('contract_value', row.contract_value, 'contract_value is negative');
    }

    const durationText = text(row.duration_months);
    let durationMonths = 1;
    if (durationText === '') {
      if (type?.category === 'recurring')
        problems.reject('duration_months', row.duration_months, 'duration_months is missing');
    } else if (!INTEGER.test(durationText) || Number(durationText) < 1) {
      problems.reject(
        'duration_months',
        row.duration_months,
        `duration_months must be a whole number >= 1, not "${durationText}"`,
      );
    } else {
      durationMonths = Number(durationText);
    }

    const bookingDate = dateField('booking_date', row.booking_date, problems);
    const startField = dateField('start_date', row.start_date, problems);
    const closeDate = dateField('close_date', row.close_date, problems);
    const startDate = startField ?? bookingDate;
    if (startField === null && bookingDate === null) {
      problems.reject('start_date', row.start_date, 'start_date and booking_date are both missing');
    }
    if (typeof closeDate === 'number' && typeof startDate === 'number' && closeDate < startDate) {
      problems.reject('close_date', row.close_date, 'close_date is before start_date');
    }

    const hasLineId = dealNo !== -1 && lineId !== '';
    if (hasLineId && this.lineIds.has(dealNo, lineId)) {
      problems.reject(
        'line_id',
        row.line_id,
        `deal line ${dealId}/${lineId} seen before; the first row is kept`,
      );
    }

    if (!problems.rejected && type && currency) {
      const earlier = this.booked.currencyOf(dir.slot(dealNo, dir.typeNo(type.key)));
      if (earlier !== undefined && earlier !== currency) {
        problems.reject(
          'currency',
          row.currency,
          `currency ${currency} differs from ${earlier} on an earlier ${type.name} line of deal ${dealId}`,
        );
      }
    }

    // Recorded only now: a row rejected for any reason (the currency check above included) is not "the first row kept".
    if (hasLineId && !problems.rejected) this.lineIds.add(dealNo, lineId);

    if (problems.items.length > 0) {
      const rowKey = dealId === '' ? `row ${rowNumber}` : lineId === '' ? dealId : `${dealId}/${lineId}`;
      for (const issue of problems.toIssues('deals', rowNumber, rowKey)) this.issues.push(issue);
    }
    if (
      problems.rejected ||
      !type ||
      currency === undefined ||
      contractValue === undefined ||
      typeof startDate !== 'number'
    ) {
      this.rowsRejected++;
      return undefined;
    }
    const segment = text(row.segment);
    return {
      dealId,
      lineId,
      customerId: text(row.customer_id),
      customerName: text(row.customer_name),
      segment: segment === '' ? 'Unassigned' : segment,
      typeKey: type.key,
      category: type.category,
      contractValue,
      currency,
      durationMonths,
      bookingDate: bookingDate ?? undefined,
      startDate,
      closeDate: closeDate ?? undefined,
    };
  }

  /** Drops the line-id memory once the file is read (it only judges later rows): tens of MB at a million deals. */
  release(): void {
    this.lineIds = new LineIds();
  }
}
