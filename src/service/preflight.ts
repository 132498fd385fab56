// The preflight (`recon check`, GET /api/health): everything a run needs, tried without running one.
import type { TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { parseAppSettings, type AppSettings } from '../config/app-settings.js';
import { echo } from '../core/echo.js';
import { silentLogger } from '../pipeline/ports/logger.js';
import { blobServiceFromSettings } from '../storage/blob-report-store.js';
import {
  PROBE_PREFIX,
  probeContainer,
  STEP_RIGHTS,
  type ContainerProbe,
} from '../storage/container-probe.js';
import {
  DEFAULT_DEALS_QUERY,
  DEFAULT_ENTRIES_QUERY,
  DEFAULT_HISTORY_QUERY,
  probeSqlServer,
  missingServer,
  sqlEndpoints,
  type Endpoint,
  type QueryProbe,
  type ServerProbe,
  type SqlEndpoints,
} from '../sources/sql/index.js';
import { probeRunQueue, runQueueClient, type QueueProbe } from './run-queue.js';
import { createServices } from './services.js';
import { blobConnection } from './storage-wiring.js';
import { errorMessage } from '../core/error-message.js';

export const PreflightCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  /** What to change, when not ok. */
  fix: z.string().optional(),
});
export const PreflightResultSchema = z.object({
  ok: z.boolean(),
  checks: z.array(PreflightCheckSchema),
});
export type PreflightCheck = z.infer<typeof PreflightCheckSchema>;
export type PreflightResult = z.infer<typeof PreflightResultSchema>;

/** Every check, in the order they are reported (the same list whatever fails). */
export const CHECK_NAMES = [
  'settings',
  'sql analytics',
  'deals query',
  'sql accounting',
  'entries query',
  'history query',
  'report container',
  'run queue',
  'slack',
] as const;
type CheckName = (typeof CHECK_NAMES)[number];

export interface PreflightOptions {
  /** Token credential for SQL and the queue (tests; in Azure the managed identity, as for runs). */
  credential?: TokenCredential;
}

/** One try, a short timeout: an unreachable account should say so in seconds, not after the SDK's four tries. */
const STORAGE_RETRY = { maxTries: 1, tryTimeoutInMs: 15_000 };
/** Check details quote server messages; they are cut like any echoed text, only more generously. */
const DETAIL_MAX_CHARS = 600;

/**
 * Runs every check against the settings in `env` and never throws: a check that cannot run is a
 * failed check. Nothing is posted and no row is read; the only write is a probe blob under
 * `preflight/` in the report container, deleted at once.
 */
export async function runPreflight(
  env: Record<string, string | undefined>,
  options: PreflightOptions = {},
): Promise<PreflightResult> {
  const parsed = parseAppSettings(env);
  const checks = new Map<CheckName, PreflightCheck>();
  const put = (name: CheckName, ok: boolean, detail: string, fix?: string): void => {
    checks.set(name, { name, ok, detail, ...(ok || fix === undefined ? {} : { fix }) });
  };
  if (!parsed.ok) {
    put('settings', false, parsed.problems.join('; '), settingsFix(parsed.problems, env));
    for (const name of CHECK_NAMES.slice(1))
      put(name, false, 'not checked: the settings are invalid', 'fix the settings check first');
  } else {
    const settings = parsed.settings;
    const problem = servicesProblem(settings, options);
    if (problem) put('settings', false, problem, settingsFix([problem], env));
    else put('settings', true, settingsSummary(settings));
    await Promise.all([
      sqlChecks(settings, options, put),
      containerCheck(settings, put),
      queueCheck(settings, options, put),
    ]);
    slackCheck(settings, put);
  }
  const scrub = redactor(env);
  const list = CHECK_NAMES.map((name) => {
    const c = checks.get(name)!;
    return {
      ...c,
      detail: echo(scrub(c.detail), DETAIL_MAX_CHARS),
      ...(c.fix === undefined ? {} : { fix: echo(scrub(c.fix), DETAIL_MAX_CHARS) }),
    };
  });
  return { ok: list.every((c) => c.ok), checks: list };
}

