// Field parsers shared by both record kinds: each returns the value or records why it cannot.
import { currencyDigits, isIsoCurrency, parseMoney } from '../core/money.js';
import { parseIsoDate, type EpochDay } from '../core/dates.js';
import type { EngineRules } from '../core/engine-settings.js';
import { RowProblems, text } from './row-problems.js';
import { ownString } from '../books/memory.js';

export function currencyField(raw: string | null | undefined, problems: RowProblems): string | undefined {
  const value = text(raw).toUpperCase();
  if (value === '') return 'USD';
  if (!isIsoCurrency(value)) {
    problems.reject('currency', raw, `not an ISO 4217 currency code: "${text(raw)}"`);
    return undefined;
  }
  return value;
}

/** Money in the currency's minor units; rounding beyond its digits is kept but flagged. */
export function moneyField(
  field: string,
  raw: string | null | undefined,
  currency: string | undefined,
  problems: RowProblems,
): number | undefined {
  const value = text(raw);
  if (value === '') {
    problems.reject(field, raw, `${field} is missing`);
    return undefined;
  }
  const digits = currency === undefined ? 2 : currencyDigits(currency);
  const fast = plainMinor(value, digits);
  if (fast !== undefined) return fast;
  const parsed = parseMoney(value, digits);
  if (!parsed.ok) {
    problems.reject(field, raw, parsed.problem);
    return undefined;
  }
  if (parsed.rounded) {
    problems.flag(
      field,
      raw,
      `more decimals than ${currency ?? 'the currency'} has (${digits}); rounded half-up`,
    );
  }
  return parsed.minor;
}

export function dateField(
  field: string,
  raw: string | null | undefined,
  problems: RowProblems,
): EpochDay | undefined | null {
  const value = text(raw);
  if (value === '') return null;
  const day = parseIsoDate(value);
  if (day === undefined) problems.reject(field, raw, `not a calendar date (YYYY-MM-DD): "${value}"`);
  return day;
}

/**
 * The common "-1234.50" without rounding, by char codes: the hot path of both files. Undefined sends
 * anything else (more decimals than the currency has, 16+ digits, odd text) to parseMoney.
 */
function plainMinor(value: string, digits: number): number | undefined {
  const len = value.length;
  let i = 0;
  let sign = 1;
  const first = value.charCodeAt(0);
  if (first === 45 /* - */) {
    sign = -1;
    i = 1;
  } else if (first === 43 /* + */) i = 1;
  let minor = 0;
  let count = 0;
  let frac = -1;
  for (; i < len; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 /* . */) {
      if (frac !== -1) return undefined;
      frac = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return undefined;
    minor = minor * 10 + d;
    count++;
    if (frac !== -1) frac++;
  }
  if (count === 0 || count > 15 || frac > digits) return undefined;
  for (let k = frac === -1 ? 0 : frac; k < digits; k++) minor *= 10;
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign * minor || 0;
}

/** Raw revenue_type texts remembered with their lookup; a file uses a handful of spellings. */
const TYPE_CACHE_LIMIT = 256;

export interface ResolvedType {
  name: string;
  category: 'recurring' | 'one_time';
  /** Lower-cased configured name: half of the reconciliation key. */
  key: string;
}

/** Spellings looked up by scanning rather than hashing (the first ones a file uses). */
const TYPE_SCAN_LIMIT = 16;

/** Revenue type text → its configured type (case-insensitive), cached per spelling for the hot path. */
export class TypeResolver {
  /**
   * Each row's type text is a fresh string: a Map would hash it every time, while comparing it
   * with the few spellings seen so far is mostly a length check.
   */
  private readonly scanTexts: string[] = [];
  private readonly scanTypes: (ResolvedType | null)[] = [];
  private readonly cache = new Map<string, ResolvedType | null>();

  constructor(private readonly types: EngineRules['types']) {}

  resolve(typeText: string): ResolvedType | undefined {
    const texts = this.scanTexts;
    for (let i = 0; i < texts.length; i++) if (texts[i] === typeText) return this.scanTypes[i] ?? undefined;
    const cached = this.cache.get(typeText);
    if (cached !== undefined) return cached ?? undefined;
    const type = this.types.get(typeText.toLowerCase());
    const resolved = type ? { ...type, key: type.name.toLowerCase() } : null;
    if (texts.length < TYPE_SCAN_LIMIT) {
      texts.push(ownString(typeText));
      this.scanTypes.push(resolved);
    } else if (this.cache.size < TYPE_CACHE_LIMIT) this.cache.set(typeText, resolved);
    return resolved ?? undefined;
  }
}

/** currencyField with the last good answer remembered: consecutive rows nearly always repeat the currency. */
export class CurrencyReader {
  private lastRaw: string | null | undefined = null;
  private last = 'USD';

  read(raw: string | null | undefined, problems: RowProblems): string | undefined {
    if (raw === this.lastRaw) return this.last;
    const currency = currencyField(raw, problems);
    if (currency !== undefined) {
      this.lastRaw = raw;
      this.last = currency;
    }
    return currency;
  }
}
