import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIds } from '../../src/ingest/line-ids.js';

describe('LineIds', () => {
  it('keeps each deal’s line ids apart', () => {
    const ids = new LineIds();
    ids.add(0, 'L1');
    ids.add(1, 'L2');
    expect(ids.has(0, 'L1')).toBe(true);
    expect(ids.has(0, 'L2')).toBe(false);
    expect(ids.has(1, 'L2')).toBe(true);
    expect(ids.has(5000, 'L1')).toBe(false);
  });

  it('tells apart ids that share a prefix, and ids outside ASCII', () => {
    const ids = new LineIds();
    ids.add(3, 'L1');
    ids.add(3, 'Lé');
    expect(ids.has(3, 'L10')).toBe(false);
    expect(ids.has(3, 'L')).toBe(false);
    expect(ids.has(3, 'Lé')).toBe(true);
    expect(ids.has(3, 'Le')).toBe(false);
  });

  it('answers the same as a Set per deal, for deals small and large (past the chain limit)', () => {
    const op = fc.record({ deal: fc.integer({ min: 0, max: 3 }), id: fc.stringMatching(/^L[0-9]{1,2}$/) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: 'max' }), (ops) => {
        const ids = new LineIds();
        const model = new Map<number, Set<string>>();
        for (const { deal, id } of ops) {
          const seen = model.get(deal) ?? new Set<string>();
          expect(ids.has(deal, id)).toBe(seen.has(id));
          if (!seen.has(id)) ids.add(deal, id);
          seen.add(id);
          model.set(deal, seen);
        }
      }),
    );
  });
});
