// Every outside service on this machine: the SQL emulator (seeded), Azurite and the Slack stand-in.
import { accountingTable, generateMonth } from '../../src/generator/generate.js';
import { startAzurite, type AzuriteHandle } from '../azurite/start-azurite.js';
import { startSlackSink, type ReceivedPayload, type SlackSink } from '../slack-sink/slack-sink.js';
import { startSqlEmulator, type SqlEmulator } from '../sql-emulator/server.js';

export interface LocalStackOptions {
  period: string;
  deals: number;
  seed?: number;
  /** Months of history before the period in the Accounting table (default 0: the month alone). */
  historyMonths?: number;
  onSlackPayload?: (payload: ReceivedPayload) => void;
}

export interface LocalStack {
  /** App settings (environment names) pointing the service at the local stand-ins. */
  env: Record<string, string>;
  sql: SqlEmulator;
  azurite: AzuriteHandle;
  slack: SlackSink;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const month = generateMonth({
    deals: options.deals,
    period: options.period,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.historyMonths === undefined ? {} : { historyMonths: options.historyMonths }),
  });
  const entries = accountingTable(month);
  const started: { close(): Promise<void> }[] = [];
  try {
    const sql = await startSqlEmulator({ deals: month.deals, entries });
    started.push(sql);
    const azurite = await startAzurite();
    started.push(azurite);
    const slack = await startSlackSink(options.onSlackPayload ? { onPayload: options.onSlackPayload } : {});
    started.push(slack);
    const env: Record<string, string> = {
      ...sql.appSettings,
      REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AzureWebJobsStorage: azurite.connectionString,
      REPORTS_CONTAINER: 'reports',
      SLACK_WEBHOOK_URL: slack.url('/services/T000/B000/finance'),
      SLACK_ESCALATION_WEBHOOK_URL: slack.url('/services/T000/B000/escalation'),
      SLACK_ESCALATION_USER_GROUPS: 'S0FINANCELEADS',
    };
    return {
      env,
      sql,
      azurite,
      slack,
      close: async () => {
        for (const s of started.reverse()) await s.close();
      },
    };
  } catch (error) {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    throw error;
  }
}
