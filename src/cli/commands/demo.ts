// `recon demo`: the whole pipeline on a generated month, reports into ./out.
import { FolderReportStore } from '../../reports/folder-report-store.js';
import { parseEngineSettings } from '../../config/engine-settings.js';
import { generateMonth } from '../../generator/generate.js';
import { runReconciliation } from '../../pipeline/run-reconciliation.js';
import { MemoryRecordSource } from '../../sources/memory-source.js';
import { newRunId } from '../run-id.js';
import { cliLogger, report } from './run.js';
import type { CliValues } from './options.js';

export const DEMO_PERIOD = '2026-10';
export const DEMO_DEALS = 5000;

export async function demoCommand(values: CliValues): Promise<number> {
  const out = values.out ?? 'out';
  const runId = values['run-id'] ?? newRunId();
  const month = generateMonth({ deals: DEMO_DEALS, period: DEMO_PERIOD });
  const outcome = await runReconciliation(
    { period: DEMO_PERIOD, runId, trigger: 'demo', settings: parseEngineSettings({}), notify: false },
    {
      source: new MemoryRecordSource(month.deals, month.entries, `generated month ${DEMO_PERIOD} (${DEMO_DEALS} deals)`),
      store: new FolderReportStore(out),
      log: cliLogger(runId, false),
    },
  );
  return report(outcome, false);
}
