// Finds entries that repeat another entry's amount and whose removal explains an over-recognition.

export interface DuplicateFinding {
  /** Groups of entry indexes with one amount: the first is kept, the rest are the repeats removed. */
  groups: { amount: number; indexes: number[] }[];
  recognizedWithout: number;
}

const SEARCH_LIMIT = 10_000;

/**
 * Chooses the fewest repeats to remove so that `accepts(R - removed)` holds; undefined if none does.
 * Only amounts that occur more than once are candidates, and one occurrence of each always stays.
 */
export function findDuplicates(
  amounts: number[],
  accepts: (recognized: number) => boolean,
): DuplicateFinding | undefined {
  const byAmount = new Map<number, number[]>();
  amounts.forEach((amount, i) => {
    const list = byAmount.get(amount);
    if (list) list.push(i);
    else byAmount.set(amount, [i]);
  });
  const groups = [...byAmount.entries()]
    .filter(([amount, idx]) => idx.length > 1 && amount !== 0)
    .sort((a, b) => b[0] - a[0]);
  if (groups.length === 0) return undefined;
  const total = amounts.reduce((s, a) => s + a, 0);

  let best: { removed: number[]; count: number } | undefined;
  let steps = 0;
  const removed = new Array<number>(groups.length).fill(0);
  const search = (g: number, recognized: number, count: number): void => {
    if (++steps > SEARCH_LIMIT || (best && count >= best.count)) return;
    if (g === groups.length) {
      if (count > 0 && accepts(recognized)) best = { removed: [...removed], count };
      return;
    }
    const [amount, indexes] = groups[g]!;
    for (let j = 0; j < indexes.length; j++) {
      removed[g] = j;
      search(g + 1, recognized - j * amount, count + j);
    }
    removed[g] = 0;
  };
  search(0, total, 0);
  if (!best) return undefined;
  const chosen = best.removed;
  const found = groups
    .map(([amount, indexes], g) => ({ amount, indexes: indexes.slice(0, chosen[g]! + 1) }))
    .filter((group) => group.indexes.length > 1);
  const recognizedWithout = total - found.reduce((s, g) => s + g.amount * (g.indexes.length - 1), 0);
  return { groups: found, recognizedWithout };
}
