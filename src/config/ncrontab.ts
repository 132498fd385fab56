// An NCRONTAB expression as the Functions timer reads it (six fields), checked field by field at start.
import { echo } from '../core/echo.js';

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names the field also takes, numbered from min: written in full or by their first three letters. */
  names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: [
      'january',
      'february',
      'march',
      'april',
      'may',
      'june',
      'july',
      'august',
      'september',
      'october',
      'november',
      'december',
    ],
  },
  {
    name: 'day-of-week',
    min: 0,
    max: 6,
    names: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
  },
];

export const NCRONTAB_SHAPE =
  'must be an NCRONTAB expression of six fields: second minute hour day month day-of-week (e.g. "0 0 6 1 * *")';

/** An item of a field's comma list: `*` or a value or a range a-b, each with an optional step /n. */
const ITEM = /^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:\/(\d+))?$/i;

/**
 * What is wrong with `expression` as a timer schedule, or undefined. Why here: the host binds the
 * timer to the setting itself, and a schedule it cannot parse leaves the month-end run unindexed
 * while the rest of the app runs, which nobody notices until the 1st.
 */
export function ncrontabProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) return NCRONTAB_SHAPE;
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(fields[i]!, field);
    if (problem) return `its ${field.name} field "${echo(fields[i]!, 40)}" ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(',')) {
    const m = ITEM.exec(item);
    if (!m) return 'is not a list of *, values, ranges a-b and steps /n';
    if (m[2] !== undefined && Number(m[2]) < 1) return 'has a step of 0';
    if (m[1] === '*') continue;
    const [from, to] = m[1]!.split('-');
    const first = valueOf(from!, field);
    const last = to === undefined ? first : valueOf(to, field);
    if (first === undefined || last === undefined) return `takes ${rangeText(field)}`;
    if (first > last) return `has a range that runs backwards (${echo(m[1]!, 20)})`;
  }
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const name = text.toLowerCase();
  const at = field.names?.findIndex((n) => n === name || n.slice(0, 3) === name) ?? -1;
  return at === -1 ? undefined : field.min + at;
}

function rangeText(field: Field): string {
  const names = field.names
    ? ` or ${field.names[0]!.slice(0, 3)}-${field.names[field.names.length - 1]!.slice(0, 3)}`
    : '';
  return `${field.min}-${field.max}${names}`;
}
