// The key-currency rule: which currency a key's amounts are compared in.
import type { RecognizedKey } from './facts.js';

/** The currency of a key nothing else names: no line, no deal, no entry. */
export const FALLBACK_CURRENCY = 'USD';

export interface KeyCurrencyFacts {
  /** The currency of the key's own deal lines, when the deal booked this revenue type. */
  booked?: string;
  /** The currency of the key's first recognition entry (this period's, else its history's). */
  firstEntry?: string;
  /** The currency of the deal's first valid line, when the deal has one. */
  dealCurrency?: string;
  /** Whether some valid line of the deal is in the first entry's currency. */
  dealBooksInFirstEntry: boolean;
}

/**
 * A booked key is compared in its lines' currency. A type the deal never booked takes its first
 * entry's currency when the deal books in it anywhere, else the deal's first line's. A deal nobody
 * booked (an orphan) takes its first entry's.
 */
export function keyCurrency(facts: KeyCurrencyFacts): string {
  if (facts.booked !== undefined) return facts.booked;
  const { firstEntry } = facts;
  if (firstEntry !== undefined && facts.dealBooksInFirstEntry) return firstEntry;
  return facts.dealCurrency ?? firstEntry ?? FALLBACK_CURRENCY;
}

/**
 * An orphan's entries, one part per currency in first-seen order: with no deal line to set its
 * currency, amounts of different currencies are never added up, and none is left out.
 */
export function orphanParts(key: RecognizedKey): RecognizedKey[] {
  const parts = new Map<string, RecognizedKey>();
  key.currencies.forEach((currency, i) => {
    let part = parts.get(currency);
    if (!part) {
      part = { dealId: key.dealId, typeKey: key.typeKey, ids: [], amounts: [], currencies: [] };
      parts.set(currency, part);
    }
    part.ids.push(key.ids[i]!);
    part.amounts.push(key.amounts[i]!);
    part.currencies.push(currency);
  });
  return [...parts.values()];
}