/** `OK   name: detail` / `FAILED name: detail — fix: fix`, one line per check (the CLI prints these). */
export function preflightLines(result: PreflightResult): string[] {
  return result.checks.map((c) =>
    c.ok
      ? `OK   ${c.name}: ${c.detail}`
      : `FAILED ${c.name}: ${c.detail} — fix: ${c.fix ?? 'see the detail'}`,
  );
}

type Put = (name: CheckName, ok: boolean, detail: string, fix?: string) => void;

/** What the host does at start after parsing: build the services (no I/O). A SettingsError there stops it too. */
function servicesProblem(settings: AppSettings, options: PreflightOptions): string | undefined {
  try {
    createServices(settings, silentLogger, options.credential ? { credential: options.credential } : {});
    return undefined;
  } catch (error) {
    // A SettingsError naming the setting is the expected case; anything else is reported too: the preflight never throws.
    return errorMessage(error);
  }
}

function settingsSummary(s: AppSettings): string {
  const storage = s.REPORTS_STORAGE_ACCOUNT_URL ? 'managed identity' : 'connection string';
  return `valid (SQL sign-in ${s.SQL_AUTHENTICATION}, reports storage by ${storage}, container ${s.REPORTS_CONTAINER}, queue ${s.RUN_QUEUE_NAME}, life to date ${s.RECON_LIFE_TO_DATE ? 'on' : 'off'})`;
}

function settingsFix(problems: string[], env: Record<string, string | undefined>): string {
  const named = problems.map((p) => /\b([A-Z][A-Z0-9_]{3,})\b/.exec(p)?.[1]);
  const names = [...new Set(named.filter((n): n is string => n !== undefined))];
  const vault = names.filter((n) => env[n]?.startsWith('@Microsoft.KeyVault('));
  if (vault.length > 0)
    return `${vault.join(', ')} is a Key Vault reference the platform did not resolve: check that the app's identity has Key Vault Secrets User on the vault and that the secret exists (docs/deploy.md)`;
  return `correct ${names.join(', ') || 'the setting named'} in the Function App's settings (locally: the environment or local.settings.json); local.settings.example.json's Comments say what each takes (README, Settings)`;
}

async function sqlChecks(settings: AppSettings, options: PreflightOptions, put: Put): Promise<void> {
  let endpoints: SqlEndpoints;
  try {
    endpoints = sqlEndpoints(settings);
  } catch (error) {
    const reason = errorMessage(error);
    // Each server's check names its own missing setting, not the first one sqlEndpoints met.
    for (const [name, prefix] of [
      ['sql analytics', 'ANALYTICS'],
      ['sql accounting', 'ACCOUNTING'],
    ] as const) {
      const own = settings[`${prefix}_SQL_SERVER`] ? `not checked: ${reason}` : missingServer(prefix);
      put(name, false, own, 'set the SQL Server settings');
    }
    for (const name of ['deals query', 'entries query', 'history query'] as const)
      put(name, false, 'not checked: no SQL Server to ask', 'fix the sql checks first');
    return;
  }
  const history = settings.RECON_LIFE_TO_DATE ? [endpoints.history] : [];
  const [analytics, accounting] = await Promise.all([
    serverProbe(settings, [endpoints.deals], options),
    serverProbe(settings, [endpoints.entries, ...history], options),
  ]);
  serverChecks('sql analytics', analytics, [['deals query', endpoints.deals]], put);
  serverChecks(
    'sql accounting',
    accounting,
    [['entries query', endpoints.entries], ...history.map((e) => ['history query', e] as const)],
    put,
  );
  if (!settings.RECON_LIFE_TO_DATE)
    put('history query', true, 'not read: RECON_LIFE_TO_DATE=false (no life to date, open items or aging)');
}

