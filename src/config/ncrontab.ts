// An NCRONTAB expression as the Functions timer reads it (six fields), checked field by field at start.
import { echo } from '../core/echo.js';

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names the field also takes, numbered from min: any prefix of one, the first that matches (as NCrontab reads them). */
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
  'must be an NCRONTAB expression of six fields: second minute hour day month day-of-week (e.g. "0 0 6 1 * *"), or five without the seconds';

/** An item of a field's comma list: `*` or a value or a range a-b, each with an optional step /n. */
const ITEM = /^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:\/(\d+))?$/i;

/**
 * What is wrong with `expression` as a timer schedule, or undefined. Why here: the host binds the
 * timer to the setting itself, and a schedule it cannot parse leaves the month-end run unindexed
 * while the rest of the app runs, which nobody notices until the 1st. It refuses only what the
 * host's parser (NCrontab) refuses: a schedule refused here stops the whole app at load, so what
 * NCrontab reads its own way is let through as it reads it (five fields without the seconds; a
 * backwards range it swaps; a step of 0 it takes as 1; any prefix of a name).
 */
export function ncrontabProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length && parts.length !== FIELDS.length - 1) return NCRONTAB_SHAPE;
  const fields = parts.length === FIELDS.length ? FIELDS : FIELDS.slice(1);
  for (const [i, field] of fields.entries()) {
    const problem = fieldProblem(parts[i]!, field);
    if (problem) return `its ${field.name} field "${echo(parts[i]!, 40)}" ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(',')) {
    const m = ITEM.exec(item);
    if (!m) return 'is not a list of *, values, ranges a-b and steps /n';
    if (m[1] === '*') continue;
    const [from, to] = m[1]!.split('-');
    const first = valueOf(from!, field);
    const last = to === undefined ? first : valueOf(to, field);
    if (first === undefined || last === undefined) return `takes ${rangeText(field)}`;
  }
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const name = text.toLowerCase();
  const at = field.names?.findIndex((n) => n.startsWith(name)) ?? -1;
  return at === -1 ? undefined : field.min + at;
}

function rangeText(field: Field): string {
  const names = field.names
    ? ` or ${field.names[0]!.slice(0, 3)}-${field.names[field.names.length - 1]!.slice(0, 3)}`
    : '';
  return `${field.min}-${field.max}${names}`;
}
