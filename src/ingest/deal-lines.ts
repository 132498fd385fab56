// Validates deal-line rows (SPEC §2, §6): each becomes a DealLine or data-quality lines, never an exception.
import type { EngineRules } from '../config/engine-settings.js';
import type { DataQualityIssue, DealLine, DealLineRow } from '../core/records.js';
import { currencyField, dateField, moneyField } from './fields.js';
import { MalformedRow, type SourceRow } from '../sources/record-source.js';
import { RowProblems, text } from './row-problems.js';

const INTEGER = /^\+?\d+$/;

export class DealLineValidator {
  /** Every deal_id seen in any row, valid or not: the deals source "as a whole". */
  readonly knownDeals = new Set<string>();
  private readonly seenLines = new Set<string>();
  private readonly keyCurrency = new Map<string, string>();
  rowsRead = 0;
  rowsRejected = 0;

  constructor(
    private readonly rules: EngineRules,
    private readonly issues: DataQualityIssue[],
  ) {}

  /** Like accept(), for a row the source may have been unable to split into fields. */
  acceptRow(row: SourceRow<DealLineRow>): DealLine | undefined {
    if (!(row instanceof MalformedRow)) return this.accept(row);
    const rowNumber = ++this.rowsRead;
    this.rowsRejected++;
    this.issues.push({ source: 'deals', rowNumber, rowKey: `row ${rowNumber}`, field: '(row)', value: row.raw, problem: row.problem, action: 'rejected' });
    return undefined;
  }

  /** Returns the validated line, or undefined when the row was rejected (its problems are recorded). */
  accept(row: DealLineRow): DealLine | undefined {
    const rowNumber = ++this.rowsRead;
    const problems = new RowProblems();
    const dealId = text(row.deal_id);
    const lineId = text(row.line_id);
    if (dealId === '') problems.reject('deal_id', row.deal_id, 'deal_id is missing');
    else this.knownDeals.add(dealId);

    const typeText = text(row.revenue_type);
    const type = this.rules.types.get(typeText.toLowerCase());
    if (typeText === '') problems.reject('revenue_type', row.revenue_type, 'revenue_type is missing');
    else if (!type) problems.reject('revenue_type', row.revenue_type, `unknown revenue type "${typeText}"`);

    const currency = currencyField(row.currency, problems);
    const contractValue = moneyField('contract_value', row.contract_value, currency, problems);
    if (contractValue !== undefined && contractValue < 0) {
      problems.reject('contract_value', row.contract_value, 'contract_value is negative');
    }

    const durationText = text(row.duration_months);
    let durationMonths = 1;
    if (durationText === '') {
      if (type?.category === 'recurring') problems.reject('duration_months', row.duration_months, 'duration_months is missing');
    } else if (!INTEGER.test(durationText) || Number(durationText) < 1) {
      problems.reject('duration_months', row.duration_months, `duration_months must be a whole number >= 1, not "${durationText}"`);
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

    if (dealId !== '' && lineId !== '') {
      const lineKey = `${dealId}\u0000${lineId}`;
      if (this.seenLines.has(lineKey)) problems.reject('line_id', row.line_id, `deal line ${dealId}/${lineId} seen before; the first row is kept`);
      else if (!problems.rejected) this.seenLines.add(lineKey);
    }

    if (!problems.rejected && type && currency) {
      const key = `${dealId}\u0000${type.name.toLowerCase()}`;
      const earlier = this.keyCurrency.get(key);
      if (earlier !== undefined && earlier !== currency) {
        problems.reject('currency', row.currency, `currency ${currency} differs from ${earlier} on an earlier ${type.name} line of deal ${dealId}`);
      } else {
        this.keyCurrency.set(key, currency);
      }
    }

    if (problems.items.length > 0) {
      const rowKey = dealId === '' ? `row ${rowNumber}` : lineId === '' ? dealId : `${dealId}/${lineId}`;
      for (const issue of problems.toIssues('deals', rowNumber, rowKey)) this.issues.push(issue);
    }
    if (problems.rejected || !type || currency === undefined || contractValue === undefined || typeof startDate !== 'number') {
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
      typeKey: type.name.toLowerCase(),
      category: type.category,
      contractValue,
      currency,
      durationMonths,
      bookingDate: bookingDate ?? undefined,
      startDate,
      closeDate: closeDate ?? undefined,
    };
  }
}
