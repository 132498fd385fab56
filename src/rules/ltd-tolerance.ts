// The life-to-date tolerance (docs/rules.md §7): max(ltd_tolerance_pct * |LTD expected|, ltd_tolerance_abs), exact.
import { compileRules, type EngineRules } from '../core/engine-settings.js';

/**
 * The rules with the LTD tolerance in place of the monthly one, so the monthly tolerance code
 * (withinTolerance, toleranceAmount) judges LTD figures too. Defaults: 0% and tolerance_abs.
 */
export function ltdRules(rules: EngineRules): EngineRules {
  const s = rules.settings;
  const compiled = compileRules({
    ...s,
    tolerance_pct: s.ltd_tolerance_pct ?? '0',
    tolerance_abs: s.ltd_tolerance_abs ?? s.tolerance_abs,
  });
  return { ...rules, tolerancePpm: compiled.tolerancePpm, toleranceAbsMinor: compiled.toleranceAbsMinor };
}
