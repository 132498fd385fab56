// Sums what each (deal, revenue type) should recognize in the period, keeping what explanations need.
import type { MonthIndex } from './dates.js';
import { reconKey } from './keys.js';
import type { DealLine } from './records.js';
import { lineShare, type Proration } from './schedule.js';

export interface DealInfo {
  customerId: string;
  customerName: string;
  segment: string;
  /** Currency of the deal's first valid line: used for a type the deal never booked. */
  currency: string;
}

export interface ExpectedKey {
  dealId: string;
  typeKey: string;
  category: 'recurring' | 'one_time';
  currency: string;
  expected: number;
  lineCount: number;
  /** Lines contributing in the period (non-zero share). */
  activeLines: number;
  /** Month of contract and duration when one recurring line is active: "month 4 of 12". */
  monthNumber?: number;
  durationMonths?: number;
  firstMonth: MonthIndex;
  lastMonth: MonthIndex;
}

export class ExpectedBook {
  readonly keys = new Map<string, ExpectedKey>();
  readonly deals = new Map<string, DealInfo>();

  constructor(
    private readonly period: MonthIndex,
    private readonly proration: Proration,
  ) {}

  add(line: DealLine): void {
    if (!this.deals.has(line.dealId)) {
      this.deals.set(line.dealId, {
        customerId: line.customerId,
        customerName: line.customerName,
        segment: line.segment,
        currency: line.currency,
      });
    }
    const share = lineShare(line, this.period, this.proration);
    const key = reconKey(line.dealId, line.typeKey);
    let entry = this.keys.get(key);
    if (!entry) {
      entry = {
        dealId: line.dealId,
        typeKey: line.typeKey,
        category: line.category,
        currency: line.currency,
        expected: 0,
        lineCount: 0,
        activeLines: 0,
        firstMonth: share.firstMonth,
        lastMonth: share.lastMonth,
      };
      this.keys.set(key, entry);
    }
    entry.lineCount++;
    entry.firstMonth = Math.min(entry.firstMonth, share.firstMonth);
    entry.lastMonth = Math.max(entry.lastMonth, share.lastMonth);
    if (share.amount === 0) return;
    entry.expected += share.amount;
    entry.activeLines++;
    if (entry.activeLines === 1 && line.category === 'recurring') {
      entry.monthNumber = share.monthNumber;
      entry.durationMonths = line.durationMonths;
    } else {
      entry.monthNumber = undefined;
      entry.durationMonths = undefined;
    }
  }
}
