// Calendar dates and months as plain integers (epoch days, month indexes): no time zones involved.

/** Days since 1970-01-01 of a calendar date. */
export type EpochDay = number;
/** year * 12 + (month - 1): consecutive months are consecutive integers. */
export type MonthIndex = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
/** English month names, January first: the one table explanations and the HTML report share. */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function epochDay(year: number, month: number, day: number): EpochDay {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses "YYYY-MM-DD" (a time part after T or a space is ignored); undefined when not a real date. */
export function parseIsoDate(text: string): EpochDay | undefined {
  if (text.length === 10) {
    // Hot path (two dates per deal line): plain "YYYY-MM-DD" by char codes, no regex or Date.
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    // Years below 100 go the Date.UTC way below, which maps them to 19xx; kept as it was.
    if (year >= 100 && month >= 0 && day >= 0 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
      if (month < 1 || month > 12 || day < 1 || day > civilDaysInMonth(year, month)) return undefined;
      return daysFromCivil(year, month, day);
    }
  }
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return epochDay(year, month, day);
}

export function formatEpochDay(day: EpochDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function monthOfDay(day: EpochDay): MonthIndex {
  // Arithmetic within Date's range (the same answers, no Date object per call); Date beyond it.
  if (Number.isInteger(day) && Math.abs(day) <= 100_000_000) {
    const z = day + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return year * 12 + month - 1;
  }
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function firstDayOfMonth(month: MonthIndex): EpochDay {
  const year = Math.floor(month / 12);
  // Arithmetic where Date.UTC agrees (years 100 up to Date's range), as parseIsoDate does; Date beyond.
  if (Number.isInteger(month) && year >= 100 && year <= 275_000)
    return daysFromCivil(year, month - year * 12 + 1, 1);
  return epochDay(year, (month % 12) + 1, 1);
}

/** The same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsClamped(day: EpochDay, months: number): EpochDay {
  const d = new Date(day * MS_PER_DAY);
  const target = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(target / 12);
  const month = (target % 12) + 1;
  return epochDay(year, month, Math.min(d.getUTCDate(), daysInMonth(year, month)));
}

/** Years below this are not accounting months (year 0000 made the generator write dates no reader accepts). */
const FIRST_YEAR = 1000;

/** "YYYY-MM" (year 1000–9999) → month index; undefined when malformed. */
export function parsePeriod(text: string): MonthIndex | undefined {
  if (text.length === 7 && text.charCodeAt(4) === 45) {
    // Hot path (one per entry): by char codes.
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    if (year >= 0 && month >= 0)
      return month < 1 || month > 12 || year < FIRST_YEAR ? undefined : year * 12 + month - 1;
  }
  const m = ISO_MONTH.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < FIRST_YEAR) return undefined;
  return year * 12 + month - 1;
}

/** A recognition period: "YYYY-MM" or any date in that month. */
export function parseMonthOrDate(text: string): MonthIndex | undefined {
  const asMonth = parsePeriod(text);
  if (asMonth !== undefined) return asMonth;
  const day = parseIsoDate(text);
  return day === undefined ? undefined : monthOfDay(day);
}

export function formatPeriod(month: MonthIndex): string {
  const year = Math.floor(month / 12);
  return `${String(year).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** The number written by `count` ASCII digits at `from`, or -1 when one is not a digit. */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Proleptic Gregorian days since 1970-01-01 (H. Hinnant's days_from_civil), for years >= 100. */
function daysFromCivil(year: number, month: number, day: number): EpochDay {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilDaysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
