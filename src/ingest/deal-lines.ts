// Validates deal-line rows (SPEC §2, §6): each becomes a DealLine or data-quality lines, never an exception.
import type { EngineRules } from '../config/engine-settings.js';
import type { DataQualityIssue, DealLine, DealLineRow } from '../core/records.js';
import { CurrencyReader, TypeResolver, dateField, moneyField } from './fields.js';
import { MalformedRow, type SourceRow } from '../sources/record-source.js';
import { malformedRowIssue, RowProblems, text } from './row-problems.js';
import { KeyDirectory, ownString } from '../core/key-directory.js';

const INTEGER = /^\+?\d+$/;


export class DealLineValidator {
  private seenLines: (string | string[] | Set<string> | undefined)[] = [];
  /** slot → currency of the key's first accepted line (a later line in another currency is rejected). */
  private keyCurrency: string[] = [];
  private readonly types: TypeResolver;
  private readonly currencies = new CurrencyReader();
  private readonly problems = new RowProblems();
  rowsRead = 0;
  rowsRejected = 0;

  constructor(
    rules: EngineRules,
    private readonly issues: DataQualityIssue[],
    /** Shared with the books, so deal_ids and keys are numbered once. */
    readonly directory: KeyDirectory = new KeyDirectory(),
  ) {
    this.types = new TypeResolver(rules.types);
  }

  /** Like accept(), for a row the source may have been unable to split into fields. */
  acceptRow(row: SourceRow<DealLineRow>): DealLine | undefined {
    if (!(row instanceof MalformedRow)) return this.accept(row);
    const rowNumber = ++this.rowsRead;
    this.rowsRejected++;
    this.issues.push(malformedRowIssue('deals', rowNumber, row.raw, row.problem));
    return undefined;
  }

  /** Returns the validated line, or undefined when the row was rejected (its problems are recorded). */
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

    const hasLineId = dealNo !== -1 && lineId !== '';
    if (hasLineId && this.lineSeen(dealNo, lineId)) {
      problems.reject('line_id', row.line_id, `deal line ${dealId}/${lineId} seen before; the first row is kept`);
    }

    if (!problems.rejected && type && currency) {
      const slot = dir.slot(dealNo, dir.typeNo(type.key));
      const earlier = this.keyCurrency[slot];
      if (earlier !== undefined && earlier !== '' && earlier !== currency) {
        problems.reject('currency', row.currency, `currency ${currency} differs from ${earlier} on an earlier ${type.name} line of deal ${dealId}`);
      } else {
        while (this.keyCurrency.length < slot) this.keyCurrency.push('');
        this.keyCurrency[slot] = currency;
      }
    }

    // Recorded only now: a row rejected for any reason (the currency check above included) is not "the first row kept".
    if (hasLineId && !problems.rejected) this.addLine(dealNo, lineId);

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

  /**
   * Drops the line-id and key-currency memory once the file is read (both only judge later rows):
   * about 85 MB at a million deals that would otherwise stay live through reconcile and reports.
   */
  release(): void {
    this.seenLines = [];
    this.keyCurrency = [];
  }


  /** Line ids per deal: one string, then a short array, then a Set for a deal with very many lines. */
  private lineSeen(dealNo: number, lineId: string): boolean {
    const seen = this.seenLines[dealNo];
    if (seen === undefined) return false;
    if (typeof seen === 'string') return seen === lineId;
    if (Array.isArray(seen)) return seen.includes(lineId);
    return seen.has(lineId);
  }

  private addLine(dealNo: number, lineId: string): void {
    while (this.seenLines.length < dealNo) this.seenLines.push(undefined);
    const seen = this.seenLines[dealNo];
    const own = ownString(lineId);
    if (seen === undefined) this.seenLines[dealNo] = own;
    else if (typeof seen === 'string') this.seenLines[dealNo] = [seen, own];
    else if (Array.isArray(seen)) {
      if (seen.length < 16) seen.push(own);
      else this.seenLines[dealNo] = new Set([...seen, own]);
    } else seen.add(own);
  }
}
