// The facts the rules read about one key, as plain values: what the books hand to classification.
import type { MonthIndex } from '../core/dates.js';

/** A deal as its first valid line describes it. */
export interface DealInfo {
  customerId: string;
  customerName: string;
  segment: string;
  /** Currency of the deal's first valid line: used for a type the deal never booked. */
  currency: string;
}

/** What a booked key should recognize in the period, and what its explanation needs. */
export interface ExpectedKey {
  dealId: string;
  typeKey: string;
  category: 'recurring' | 'one_time';
  currency: string;
  expected: number;
  lineCount: number;
  /** Lines contributing in the period (non-zero share). */
  activeLines: number;
  /** Month of contract and the calendar months of its schedule, when one recurring line is active: "month 4 of 12". */
  monthNumber?: number;
  scheduleMonths?: number;
  firstMonth: MonthIndex;
  lastMonth: MonthIndex;
}

/** The period's recognition entries of one key, in input order. */
export interface RecognizedKey {
  dealId: string;
  typeKey: string;
  ids: string[];
  amounts: number[];
  currencies: string[];
}

export interface KeyFacts {
  period: MonthIndex;
  dealId: string;
  typeKey: string;
  /** Known to the deals source as a whole: some accepted deal line names it, in any period. */
  dealKnown: boolean;
  /** The currency the key is compared in (the keyCurrency rule). */
  currency: string;
  deal?: DealInfo;
  expected?: ExpectedKey;
  recognized?: RecognizedKey;
}
