// IdSet and KeyDirectory find ids by hash: the same answers as a JS Set / Map, whatever the ids' shape or order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdArena, idHash } from '../../src/books/id-arena.js';
import { KeyDirectory } from '../../src/books/key-directory.js';
import { IdSet } from '../../src/ingest/id-set.js';

/** Ids of every shape a table may hold, with many near-collisions (short ints, shared prefixes). */
const anyId = fc.oneof(
  fc.integer({ min: 0, max: 3000 }).map(String),
  fc.uuid(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', ' ', 'Ü-1', 'deal 東京', 'D10', 'D9', 'd9'),
);

/** `n` ascending ids, every `wideEvery`-th one not ASCII (kept as a string aside). */
const ascending = (n: number, wideEvery = 0) =>
  Array.from(
    { length: n },
    (_, i) => (wideEvery && i % wideEvery === 0 ? 'Ä' : 'A') + String(i).padStart(7, '0'),
  );

/**
 * An ascending start of a length around UNORDERED_PREFIX (1,024: at most that many and the ids are
 * hashed from the first out of order on; more and the sorted ones stay sorted beside hashed ones),
 * then thousands of ids in any order, repeats of the ascending ones among them. `size: 'max'`:
 * fast-check's default size would keep the arrays to a dozen ids, under every threshold.
 */
const aroundTheSwitch = fc.record({
  prefix: fc.constantFrom(0, 1, 2, 1023, 1024, 1025, 1026, 5000),
  wideEvery: fc.constantFrom(0, 3, 1000),
  rest: fc.array(
    fc.record({
      id: fc.oneof(
        anyId,
        fc.nat({ max: 6000 }).map((i) => 'A' + String(i).padStart(7, '0')),
      ),
      takeBack: fc.boolean(),
    }),
    { maxLength: 6000, size: 'max' },
  ),
  expected: fc.constantFrom(0, 10, 3000, 100_000),
  toldAt: fc.nat({ max: 2000 }),
  takeBackFirst: fc.boolean(),
});

describe('idHash', () => {
  it('gives a staged ASCII id the hash of its string, for every length and tail', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.string({ unit: 'binary-ascii', maxLength: 11 })), (id) => {
        const arena = new IdArena();
        arena.push('x');
        expect(arena.stageHashed(id)).toBe(id.length);
        expect(arena.stagedHash).toBe(idHash(id));
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it('spreads unpadded integers over the low bits a table indexes by', () => {
    // 100,000 ids into 1,024 buckets: 97.7 each on average; a hash that left the low bits to the last
    // characters alone would fill some buckets many times over.
    const buckets = new Int32Array(1024);
    for (let n = 1; n <= 100_000; n++) buckets[idHash(String(n)) & 1023]!++;
    expect(Math.max(...buckets)).toBeLessThan(140);
    expect(Math.min(...buckets)).toBeGreaterThan(60);
  });
});

describe('IdSet', () => {
  it('agrees with a Set under adds and take-backs of the last add, across table growth, whatever it was told to expect', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: anyId, takeBack: fc.boolean() }), {
          minLength: 1,
          maxLength: 6000,
          size: 'max',
        }),
        // Told nothing, or an estimate of the ids to come that is far under, about right or far over.
        fc.constantFrom(0, 10, 3000, 100_000),
        // Told before the first id, or (as a file reader tells, after its first chunk) later.
        fc.nat({ max: 200 }),
        (ops, expected, toldAt) => {
          const set = new IdSet();
          const model = new Set<string>();
          for (const [i, { id, takeBack }] of ops.entries()) {
            if (i === toldAt && expected > 0) set.expect(expected);
            const added = set.add(id);
            expect(added).toBe(!model.has(id));
            if (!added) continue;
            if (takeBack) set.removeLast();
            else model.add(id);
          }
          for (const { id } of ops) expect(set.has(id)).toBe(model.has(id));
          expect(set.has('never-added-id')).toBe(model.has('never-added-id'));
        },
      ),
      { numRuns: 20, seed: 4 },
    );
  });
});

