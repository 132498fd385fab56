// Where the previous completed run of a period is found, for new/persisting/resolved.
import type { PreviousOpenItems } from '../../engine/life-to-date.js';
import type { PreviousDiscrepancy } from '../../rules/lifecycle.js';

export interface RunHistory {
  previous(
    period: string,
    excludeRunId: string,
  ): Promise<{ runId: string; discrepancies: PreviousDiscrepancy[] } | undefined>;
}

/** Where the open items of the last completed run of the month before are found (docs/rules.md §7 aging). */
export interface PreviousMonth {
  /** The open items of the last completed run of the month before `period`, or undefined when none. */
  openItems(period: string): Promise<PreviousOpenItems | undefined>;
}