async function serverProbe(
  settings: AppSettings,
  endpoints: Endpoint[],
  options: PreflightOptions,
): Promise<ServerProbe> {
  try {
    return await probeSqlServer(settings, endpoints, options.credential);
  } catch (error) {
    const reason = errorMessage(error);
    return { login: { ok: false, reason, fix: 'check the SQL settings' }, queries: [] };
  }
}

function serverChecks(
  name: CheckName,
  probe: ServerProbe,
  queries: readonly (readonly [CheckName, Endpoint])[],
  put: Put,
): void {
  if (!probe.login.ok) {
    put(name, false, probe.login.reason, probe.login.fix);
    for (const [query] of queries)
      put(query, false, `not checked: cannot sign in to ${name.slice(4)}`, `fix the ${name} check first`);
    return;
  }
  put(name, true, probe.login.detail);
  queries.forEach(([query, endpoint], i) => {
    const result = probe.queries[i]!;
    if (!result.ok) put(query, false, `${endpoint.target.querySetting}: ${result.reason}`, result.fix);
    else put(query, true, queryDetail(endpoint, result));
  });
}

const DEFAULT_QUERIES: Record<Endpoint['source'], string> = {
  deals: DEFAULT_DEALS_QUERY,
  entries: DEFAULT_ENTRIES_QUERY,
  history: DEFAULT_HISTORY_QUERY,
};

function queryDetail(e: Endpoint, r: Extract<QueryProbe, { ok: true }>): string {
  const which =
    e.query === DEFAULT_QUERIES[e.source]
      ? `the default ${e.source} query (${e.target.querySetting} not set)`
      : e.target.querySetting;
  const absent = r.absent.length ? `; not given, read as empty: ${r.absent.join(', ')}` : '';
  return `${which} gives ${r.columns.length} canonical columns in types that fit, described without reading a row${absent}`;
}

async function containerCheck(settings: AppSettings, put: Put): Promise<void> {
  const name = settings.REPORTS_CONTAINER;
  let probe: ContainerProbe;
  let where: string;
  try {
    const clients = blobServiceFromSettings({ ...blobConnection(settings), retry: STORAGE_RETRY });
    where = `container ${name} on ${clients.description}`;
    probe = await probeContainer(clients.service, name, clients.signing);
  } catch (error) {
    put('report container', false, errorMessage(error), 'set REPORTS_STORAGE_ACCOUNT_URL');
    return;
  }
  if (probe.ok) {
    put(
      'report container',
      true,
      `${where}: ${probe.steps.join(', ')} allowed (probe blob under ${PROBE_PREFIX}, deleted)`,
    );
    return;
  }
  const facts = [probe.status === undefined ? undefined : `HTTP ${probe.status}`, probe.code]
    .filter(Boolean)
    .join(' ');
  const detail = `${where}: ${probe.step} failed${facts ? ` (${facts})` : ''}: ${probe.reason}`;
  if (probe.status === 403) {
    const role =
      probe.step === 'delegation key'
        ? 'Storage Blob Delegator on the storage account'
        : `Storage Blob Data Contributor on container ${name}`;
    put(
      'report container',
      false,
      detail,
      `the service's identity may not ${STEP_RIGHTS[probe.step]}: grant ${role} (infra/app/rbac.bicep does; role assignments can take a few minutes to apply)`,
    );
  } else if (probe.status === 404 || probe.code === 'ContainerNotFound')
    put(
      'report container',
      false,
      detail,
      `create container ${name} (azd provision does) or correct REPORTS_CONTAINER`,
    );
  else if (probe.status === undefined)
    put(
      'report container',
      false,
      detail,
      'the account is unreachable: check REPORTS_STORAGE_ACCOUNT_URL (locally REPORTS_STORAGE_CONNECTION_STRING and that Azurite runs) and the network path to it',
    );
  else put('report container', false, detail, 'check REPORTS_STORAGE_ACCOUNT_URL and the account');
}