describe('IdSet around the switch to hash alone', () => {
  it('agrees with a Set whatever the length of the ascending start, with take-backs right after the switch', () => {
    fc.assert(
      fc.property(aroundTheSwitch, ({ prefix, wideEvery, rest, expected, toldAt, takeBackFirst }) => {
        const set = new IdSet();
        const model = new Set<string>();
        const ops = [...ascending(prefix, wideEvery).map((id) => ({ id, takeBack: false })), ...rest];
        // The first id after the ascending start is the one that switches: taken back at once.
        if (takeBackFirst && rest.length > 0) ops[prefix] = { ...ops[prefix]!, takeBack: true };
        for (const [i, { id, takeBack }] of ops.entries()) {
          if (i === toldAt && expected > 0) set.expect(expected);
          const added = set.add(id);
          expect(added).toBe(!model.has(id));
          if (!added) continue;
          if (takeBack) {
            set.removeLast();
            expect(set.has(id)).toBe(false);
          } else model.add(id);
        }
        for (const { id } of ops) expect(set.has(id)).toBe(model.has(id));
        for (const id of model) expect(set.add(id)).toBe(false);
      }),
      { numRuns: 20, seed: 11 },
    );
  });
});

describe('KeyDirectory', () => {
  it('numbers, finds and ranks ids whatever the length of the ascending start (sorted, hashed, or both)', () => {
    fc.assert(
      fc.property(aroundTheSwitch, fc.integer({ min: 1, max: 4 }), ({ prefix, wideEvery, rest }, every) => {
        const dir = new KeyDirectory();
        const model = new Map<string, number>();
        const ids = [...ascending(prefix, wideEvery), ...rest.map((r) => r.id)];
        for (const id of ids) {
          const no = dir.deal(id, false);
          if (!model.has(id)) model.set(id, model.size);
          expect(no).toBe(model.get(id));
        }
        // Found in reverse and in first-seen order (the cursor and gallop of a second file), never a stranger.
        const keys = [...model.keys()];
        for (const id of [...keys].reverse()) expect(dir.findDeal(id)).toBe(model.get(id));
        for (const id of keys) expect(dir.findDeal(id)).toBe(model.get(id));
        expect(dir.findDeal('zz-never')).toBeUndefined();
        const among = [...model.values()].filter((no) => no % every === 0);
        const sorted = keys
          .filter((id) => model.get(id)! % every === 0)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const rank = dir.dealRank(among);
        sorted.forEach((id, r) => expect(rank[model.get(id)!]).toBe(r));
      }),
      { numRuns: 20, seed: 12 },
    );
  });

  it('numbers ids once in first-seen order and ranks them in string order, for ids in any order', () => {
    // Some runs start with ascending ids and go on in any order: the sorted ones are found by
    // comparison, the rest by hash, and each must still be found once the other kind is there.
    const ids = fc
      .tuple(
        fc.array(anyId, { maxLength: 3000, size: 'max' }),
        fc.array(anyId, { maxLength: 6000, size: 'max' }),
      )
      .map(([ascending, rest]) => [...[...new Set(ascending)].sort(), ...rest]);
    fc.assert(
      fc.property(ids, fc.integer({ min: 1, max: 4 }), (ids, every) => {
        const dir = new KeyDirectory();
        const model = new Map<string, number>();
        for (const id of ids) {
          const no = dir.deal(id, false);
          if (!model.has(id)) model.set(id, model.size);
          expect(no).toBe(model.get(id));
        }
        for (const [id, no] of model) expect(dir.findDeal(id)).toBe(no);
        // Ranked among some of the deals (those of the rows being sorted): every `every`-th number.
        const among = [...model.values()].filter((no) => no % every === 0);
        const sorted = [...model.keys()]
          .filter((id) => model.get(id)! % every === 0)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const rank = dir.dealRank(among);
        sorted.forEach((id, r) => expect(rank[model.get(id)!]).toBe(r));
      }),
      { numRuns: 20, seed: 5 },
    );
  });

  it('finds the ids that come out of order after many ascending ones (their numbers far above their count)', () => {
    // 40,000 ascending deal_ids, then 300 in any order: the hash index holds few ids with high numbers.
    const dir = new KeyDirectory();
    const ascending = Array.from({ length: 40_000 }, (_, i) => `D${String(i).padStart(6, '0')}`);
    const late = Array.from({ length: 300 }, (_, i) => `late-${(i * 7919) % 1000}`);
    ascending.forEach((id, no) => expect(dir.deal(id, true)).toBe(no));
    late.forEach((id, i) => expect(dir.deal(id, false)).toBe(40_000 + i));
    late.forEach((id, i) => expect(dir.findDeal(id)).toBe(40_000 + i));
    expect(dir.findDeal('late-1')).toBeUndefined();
    expect(dir.findDeal(ascending[12_345]!)).toBe(12_345);
  });
});
