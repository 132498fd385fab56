// Every app setting the service reads (environment / Function App settings), validated once at start.
import { z } from 'zod';
import { echo } from '../core/echo.js';
import {
  EngineSettingsSchema,
  parseEngineSettings,
  SettingsError,
  type EngineSettings,
} from '../core/engine-settings.js';
import { ncrontabProblem } from './ncrontab.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().positive());
/** Node's timers take at most 2^31 - 1 ms (~24.8 days); a longer one fires after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const timeoutMs = positiveInt.pipe(
  z.number().max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} ms (about 24.8 days)`),
);
/** A text that names something (a host, a query): white space alone names nothing. */
const someText = z.string().refine((v) => v.trim() !== '', 'must not be blank');
/** NCRONTAB as the Functions timer reads it, field by field (ncrontab.ts). */
const ncrontab = z.string().superRefine((v, ctx) => {
  const problem = ncrontabProblem(v);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});
const guid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'must be a client id (a GUID, 00000000-0000-0000-0000-000000000000)',
  );
/** Azure endpoints and Slack webhooks carry tokens and secrets: https, or http only to this machine (the local stand-ins). */
const httpsUrl = z.url().refine((v) => {
  // Zod runs this even after z.url() refused the text: URL.canParse keeps it from throwing.
  if (!URL.canParse(v)) return true;
  const u = new URL(v);
  return (
    u.protocol === 'https:' ||
    (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname))
  );
}, 'must be an https:// URL (http:// only for localhost)');
const port = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be a TCP port (1-65535)').max(65535, 'must be a TCP port (1-65535)'));
const csvList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
/** Slack user group ids (S0123ABCD): anything else would be pasted into the mention as it is. */
const slackGroupIds = csvList.superRefine((ids, ctx) => {
  const bad = ids.find((id) => !/^S[A-Z0-9]+$/.test(id));
  if (bad !== undefined)
    ctx.addIssue({
      code: 'custom',
      message: `"${echo(bad)}" is not a Slack user group id: list ids such as S0123ABCD, comma-separated`,
    });
});

/**
 * The app settings, by the name they have in the environment. Descriptions feed
 * local.settings.example.json and the README; the Bicep app settings must list the same names.
 */