async function queueCheck(settings: AppSettings, options: PreflightOptions, put: Put): Promise<void> {
  const name = settings.RUN_QUEUE_NAME;
  let probe: QueueProbe;
  try {
    probe = await probeRunQueue(runQueueClient(settings, options.credential, STORAGE_RETRY));
  } catch (error) {
    put('run queue', false, errorMessage(error), 'set RUN_QUEUE_SERVICE_URL');
    return;
  }
  if (probe.ok) {
    const waiting =
      probe.waiting === undefined
        ? ''
        : `, ${probe.waiting} message${probe.waiting === 1 ? '' : 's'} waiting`;
    put(
      'run queue',
      true,
      `queue ${name}: ${probe.created ? 'created (it was missing), ' : ''}properties and peek allowed${waiting} (sending is not tried: a worker would take the message)`,
    );
    return;
  }
  const facts = [probe.status === undefined ? undefined : `HTTP ${probe.status}`, probe.code]
    .filter(Boolean)
    .join(' ');
  const detail = `queue ${name}: ${probe.step} failed${facts ? ` (${facts})` : ''}: ${probe.reason}`;
  const right = {
    properties: 'read the queue',
    create: 'create the queue (it does not exist)',
    peek: 'read messages',
  }[probe.step];
  if (probe.status === 403)
    put(
      'run queue',
      false,
      detail,
      `the service's identity may not ${right}: grant Storage Queue Data Contributor on the host storage account (infra/app/rbac.bicep does; assignments can take a few minutes)`,
    );
  else if (probe.status === undefined)
    put(
      'run queue',
      false,
      detail,
      'the queue endpoint is unreachable: check RUN_QUEUE_SERVICE_URL (locally REPORTS_STORAGE_CONNECTION_STRING and that Azurite runs)',
    );
  else put('run queue', false, detail, 'check RUN_QUEUE_SERVICE_URL and RUN_QUEUE_NAME');
}

/**
 * Without a webhook the service runs but tells nobody, a failed month-end run included, so a missing one
 * fails the check. Only the host is reported: the path of an incoming webhook is its secret.
 */
function slackCheck(settings: AppSettings, put: Put): void {
  const summary = settings.SLACK_WEBHOOK_URL;
  if (!summary) {
    put(
      'slack',
      false,
      'SLACK_WEBHOOK_URL is not set: no run summary and no failure alert is posted',
      "set SLACK_WEBHOOK_URL to the channel's incoming webhook (azd env set SLACK_WEBHOOK_URL …; azd provision stores it in Key Vault)",
    );
    return;
  }
  const escalation = settings.SLACK_ESCALATION_WEBHOOK_URL;
  put(
    'slack',
    true,
    `summary webhook on ${new URL(summary).host}; ${escalation ? `escalation webhook on ${new URL(escalation).host}` : 'no escalation webhook (red runs get the summary only)'} (nothing posted)`,
  );
}

/** Every secret the settings hold, and the shapes secrets take in SDK messages, replaced before anything is shown. */
export function redactor(env: Record<string, string | undefined>): (text: string) => string {
  const values: string[] = [];
  for (const name of [
    'SQL_PASSWORD',
    'REPORTS_STORAGE_CONNECTION_STRING',
    'SLACK_WEBHOOK_URL',
    'SLACK_ESCALATION_WEBHOOK_URL',
  ]) {
    const v = env[name];
    if (!v) continue;
    values.push(v);
    if (URL.canParse(v)) values.push(new URL(v).pathname + new URL(v).search);
    for (const m of v.matchAll(/(?:AccountKey|SharedAccessSignature)=([^;]+)/gi)) values.push(m[1]!);
  }
  // Short values would redact ordinary words; SQL Server refuses passwords under 8 characters anyway.
  const known = [...new Set(values)]
    .filter((v) => v.length >= 6 && v !== '/')
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const v of known) out = out.split(v).join('[redacted]');
    return out
      .replace(/\b(AccountKey|SharedAccessSignature|Password|Pwd)=[^;\s]*/gi, '$1=[redacted]')
      .replace(/([?&]sig=)[^&\s]+/gi, '$1[redacted]')
      .replace(/(hooks\.slack\.com)\/[^\s"']+/gi, '$1/[redacted]');
  };
}
