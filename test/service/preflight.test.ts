// The preflight in process against the real stand-ins: the SQL emulator over TCP, Azurite, the Slack stand-in.
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  generateAccountSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMN_KINDS, DEAL_LINE_COLUMNS, ENTRY_COLUMNS, HISTORY_COLUMNS } from '../../src/core/records.js';
import {
  CHECK_NAMES,
  preflightLines,
  redactor,
  runPreflight,
  type PreflightResult,
} from '../../src/service/preflight.js';
import { typeProblem } from '../../src/sources/sql/sql-probe.js';
import {
  AZURITE_ACCOUNT,
  AZURITE_KEY,
  startAzurite,
  type AzuriteHandle,
} from '../../tools/azurite/start-azurite.js';
import { startSlackSink, type SlackSink } from '../../tools/slack-sink/slack-sink.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { LocalTokenCredential } from '../sql/helpers.js';

let sql: SqlEmulator;
let azurite: AzuriteHandle;
let slack: SlackSink;
let env: Record<string, string>;

beforeAll(async () => {
  [sql, azurite, slack] = await Promise.all([startSqlEmulator(), startAzurite(), startSlackSink()]);
  env = {
    ...sql.appSettings,
    REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
    REPORTS_CONTAINER: 'reports',
    RUN_QUEUE_NAME: 'recon-runs',
    SLACK_WEBHOOK_URL: slack.url('/services/T000/B000/SECRETPATHXYZ'),
    SLACK_ESCALATION_WEBHOOK_URL: slack.url('/services/T000/B000/ESCALATIONXYZ'),
  };
}, 90_000);

afterAll(async () => {
  await Promise.all([sql?.close(), azurite?.close(), slack?.close()]);
});

const check = (r: PreflightResult, name: (typeof CHECK_NAMES)[number]) =>
  r.checks.find((c) => c.name === name)!;
const failed = (r: PreflightResult) => r.checks.filter((c) => !c.ok).map((c) => c.name);

/** Everything a person or a log could see of the result. */
function shown(r: PreflightResult): string {
  return `${JSON.stringify(r)}\n${preflightLines(r).join('\n')}`;
}

/** The secrets of the environment: none may appear in any output. */
function expectNoSecret(text: string, e: Record<string, string>): void {
  for (const secret of [
    e.SQL_PASSWORD,
    AZURITE_KEY,
    'SECRETPATHXYZ',
    'ESCALATIONXYZ',
    e.REPORTS_STORAGE_CONNECTION_STRING,
  ]) {
    if (secret) expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/sig=[A-Za-z0-9%]/);
}