export const AppSettingsSchema = z.object({
  // Scheduling
  RECON_TIMER_SCHEDULE: ncrontab
    .default('0 0 6 1 * *')
    .describe('NCRONTAB schedule of the month-end run (UTC)'),
  RECON_RERUN_COMPLETED: bool.default(false).describe('Let the timer re-run a month that already completed'),
  // SQL sources
  ANALYTICS_SQL_SERVER: someText.optional().describe('Host name of the Analytics SQL Server (deal lines)'),
  ANALYTICS_SQL_PORT: port.default(1433).describe('TCP port of the Analytics SQL Server'),
  ANALYTICS_SQL_DATABASE: someText.default('Analytics').describe('Database holding deal lines'),
  ACCOUNTING_SQL_SERVER: someText
    .optional()
    .describe('Host name of the Accounting SQL Server (recognition entries)'),
  ACCOUNTING_SQL_PORT: port.default(1433).describe('TCP port of the Accounting SQL Server'),
  ACCOUNTING_SQL_DATABASE: someText
    .default('Accounting')
    .describe('Database holding revenue recognition entries'),
  SQL_AUTHENTICATION: z
    .enum(['managed-identity', 'sql-login'])
    .default('managed-identity')
    .describe('managed-identity in Azure; sql-login for local runs'),
  SQL_USER: z.string().optional().describe('SQL login name (sql-login only)'),
  SQL_PASSWORD: z.string().optional().describe('SQL login password (sql-login only; never logged)'),
  AZURE_CLIENT_ID: guid
    .optional()
    .describe('Client id of the user-assigned managed identity (empty: system-assigned)'),
  SQL_ENCRYPT: bool.default(true).describe('Encrypt SQL connections (TLS)'),
  SQL_TRUST_SERVER_CERTIFICATE: bool
    .default(false)
    .describe('Accept a self-signed SQL certificate (local emulator only)'),
  SQL_CONNECT_TIMEOUT_MS: timeoutMs.default(30_000).describe('SQL login timeout in milliseconds'),
  SQL_REQUEST_TIMEOUT_MS: timeoutMs
    .default(600_000)
    .describe('SQL query timeout in milliseconds (month-end queries are long)'),
  SQL_MAX_RETRIES: positiveInt
    .default(5)
    .describe('Attempts for transient SQL failures, with exponential backoff'),
  DEALS_QUERY: someText.optional().describe('T-SQL SELECT returning deal lines under canonical column names'),
  ENTRIES_QUERY: someText
    .optional()
    .describe('T-SQL SELECT returning recognition entries under canonical column names'),
  HISTORY_QUERY: someText
    .optional()
    .describe(
      'T-SQL SELECT returning the recognized amounts of months before @periodStart (default: aggregated per deal, type and currency)',
    ),
  RECON_LIFE_TO_DATE: bool
    .default(true)
    .describe('Read the history of earlier months for life-to-date, open items and aging (default true)'),
  // Reports
  REPORTS_STORAGE_ACCOUNT_URL: httpsUrl
    .optional()
    .describe('Blob endpoint of the reports storage account (managed identity)'),
  REPORTS_STORAGE_CONNECTION_STRING: z
    .string()
    .optional()
    .describe('Connection string for reports storage (Azurite only)'),
  REPORTS_CONTAINER: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid blob container name')
    .default('reports')
    .describe('Container for report files'),
  // Capped for every signing, as in the Bicep: an account-key link (a connection string) has no
  // limit of its own, and a link that never expires is a permanent read grant on finance data.
  REPORT_LINK_EXPIRY_HOURS: positiveInt
    .pipe(z.number().max(168, 'must be at most 168 hours (7 days, the longest a user-delegation link lives)'))
    .default(168)
    .describe('Lifetime of report download links in hours (at most 168)'),
  RUN_QUEUE_NAME: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid queue name')
    .default('recon-runs')
    .describe('Storage queue carrying on-demand runs'),
  RUN_QUEUE_SERVICE_URL: httpsUrl
    .optional()
    .describe(
      'Queue endpoint of the storage account holding the run queue (managed identity; locally the Azurite connection string is used)',
    ),
  // Alerts
  SLACK_WEBHOOK_URL: httpsUrl
    .optional()
    .describe('Slack incoming webhook for run summaries (secret; Key Vault reference)'),
  SLACK_ESCALATION_WEBHOOK_URL: httpsUrl
    .optional()
    .describe('Slack incoming webhook for critical escalations (secret; Key Vault reference)'),
  SLACK_ESCALATION_USER_GROUPS: slackGroupIds
    .default([])
    .describe('Slack user group ids mentioned on escalation, comma-separated'),
  SLACK_TIMEOUT_MS: timeoutMs.default(10_000).describe('Timeout of one Slack request in milliseconds'),
  // Engine rules (docs/rules.md §2–§4)
  RECON_TOLERANCE_PCT: z.string().optional().describe('Tolerance in percent of expected (default 1)'),
  RECON_TOLERANCE_ABS: z.string().optional().describe('Minimum tolerance in currency units (default 1.00)'),
  RECON_CRITICAL_AMOUNT: z
    .string()
    .optional()
    .describe('abs(variance) from which a row is critical (default 5000.00)'),
  RECON_RECURRING_TYPES: csvList.optional().describe('Recurring revenue types, comma-separated'),
  RECON_ONE_TIME_TYPES: csvList.optional().describe('One-time revenue types, comma-separated'),
  RECON_PRORATION: z.enum(['monthly', 'daily']).optional().describe('monthly (default) or daily proration'),
  RECON_LTD_TOLERANCE_PCT: z
    .string()
    .optional()
    .describe('Life-to-date tolerance in percent of LTD expected (default 0)'),
  RECON_LTD_TOLERANCE_ABS: z
    .string()
    .optional()
    .describe('Minimum life-to-date tolerance in currency units (default RECON_TOLERANCE_ABS)'),
});

export type AppSettings = z.output<typeof AppSettingsSchema>;
export const APP_SETTING_NAMES = Object.keys(AppSettingsSchema.shape) as (keyof AppSettings)[];

/**
 * Settings that only make sense on a developer machine, so infra/ does not set them in Azure (test/infra checks
 * that every other name is an app setting in the Bicep, and that these are not): in Azure the app signs in to SQL
 * and Storage with its managed identity, so there is no SQL login or password and no storage connection string,
 * and Azure SQL presents a trusted certificate, so trusting a self-signed one is for the local emulator only.
 */
export const LOCAL_ONLY_SETTINGS = [
  'SQL_USER',
  'SQL_PASSWORD',
  'SQL_TRUST_SERVER_CERTIFICATE',
  'REPORTS_STORAGE_CONNECTION_STRING',
] as const satisfies readonly (keyof AppSettings)[];

export type AppSettingsResult =
  | { ok: true; settings: AppSettings }
  | {
      ok: false;
      /** One per bad setting, "invalid setting NAME: why", in the schema's order. */
      problems: string[];
    };

/** Validates the settings and says what is wrong with every bad one (`recon check` lists them all). */
export function parseAppSettings(env: Record<string, string | undefined> = process.env): AppSettingsResult {
  const present = Object.fromEntries(
    APP_SETTING_NAMES.filter((n) => env[n] !== undefined && env[n] !== '').map((n) => [n, env[n]]),
  );
  const result = AppSettingsSchema.safeParse(present);
  // Every bad setting, the engine rules (RECON_*) in the same pass, one line each: its first problem
  // (a bad number may fail two of its checks).
  const byName = new Map<string, string>();
  const add = (name: string, line: string) => {
    if (!byName.has(name)) byName.set(name, line);
  };
  if (!result.success)
    for (const issue of result.error.issues) {
      const name = issue.path.join('.');
      add(name, `invalid setting ${name}: ${issue.message}`);
    }
  for (const p of engineRuleProblems(present)) add(p.name, p.line);
  if (result.success && byName.size === 0) return { ok: true, settings: result.data };
  return { ok: false, problems: [...byName.values()] };
}

