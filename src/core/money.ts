// Exact money: amounts are integers in the currency's minor unit (ISO 4217 digits), parsed from text.

/**
 * ISO 4217 minor units where they are not 2 (list one, 2025). Intl's digits are CLDR's, which differ
 * for some codes (IDR, HUF, COP, PKR... 0 in CLDR, 2 in ISO; IQD 0, not 3): the rules use ISO's (docs/rules.md §1).
 */
const ISO_MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ...[
    'BIF',
    'CLP',
    'DJF',
    'GNF',
    'ISK',
    'JPY',
    'KMF',
    'KRW',
    'PYG',
    'RWF',
    'UGX',
    'UYI',
    'VND',
    'VUV',
    'XAF',
    'XOF',
    'XPF',
  ].map((c) => [c, 0] as const),
  ...['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((c) => [c, 3] as const),
  ...['CLF', 'UYW'].map((c) => [c, 4] as const),
]);

/** Active ISO 4217 codes Intl (CLDR) does not list: fund codes and the newest ones. */
const ISO_ONLY_CODES = ['BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW', 'VED', 'XUA'];

let isoCodes: Set<string> | undefined;

/** True when `code` is an active ISO 4217 currency code (upper case). */
export function isIsoCurrency(code: string): boolean {
  isoCodes ??= new Set([...Intl.supportedValuesOf('currency'), ...ISO_ONLY_CODES]);
  return isoCodes.has(code);
}

/** The most minor-unit digits any currency has (CLF, UYW): a setting in currency units must be exact in it too. */
export const MAX_CURRENCY_DIGITS = Math.max(...ISO_MINOR_UNITS.values());

/** Minor-unit digits of an ISO 4217 currency: USD 2, JPY 0, BHD 3, CLF 4. */
export function currencyDigits(code: string): number {
  return ISO_MINOR_UNITS.get(code) ?? 2;
}

/**
 * Sums are exact integers only up to 2^53 - 1 minor units (90 trillion USD): a run whose totals go
 * past that fails with this error rather than publish rounded money.
 */
export class AmountRangeError extends Error {
  override name = 'AmountRangeError';

  constructor(what: string) {
    super(`amounts too large to add exactly: ${what} passes ${Number.MAX_SAFE_INTEGER} minor units`);
  }
}

/** True while `sum` is still an exact integer of minor units. */
export function isExactSum(sum: number): boolean {
  return sum <= Number.MAX_SAFE_INTEGER && sum >= -Number.MAX_SAFE_INTEGER;
}

export type ParsedMoney = { ok: true; minor: number; rounded: boolean } | { ok: false; problem: string };

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Parses a plain decimal ("1234.5", "-0.05", "1000.0000") into minor units.
 * Digits beyond the currency's precision that are zeros (SQL decimal(18,4) text) are exact;
 * non-zero ones are rounded half away from zero and reported, so the caller can flag the row.
 */
export function parseMoney(text: string, digits: number): ParsedMoney {
  const trimmed = text.trim();
  const m = DECIMAL.exec(trimmed);
  if (!m || (m[2] === '' && (m[3] ?? '') === ''))
    return { ok: false, problem: `not a decimal number: "${text}"` };
  const sign = m[1] === '-' ? -1 : 1;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  const kept = frac.slice(0, digits).padEnd(digits, '0');
  const dropped = frac.slice(digits);
  let minor = Number((whole === '' ? '0' : whole) + kept);
  if (!Number.isSafeInteger(minor)) return { ok: false, problem: `amount out of range: "${text}"` };
  const rounded = /[1-9]/.test(dropped);
  if (rounded && dropped.charCodeAt(0) >= 53 /* '5' */) minor += 1;
  return { ok: true, minor: sign * minor || 0, rounded };
}

/** Plain decimal for CSV: no separators, the currency's digits ("-1234.50", "1000" for JPY). */
export function formatMinor(minor: number, digits: number): string {
  const negative = minor < 0;
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const body = digits === 0 ? whole : `${whole}.${abs.slice(abs.length - digits)}`;
  return negative ? `-${body}` : body;
}

/**
 * Human form for explanations and dashboards: "1,234.50". The thousands are cut by slicing, not by a
 * regular expression over a split: every explanation of a million-deal month calls this.
 */
export function formatMinorReadable(minor: number, digits: number): string {
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const wholeEnd = abs.length - digits;
  const head = wholeEnd % 3 || 3;
  let grouped = abs.slice(0, head);
  for (let i = head; i < wholeEnd; i += 3) grouped += `,${abs.slice(i, i + 3)}`;
  const body = digits === 0 ? grouped : `${grouped}.${abs.slice(wholeEnd)}`;
  return minor < 0 ? `-${body}` : body;
}

/** round(numerator / denominator) half away from zero, exact for any safe integers. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** V*n/D rounded half-up, in plain numbers while every step is exact, else in BigInt. */
export function proportion(value: number, n: number, d: number): number {
  // 2*V*n + D must be exact too, not only V*n: near 2^53 it rounds to an even number and the
  // quotient with it (a contract of 2^53 - 1 minor units over 1 month came out as 2^53).
  const twice = 2 * value * n + d;
  if (Number.isSafeInteger(twice) && value >= 0) return Math.floor(twice / (2 * d));
  return Number(divRoundHalfUp(BigInt(value) * BigInt(n), BigInt(d)));
}