describe('recon check / GET /api/health: the preflight', () => {
  it('passes every check against working services, in the fixed order, and posts nothing to Slack', async () => {
    const r = await runPreflight(env);
    expect(failed(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual([...CHECK_NAMES]);
    expect(check(r, 'sql analytics').detail).toMatch(
      /signed in to localhost:\d+\/Analytics with sql-login as recon/,
    );
    expect(check(r, 'deals query').detail).toMatch(/default deals query .* 12 canonical columns/);
    expect(check(r, 'history query').detail).toMatch(/default history query .* 5 canonical columns/);
    expect(check(r, 'report container').detail).toMatch(/create, write, lease, read, list, delete allowed/);
    expect(check(r, 'run queue').detail).toMatch(/queue recon-runs: created .*peek allowed/);
    expect(check(r, 'slack').detail).toBe(
      'summary webhook on 127.0.0.1:' +
        new URL(env.SLACK_WEBHOOK_URL!).port +
        '; escalation webhook on 127.0.0.1:' +
        new URL(env.SLACK_WEBHOOK_URL!).port +
        ' (nothing posted)',
    );
    expect(slack.requests).toEqual([]);
    expectNoSecret(shown(r), env);
    // The probe blob is gone: nothing is left under preflight/ in the container.
    const { BlobServiceClient } = await import('@azure/storage-blob');
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      'reports',
    );
    const left: string[] = [];
    for await (const b of container.listBlobsFlat()) left.push(b.name);
    expect(left).toEqual([]);
    // A second run finds the container and queue in place.
    const again = await runPreflight(env);
    expect(again.ok).toBe(true);
    expect(check(again, 'report container').detail).toMatch(/: write, lease, read, list, delete allowed/);
    expect(check(again, 'run queue').detail).not.toMatch(/created/);
  });

  it('prints one line per check: OK with the detail, FAILED with the fix', async () => {
    const r = await runPreflight({ ...env, SLACK_WEBHOOK_URL: '' });
    const lines = preflightLines(r);
    expect(lines).toHaveLength(CHECK_NAMES.length);
    expect(lines[0]).toMatch(/^OK {3}settings: valid/);
    expect(lines.at(-1)).toMatch(
      /^FAILED slack: SLACK_WEBHOOK_URL is not set.* — fix: set SLACK_WEBHOOK_URL/,
    );
  });

  it('signs in with a token credential under managed-identity, as in Azure', async () => {
    const credential = new LocalTokenCredential();
    const r = await runPreflight({ ...env, SQL_AUTHENTICATION: 'managed-identity' }, { credential });
    expect(check(r, 'sql analytics')).toMatchObject({ ok: true });
    expect(check(r, 'sql analytics').detail).toMatch(/with managed-identity$/);
    expect(check(r, 'entries query').ok).toBe(true);
    expect(credential.scopes).toContain('https://database.windows.net/.default');
  });

  it('a wrong SQL password fails both sign-ins, naming the settings to fix, and never shows the password', async () => {
    const wrong = { ...env, SQL_PASSWORD: 'Wrong-Passw0rd-123' };
    const r = await runPreflight(wrong);
    expect(r.ok).toBe(false);
    expect(failed(r)).toEqual([
      'sql analytics',
      'deals query',
      'sql accounting',
      'entries query',
      'history query',
    ]);
    const analytics = check(r, 'sql analytics');
    expect(analytics.detail).toMatch(
      /Analytics database "Analytics" on localhost:\d+: sign-in failed with SQL error 18456/,
    );
    expect(analytics.fix).toMatch(/SQL_USER \/ SQL_PASSWORD/);
    expect(check(r, 'deals query').detail).toMatch(/not checked/);
    expect(check(r, 'report container').ok).toBe(true);
    expectNoSecret(shown(r), wrong);
  });

  it('a query missing a canonical column fails naming the column and the setting', async () => {
    const r = await runPreflight({
      ...env,
      DEALS_QUERY:
        'SELECT d.DealId AS deal_id, d.RevenueType AS revenue_type, d.StartDate AS start_date FROM dbo.Deals AS d',
    });
    expect(failed(r)).toEqual(['deals query']);
    expect(check(r, 'deals query').detail).toMatch(
      /^DEALS_QUERY: the query returns no contract_value column/,
    );
    expect(check(r, 'deals query').fix).toMatch(/… AS contract_value/);
  });

  it('a column whose type cannot carry its value fails naming the column and the type', async () => {
    const r = await runPreflight({
      ...env,
      ENTRIES_QUERY:
        'SELECT r.EntryId AS entry_id, r.RecognitionPeriod AS recognition_period, CAST(r.RecognizedAmount AS float) AS recognized_amount FROM dbo.RevenueRecognition AS r WHERE r.RecognitionPeriod >= @periodStart',
    });
    expect(failed(r)).toEqual(['entries query']);
    expect(check(r, 'entries query').detail).toMatch(/column recognized_amount is float/);
    expect(check(r, 'entries query').fix).toMatch(
      /CONVERT\(nvarchar\(40\), …\) AS recognized_amount .* in ENTRIES_QUERY/,
    );
    // The same query with the type the default uses passes, with the columns it leaves out named.
    const fixed = await runPreflight({
      ...env,
      ENTRIES_QUERY:
        'SELECT r.EntryId AS entry_id, r.RecognitionPeriod AS recognition_period, r.RecognizedAmount AS recognized_amount FROM dbo.RevenueRecognition AS r WHERE r.RecognitionPeriod >= @periodStart',
    });
    expect(check(fixed, 'entries query')).toMatchObject({ ok: true });
    expect(check(fixed, 'entries query').detail).toMatch(
      /^ENTRIES_QUERY gives 3 .* read as empty: deal_id, revenue_type, currency$/,
    );
  });

  it('a query that does not compile fails with the server error, not the 11501 that follows it', async () => {
    const r = await runPreflight({
      ...env,
      HISTORY_QUERY: 'SELECT r.Nope AS deal_id FROM dbo.RevenueRecognition AS r',
    });
    expect(failed(r)).toEqual(['history query']);
    expect(check(r, 'history query').detail).toMatch(/SQL error 207: Invalid column name 'Nope'/);
    expect(check(r, 'history query').fix).toBe('check HISTORY_QUERY');
  });

  it('storage that cannot be reached fails the container and the queue checks, quickly', async () => {
    const down = {
      ...env,
      REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString
        .replace(/127\.0\.0\.1:\d+\/devstoreaccount1;Q/, '127.0.0.1:1/devstoreaccount1;Q')
        .replace(/(QueueEndpoint=http:\/\/127\.0\.0\.1:)\d+/, '$11'),
    };
    expect(down.REPORTS_STORAGE_CONNECTION_STRING).not.toBe(azurite.connectionString);
    const started = Date.now();
    const r = await runPreflight(down);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(failed(r)).toEqual(['report container', 'run queue']);
    expect(check(r, 'report container').detail).toMatch(/ECONNREFUSED/);
    expect(check(r, 'report container').fix).toMatch(/unreachable/);
    expect(check(r, 'run queue').fix).toMatch(/unreachable/);
    expectNoSecret(shown(r), down);
  });

  it('a sign-in without write rights fails on write, saying which right is missing, and hides the SAS', async () => {
    const sas = generateAccountSASQueryParameters(
      {
        permissions: AccountSASPermissions.parse('rl'),
        resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
        services: AccountSASServices.parse('bq').toString(),
        expiresOn: new Date(Date.now() + 3_600_000),
      },
      new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
    ).toString();
    const endpoints = azurite.connectionString
      .split(';')
      .filter((p) => /^(BlobEndpoint|QueueEndpoint)=/.test(p))
      .join(';');
    const readOnly = {
      ...env,
      REPORTS_STORAGE_CONNECTION_STRING: `${endpoints};SharedAccessSignature=${sas}`,
    };
    const r = await runPreflight(readOnly);
    const container = check(r, 'report container');
    expect(container.ok).toBe(false);
    expect(container.detail).toMatch(/write failed \(HTTP 403 AuthorizationPermissionMismatch\)/);
    expect(container.fix).toMatch(
      /may not write blobs .* Storage Blob Data Contributor on container reports/,
    );
    expect(check(r, 'run queue').ok).toBe(true);
    expectNoSecret(shown(r), readOnly);
    expect(shown(r)).not.toContain(sas.slice(-20));
  });

  it('no Slack webhook fails the slack check: the service would run but tell nobody', async () => {
    const r = await runPreflight({ ...env, SLACK_WEBHOOK_URL: '', SLACK_ESCALATION_WEBHOOK_URL: '' });
    expect(failed(r)).toEqual(['slack']);
    expect(check(r, 'slack').fix).toMatch(/SLACK_WEBHOOK_URL/);
  });

  it('a SQL server left unset is named by its own check, not by the other server’s', async () => {
    const r = await runPreflight({ ...env, ACCOUNTING_SQL_SERVER: '' });
    expect(check(r, 'sql accounting').detail).toMatch(/^ACCOUNTING_SQL_SERVER is not set/);
    expect(check(r, 'sql analytics').detail).toBe(
      'not checked: ACCOUNTING_SQL_SERVER is not set: the SQL source needs the Accounting server host name',
    );
    const none = await runPreflight({ ...env, ANALYTICS_SQL_SERVER: '', ACCOUNTING_SQL_SERVER: '' });
    expect(check(none, 'sql analytics').detail).toMatch(/^ANALYTICS_SQL_SERVER is not set/);
    expect(check(none, 'sql accounting').detail).toMatch(/^ACCOUNTING_SQL_SERVER is not set/);
  });

  it('a malformed setting fails the settings check naming every bad one; the rest are not checked', async () => {
    const r = await runPreflight({ ...env, ANALYTICS_SQL_PORT: 'abc', SQL_ENCRYPT: 'maybe' });
    expect(check(r, 'settings').detail).toMatch(
      /invalid setting ANALYTICS_SQL_PORT: .*; invalid setting SQL_ENCRYPT/,
    );
    expect(check(r, 'settings').fix).toMatch(/correct ANALYTICS_SQL_PORT, SQL_ENCRYPT/);
    expect(
      r.checks.slice(1).every((c) => !c.ok && c.detail === 'not checked: the settings are invalid'),
    ).toBe(true);
  });

  it('an unresolved Key Vault reference is named as such, without quoting it', async () => {
    const reference =
      '@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/slack-webhook-url/)';
    const r = await runPreflight({ ...env, SLACK_WEBHOOK_URL: reference });
    expect(check(r, 'settings').ok).toBe(false);
    expect(check(r, 'settings').fix).toMatch(
      /SLACK_WEBHOOK_URL is a Key Vault reference the platform did not resolve/,
    );
    expect(shown(r)).not.toContain('kv-x.vault');
  });

  it('a setting the start-up wiring refuses (sql-login without a user) fails settings and the sign-ins', async () => {
    const r = await runPreflight({ ...env, SQL_USER: '' });
    expect(check(r, 'settings').detail).toBe('SQL_AUTHENTICATION=sql-login needs SQL_USER and SQL_PASSWORD');
    expect(check(r, 'sql analytics').ok).toBe(false);
    expect(check(r, 'report container').ok).toBe(true);
  });
});

describe('the redaction every check detail and fix goes through', () => {
  it("takes out the settings' secrets and the shapes secrets take in SDK messages", () => {
    const scrub = redactor({
      SQL_PASSWORD: 'Hunter2-Passw0rd',
      REPORTS_STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5MTIz==;EndpointSuffix=core.windows.net',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B1/abcdefSECRET',
    });
    const text = [
      "Login failed for user 'recon' (password Hunter2-Passw0rd)",
      'key c2VjcmV0a2V5MTIz== and AccountKey=other-key-not-in-settings; x',
      'GET https://acct.blob.core.windows.net/reports/a?sv=2024&sig=AbC%2Fdef&se=2026 failed',
      'posting to https://hooks.slack.com/services/T9/B9/unknownpath failed',
      'path /services/T1/B1/abcdefSECRET seen',
      'Server=x;Password=p@ss;Database=y',
    ].join('\n');
    const out = scrub(text);
    for (const secret of [
      'Hunter2-Passw0rd',
      'c2VjcmV0a2V5MTIz',
      'other-key-not-in-settings',
      'AbC%2Fdef',
      'unknownpath',
      'abcdefSECRET',
      'p@ss',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain("Login failed for user 'recon'");
    expect(out).toContain('hooks.slack.com/[redacted]');
  });
});

describe('column types the SQL source can carry', () => {
  it.each([
    ['contract_value', 'varchar(40)', true],
    ['contract_value', 'decimal(18,2)', true],
    ['contract_value', 'money', true],
    ['contract_value', 'float', false],
    ['recognized_amount', 'real', false],
    ['start_date', 'date', true],
    ['start_date', 'datetime2(7)', true],
    ['start_date', 'datetimeoffset(7)', false],
    ['start_date', 'int', false],
    ['recognition_period', 'char(7)', true],
    ['duration_months', 'int', true],
    ['duration_months', 'date', false],
    ['deal_id', 'uniqueidentifier', true],
    ['deal_id', 'bigint', true],
    ['deal_id', 'varbinary(16)', false],
  ])('%s as %s fits: %s', (column, type, fits) => {
    expect(typeProblem(column, type) === undefined).toBe(fits);
  });

  it('knows the kind of every canonical column of every source', () => {
    expect(Object.keys(COLUMN_KINDS).sort()).toEqual(
      [...new Set([...DEAL_LINE_COLUMNS, ...ENTRY_COLUMNS, ...HISTORY_COLUMNS])].sort(),
    );
  });
});
