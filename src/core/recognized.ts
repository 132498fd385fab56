// Aggregates the period's recognition entries per (deal, revenue type); other months are not kept.
import type { MonthIndex } from './dates.js';
import { reconKey } from './keys.js';
import type { Entry } from './records.js';

export interface RecognizedKey {
  dealId: string;
  typeKey: string;
  ids: string[];
  amounts: number[];
  currencies: string[];
}

export class RecognizedBook {
  readonly keys = new Map<string, RecognizedKey>();
  entriesInPeriod = 0;
  /** Share one string per currency code across millions of entries. */
  private readonly currencyNames = new Map<string, string>();

  constructor(private readonly period: MonthIndex) {}

  add(entry: Entry): void {
    if (entry.period !== this.period) return;
    this.entriesInPeriod++;
    const key = reconKey(entry.dealId, entry.typeKey);
    let acc = this.keys.get(key);
    if (!acc) {
      acc = { dealId: entry.dealId, typeKey: entry.typeKey, ids: [], amounts: [], currencies: [] };
      this.keys.set(key, acc);
    }
    let currency = this.currencyNames.get(entry.currency);
    if (currency === undefined) this.currencyNames.set(entry.currency, (currency = entry.currency));
    acc.ids.push(entry.entryId);
    acc.amounts.push(entry.amount);
    acc.currencies.push(currency);
  }
}
