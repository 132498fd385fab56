// The closed-items explanation (docs/life-to-date.md): what was made up, and what is left inside the tolerance.
import { describe, expect, it } from 'vitest';
import { closedItemExplanation } from '../../src/rules/life-to-date.js';
import { parsePeriod } from '../../src/core/dates.js';

describe('closedItemExplanation', () => {
  const since = parsePeriod('2026-08')!;
  it('a gap made up in full, or crossed: the whole gap', () => {
    expect(closedItemExplanation(-200_000, 0, 2, since)).toBe(
      'recovered 2,000.00: the shortfall since 2026-08 is closed',
    );
    // Short 50.00, then 2.00 over inside the tolerance: the 50.00 was made up.
    expect(closedItemExplanation(-5_000, 200, 2)).toBe('recovered 50.00: the shortfall is closed');
    expect(closedItemExplanation(30_000, 0, 2)).toBe('reversed 300.00: the excess is closed');
  });
  it('a gap made up in part: how much, and what is left', () => {
    // Short 50.00, now short 10.00: 40.00 recovered.
    expect(closedItemExplanation(-5_000, -1_000, 2)).toBe(
      'recovered 40.00: the shortfall is closed, 10.00 short to date is within the tolerance now',
    );
    // Over 300.00, now over 5.00: 295.00 reversed.
    expect(closedItemExplanation(30_000, 500, 2, since)).toBe(
      'reversed 295.00: the excess since 2026-08 is closed, 5.00 over to date is within the tolerance now',
    );
    // JPY: short 200,000, now short 1,000: 199,000 recovered.
    expect(closedItemExplanation(-200_000, -1_000, 0)).toBe(
      'recovered 199,000: the shortfall is closed, 1,000 short to date is within the tolerance now',
    );
  });
  it('nothing made up (the tolerance grew past the gap)', () => {
    expect(closedItemExplanation(-3_466, -3_500, 2)).toBe(
      'nothing recovered: the shortfall is closed, as 35.00 short to date is within the tolerance now',
    );
    expect(closedItemExplanation(1_000, 1_000, 2)).toBe(
      'nothing reversed: the excess is closed, as 10.00 over to date is within the tolerance now',
    );
  });
});
