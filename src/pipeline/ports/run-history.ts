// Where the previous completed run of a period is found, for new/persisting/resolved.
import type { PreviousDiscrepancy } from '../../core/lifecycle.js';

export interface RunHistory {
  previous(
    period: string,
    excludeRunId: string,
  ): Promise<{ runId: string; discrepancies: PreviousDiscrepancy[] } | undefined>;
}
