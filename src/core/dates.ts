// Calendar dates and months as plain integers (epoch days, month indexes): no time zones involved.

/** Days since 1970-01-01 of a calendar date. */
export type EpochDay = number;
/** year * 12 + (month - 1): consecutive months are consecutive integers. */
export type MonthIndex = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
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
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function firstDayOfMonth(month: MonthIndex): EpochDay {
  return epochDay(Math.floor(month / 12), (month % 12) + 1, 1);
}

/** The same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsClamped(day: EpochDay, months: number): EpochDay {
  const d = new Date(day * MS_PER_DAY);
  const target = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(target / 12);
  const month = (target % 12) + 1;
  return epochDay(year, month, Math.min(d.getUTCDate(), daysInMonth(year, month)));
}

/** "YYYY-MM" → month index; undefined when malformed. */
export function parsePeriod(text: string): MonthIndex | undefined {
  const m = ISO_MONTH.exec(text.trim());
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return Number(m[1]) * 12 + month - 1;
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
