// Tolerance = max(tolerance_pct * |E|, tolerance_abs), compared exactly in integers.
import type { EngineRules } from '../core/engine-settings.js';
import { divRoundHalfUp } from '../core/money.js';

const PPM = 1_000_000;

export function withinTolerance(
  variance: number,
  expected: number,
  rules: EngineRules,
  digits: number,
): boolean {
  const v = Math.abs(variance);
  if (v <= rules.toleranceAbsMinor(digits)) return true;
  const left = v * PPM;
  const right = Math.abs(expected) * rules.tolerancePpm;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left <= right;
  return BigInt(v) * BigInt(PPM) <= BigInt(Math.abs(expected)) * BigInt(rules.tolerancePpm);
}

/** The tolerance as an amount for the report, rounded half-up to the currency's minor unit. */
export function toleranceAmount(expected: number, rules: EngineRules, digits: number): number {
  const scaled = Math.abs(expected) * rules.tolerancePpm;
  // Plain division is exact while 2n + 2d stays a safe integer (the quotient cannot round up to
  // the next integer); BigInt only beyond, since this runs once per classified key.
  if (Number.isSafeInteger(2 * scaled + 2 * PPM))
    return Math.max(Math.floor((2 * scaled + PPM) / (2 * PPM)), rules.toleranceAbsMinor(digits));
  const pct = Number(divRoundHalfUp(BigInt(Math.abs(expected)) * BigInt(rules.tolerancePpm), BigInt(PPM)));
  return Math.max(pct, rules.toleranceAbsMinor(digits));
}
