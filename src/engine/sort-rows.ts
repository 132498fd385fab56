// The order of report rows (docs/rules.md §5): critical first, then abs(variance) by amount, then deal_id and revenue type.
import type { ReconRow } from '../rules/classify.js';
import type { KeyDirectory } from '../books/key-directory.js';
import { comparableSize } from '../rules/report-order.js';

/**
 * discrepancyOrder over all rows, comparing deals by rank (a number) instead of by deal_id text:
 * with a million-plus rows, string comparisons in the sort were most of reconcile's time. Rows
 * that are neither critical nor off by anything (most matched keys) all come last, ordered by deal
 * and type alone: they are sorted as plain numbers, without a comparator.
 */
export function sortRows(rows: ReconRow[], rowSlots: number[], dir: KeyDirectory): ReconRow[] {
  return sortOrder(rows, rowSlots, dir).map((i) => rows[i]!);
}

/** The positions of `rows` in sortRows' order: row k of the result is rows[order[k]]. */
export function sortOrder(rows: ReconRow[], rowSlots: number[], dir: KeyDirectory): number[] {
  const n = rows.length;
  const dealRank = dir.dealRank(rowSlots.map((slot) => dir.slotDeal[slot]!));
  const typeOrder = typeNameOrder(rows, rowSlots, dir);
  const critical = new Uint8Array(n);
  const size = new Float64Array(n);
  const rank = new Int32Array(n);
  const rest: number[] = [];
  const zero: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    critical[i] = row.severity === 'critical' ? 1 : 0;
    size[i] = comparableSize(row);
    rank[i] = dealRank[dir.slotDeal[rowSlots[i]!]!]!;
    if (critical[i] === 0 && size[i] === 0 && typeOrder) zero.push(i);
    else rest.push(i);
  }
  rest.sort((a, b) => {
    if (critical[a] !== critical[b]) return critical[b]! - critical[a]!;
    const d = size[b]! - size[a]!;
    if (d !== 0) return d;
    if (rank[a] !== rank[b]) return rank[a]! - rank[b]!;
    const ta = rows[a]!.revenueType;
    const tb = rows[b]!.revenueType;
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  });
  const order = new Array<number>(n);
  let k = 0;
  for (const i of rest) order[k++] = i;
  if (zero.length > 0 && typeOrder) {
    // (deal rank, type order, row) as one exact number: unique per row, so a numeric sort is the order.
    const types = dir.typeKeys.length;
    const keys = new Float64Array(zero.length);
    for (let j = 0; j < zero.length; j++) {
      const i = zero[j]!;
      keys[j] = (rank[i]! * types + typeOrder[dir.slotType[rowSlots[i]!]!]!) * n + i;
    }
    keys.sort();
    for (let j = 0; j < keys.length; j++) order[k++] = keys[j]! % n;
  }
  return order;
}

/** Type number → rank of its display name; undefined when names repeat or keys could overflow. */
function typeNameOrder(rows: ReconRow[], rowSlots: number[], dir: KeyDirectory): Int32Array | undefined {
  const types = dir.typeKeys.length;
  if (dir.dealCount * types * Math.max(rows.length, 1) >= Number.MAX_SAFE_INTEGER) return undefined;
  const names = new Array<string | undefined>(types);
  for (let i = 0; i < rows.length; i++) names[dir.slotType[rowSlots[i]!]!] = rows[i]!.revenueType;
  const present = [...names.keys()].filter((t) => names[t] !== undefined);
  present.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  for (let j = 1; j < present.length; j++)
    if (names[present[j]!] === names[present[j - 1]!]) return undefined;
  const order = new Int32Array(types);
  present.forEach((t, r) => (order[t] = r));
  return order;
}
