// The status rule: which one status a key gets, in the contract's order of precedence.
import type { EngineRules } from '../core/engine-settings.js';
import type { Status } from '../core/status.js';
import { withinTolerance } from './tolerance.js';

/** The figures of one key (in its currency) that decide its status. */
export interface KeyTotals {
  /** The key names a deal_id (entries with a blank one are orphans). */
  hasDealId: boolean;
  /** Some accepted deal line names the deal, in any period. */
  dealKnown: boolean;
  /** E: expected this period, in minor units of the key's currency. */
  expected: number;
  /** R: recognized this period in the key's currency. */
  recognized: number;
  /** Entries on the key this period, in any currency. */
  entryCount: number;
  /** Entries on the key not in its currency. */
  foreignCount: number;
  /** Minor-unit digits of the key's currency. */
  digits: number;
}

/** A key's own status; `misclassified` comes later, from pairing keys of one deal (misclassified.ts). */
export type KeyStatus = Exclude<Status, 'misclassified'>;

/**
 * First that applies: orphan, currency_mismatch, matched (within tolerance), unexpected (nothing
 * expected), missing (no entries), under, duplicate (removing repeated amounts brings R within
 * tolerance: `explainedByRepeats`, asked only for an over-recognition), over.
 */
export function statusOf(t: KeyTotals, rules: EngineRules, explainedByRepeats: () => boolean): KeyStatus {
  if (!t.hasDealId || !t.dealKnown) return 'orphan';
  if (t.foreignCount > 0) return 'currency_mismatch';
  if (withinTolerance(t.recognized - t.expected, t.expected, rules, t.digits)) return 'matched';
  if (t.expected === 0) return 'unexpected';
  if (t.entryCount === 0) return 'missing';
  if (t.recognized < t.expected) return 'under';
  return explainedByRepeats() ? 'duplicate' : 'over';
}
