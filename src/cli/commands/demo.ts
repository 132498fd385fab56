// `recon demo`: the month-end pipeline, as the timer runs it, against local stand-ins for every service.
import { loadAppSettings } from '../../config/app-settings.js';
import { executeRun } from '../../service/execute-run.js';
import { copyRunFiles, slackMessageText } from '../../service/local-run.js';
import { monthThatJustEnded } from '../../service/periods.js';
import { serviceRunId } from '../../service/run-requests.js';
import { createServices } from '../../service/services.js';
import { renderDashboard } from '../dashboard.js';
import { stderrProgress } from '../progress.js';
import { newRunId } from '../../service/run-id.js';
import { cliLogger } from './run.js';
import { dealCount, requirePeriod, runIdFrom, type CliValues } from './options.js';

export const DEMO_DEALS = 5000;
/** The emulator holds the month and its year of history in memory: a larger demo is the bench's job. */
const MAX_DEMO_DEALS = 100_000;
/** A year of earlier months in the Accounting table, so the run shows life to date, open items and what closed. */
export const DEMO_HISTORY_MONTHS = 12;

export async function demoCommand(values: CliValues & { serve?: boolean }): Promise<number> {
  const out = values.out ?? 'out';
  const period = values.period === undefined ? monthThatJustEnded(new Date()) : requirePeriod(values);
  const runId = values['run-id'] === undefined ? serviceRunId(period, newRunId()) : runIdFrom(values);
  const deals = dealCount(values, MAX_DEMO_DEALS) ?? DEMO_DEALS;
  process.stderr.write(
    `starting the SQL Server emulator (${deals.toLocaleString('en-US')} deals for ${period}, ${DEMO_HISTORY_MONTHS} months of history), Azurite and the Slack stand-in…\n`,
  );
  // Dev tooling (devDependencies): loaded only by the demo, never by the deployed app.
  const { startLocalStack } = await import('../../../tools/local-stack/local-stack.js');
  const stack = await startLocalStack({ period, deals, historyMonths: DEMO_HISTORY_MONTHS });
  try {
    const log = cliLogger(runId, false);
    const services = createServices(loadAppSettings({ ...stack.env }), log);
    const outcome = await executeRun(
      services,
      { period, runId, trigger: 'demo', notify: true },
      log,
      stderrProgress(),
    );
    const names = [...outcome.manifest.files.map((f) => f.name), 'manifest.json'];
    const root = await copyRunFiles(services.storage.store, { period, runId }, names, out);
    process.stdout.write(`${renderDashboard(outcome.report)}\n`);
    process.stdout.write(`Copies of the reports: ${root}/${period}/${runId}/\n\n`);
    for (const payload of stack.slack.payloads) {
      const channel = payload.path.split('/').pop();
      process.stdout.write(`Slack message to #${channel}:\n${slackMessageText(payload.body)}\n\n`);
    }
    if (values.serve) {
      process.stdout.write('The links work while the demo runs. Press Ctrl-C to stop.\n');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return outcome.manifest.status === 'completed' ? 0 : 1;
  } finally {
    await stack.close();
  }
}