/** The engine rules' app settings, by their key in the engine's own settings. */
const ENGINE_RULE_SETTINGS = {
  tolerance_pct: 'RECON_TOLERANCE_PCT',
  tolerance_abs: 'RECON_TOLERANCE_ABS',
  critical_amount: 'RECON_CRITICAL_AMOUNT',
  recurring_types: 'RECON_RECURRING_TYPES',
  one_time_types: 'RECON_ONE_TIME_TYPES',
  proration: 'RECON_PRORATION',
  ltd_tolerance_pct: 'RECON_LTD_TOLERANCE_PCT',
  ltd_tolerance_abs: 'RECON_LTD_TOLERANCE_ABS',
} as const satisfies Record<string, keyof AppSettings>;

/** Every problem of the RECON_* rule settings, by the engine's schema, under their app setting names. */
function engineRuleProblems(present: Record<string, string | undefined>): { name: string; line: string }[] {
  const input = Object.fromEntries(
    Object.entries(ENGINE_RULE_SETTINGS).flatMap(([key, env]) => {
      const raw = present[env];
      if (raw === undefined) return [];
      // Read as the app schema reads it (a type list is split at commas); what it refuses goes on as
      // given, for the engine's schema to name.
      const read = AppSettingsSchema.shape[env].safeParse(raw);
      return [[key, read.success ? read.data : raw]];
    }),
  );
  const result = EngineSettingsSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const env = ENGINE_RULE_SETTINGS[key as keyof typeof ENGINE_RULE_SETTINGS] as string | undefined;
    const message = renameKeys(issue.message);
    // A rule over several settings names them in its message (and is a line of its own).
    return env
      ? { name: env, line: `invalid setting ${env}: ${message}` }
      : { name: message, line: `invalid settings: ${message}` };
  });
}

/** An engine message names its keys (tolerance_abs); the app's reader knows them as RECON_TOLERANCE_ABS. */
function renameKeys(message: string): string {
  // Whole words only: tolerance_pct must not rewrite the inside of ltd_tolerance_pct.
  return Object.entries(ENGINE_RULE_SETTINGS).reduce(
    (msg, [key, env]) => msg.replace(new RegExp(`\\b${key}\\b`, 'g'), env),
    message,
  );
}

/**
 * Settings the Functions host reads itself, to bind a trigger (`%NAME%` in functions/index.ts): a
 * default in the schema above never reaches it, so in the host they must be set, defaults or not.
 */
export const HOST_BOUND_SETTINGS = {
  RECON_TIMER_SCHEDULE: 'the month-end timer',
  RUN_QUEUE_NAME: 'the run queue',
} as const satisfies Partial<Record<keyof AppSettings, string>>;

/** In the Functions host: each host-bound setting is set, or a SettingsError names the first that is not. */
export function requireHostBoundSettings(env: Record<string, string | undefined>): void {
  for (const [name, binds] of Object.entries(HOST_BOUND_SETTINGS)) {
    if ((env[name] ?? '').trim() !== '') continue;
    const fallback = AppSettingsSchema.shape[name as keyof typeof HOST_BOUND_SETTINGS].parse(undefined);
    throw new SettingsError(
      `${name} is not set: the Functions host binds ${binds} to it (%${name}%), so it must be an app setting even at its default ("${fallback}")`,
    );
  }
}

/** Reads and validates the settings; a bad one throws a SettingsError naming it. */
export function loadAppSettings(env: Record<string, string | undefined> = process.env): AppSettings {
  const result = parseAppSettings(env);
  if (!result.ok) throw new SettingsError(result.problems[0]!);
  return result.settings;
}

/** The engine rules from app settings (RECON_*), validated by the engine's own schema. */
export function engineSettingsFromApp(s: AppSettings): EngineSettings {
  const input = Object.fromEntries(
    Object.entries(ENGINE_RULE_SETTINGS).flatMap(([key, env]) =>
      s[env] === undefined ? [] : [[key, s[env]]],
    ),
  );
  try {
    return parseEngineSettings(input);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    throw new SettingsError(renameKeys(error.message));
  }
}

/**
 * The error for a REPORTS_STORAGE_CONNECTION_STRING the storage SDK refuses. The SDK's own message may
 * quote the string, key included, so it is never passed on.
 */
export function badConnectionString(endpoint: 'BlobEndpoint' | 'QueueEndpoint'): SettingsError {
  return new SettingsError(
    `invalid setting REPORTS_STORAGE_CONNECTION_STRING: not a storage connection string (AccountName, AccountKey and ${endpoint}, or UseDevelopmentStorage=true)`,
  );
}
