// The shape of a generated month's ids and row order, so the engine is measured and tested on more than one table layout.
import { Random } from './random.js';

/** How ids are written: zero-padded and ascending, unpadded integers, GUIDs, or mixed-case free text. */
export const ID_FORMATS = ['padded', 'int', 'guid', 'text'] as const;
export type IdFormat = (typeof ID_FORMATS)[number];

/** Rows grouped by deal in id order (the generator's own order), or shuffled as a table read in its key order. */
export const ROW_ORDERS = ['grouped', 'random'] as const;
export type RowOrder = (typeof ROW_ORDERS)[number];

export interface MonthShape {
  ids: IdFormat;
  order: RowOrder;
}

export const DEFAULT_SHAPE: MonthShape = { ids: 'padded', order: 'grouped' };

/** The ids of one month: deal n (1-based), orphan deal i (never a deal's id) and entry n. */
export interface IdMaker {
  deal(n: number): string;
  orphan(i: number): string;
  entry(n: number): string;
}

const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka'];

/**
 * The padded format writes exactly what the generator always wrote, so its default output stays
 * byte-identical. The others draw from their own PRNG stream (seeded from the month's seed), so
 * the amounts, dates and statuses of a seed are the same in every shape.
 */
export function idMaker(format: IdFormat, seed: number, deals: number): IdMaker {
  const rnd = new Random((seed ^ 0x5eed1d5) >>> 0);
  switch (format) {
    case 'padded':
      return {
        deal: (n) => `D${String(n).padStart(7, '0')}`,
        orphan: (i) => `X${String(i).padStart(6, '0')}`,
        entry: (n) => `E${String(n).padStart(8, '0')}`,
      };
    case 'int':
      // "1", "2", ..., "10": not ascending as text; orphans follow the last deal.
      return { deal: String, orphan: (i) => String(deals + i), entry: String };
    case 'guid': {
      const guid = () => uuid(rnd);
      return { deal: guid, orphan: guid, entry: guid };
    }
    case 'text': {
      // A word and a base-36 serial in mixed case, sometimes with a comma (quoted in CSV); ids are case-sensitive.
      const text = (prefix: string, n: number) => {
        const word = mixCase(rnd.pick(WORDS), rnd);
        const sep = rnd.chance(0.1) ? ', ' : ' ';
        return `${word}${sep}${prefix}-${mixCase(n.toString(36), rnd)}`;
      };
      return {
        deal: (n) => text('deal', n),
        orphan: (i) => text('deal', deals + i),
        entry: (n) => text('entry', n),
      };
    }
  }
}

function uuid(rnd: Random): string {
  const hex = (bits: number) =>
    Math.floor(rnd.next() * 2 ** bits)
      .toString(16)
      .padStart(bits / 4, '0');
  const variant = (8 + Math.floor(rnd.next() * 4)).toString(16);
  return `${hex(32)}-${hex(16)}-4${hex(12)}-${variant}${hex(12)}-${hex(24)}${hex(24)}`;
}

function mixCase(text: string, rnd: Random): string {
  let out = '';
  for (const ch of text) out += rnd.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase();
  return out;
}

/** Fisher–Yates with the month's own stream: the same seed and shape give the same order. */
export function shuffleRows<T>(rows: T[], seed: number): void {
  const rnd = new Random((seed ^ 0x0bde7) >>> 0);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    const t = rows[i]!;
    rows[i] = rows[j]!;
    rows[j] = t;
  }
}

/** Parses a --ids / --order value; undefined when it names no shape. */
export function parseIdFormat(text: string): IdFormat | undefined {
  return (ID_FORMATS as readonly string[]).includes(text) ? (text as IdFormat) : undefined;
}

export function parseRowOrder(text: string): RowOrder | undefined {
  return (ROW_ORDERS as readonly string[]).includes(text) ? (text as RowOrder) : undefined;
}
