// Every setting the app reads is set by the Bicep and listed in local.settings.example.json, and nothing there is unused.
import { describe, expect, it } from 'vitest';
import {
  APP_SETTING_NAMES,
  AppSettingsSchema,
  LOCAL_ONLY_SETTINGS,
  loadAppSettings,
} from '../../src/config/app-settings.js';
import { readRepoFile, topLevelKeys, varObject } from './bicep-text.js';

/** Settings of the Functions host / platform in Azure (not read by the app's code), each with why it is there. */
const AZURE_HOST_SETTINGS: Readonly<Record<string, string>> = {
  AzureWebJobsStorage__credential: 'host storage through a managed identity instead of a connection string',
  AzureWebJobsStorage__clientId: 'which (user-assigned) identity the host uses for its storage',
  AzureWebJobsStorage__blobServiceUri: 'host blobs: timer status, locks, keys',
  AzureWebJobsStorage__queueServiceUri: 'the run queue trigger and output binding',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'where telemetry goes',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'telemetry signed in with the identity (local auth is off)',
};

/** Settings of the local Functions host (local.settings.json), not read by the app's code. */
const LOCAL_HOST_SETTINGS: Readonly<Record<string, string>> = {
  AzureWebJobsStorage: 'host storage: Azurite',
  FUNCTIONS_WORKER_RUNTIME: 'language worker: node',
};

const appNames: readonly string[] = APP_SETTING_NAMES;
const localOnly: readonly string[] = LOCAL_ONLY_SETTINGS;
const mainBicep = readRepoFile('infra/main.bicep');
const apiBicep = readRepoFile('infra/app/api.bicep');
const bicepAppSettings = topLevelKeys(varObject(mainBicep, 'appSettings'));
const bicepHostSettings = topLevelKeys(varObject(apiBicep, 'hostSettings'));

interface LocalSettingsExample {
  IsEncrypted: boolean;
  Values: Record<string, string>;
  Comments: Record<string, string>;
}
const localExample = JSON.parse(readRepoFile('local.settings.example.json')) as LocalSettingsExample;

function duplicates(names: readonly string[]): string[] {
  return names.filter((n, i) => names.indexOf(n) !== i);
}

describe('Bicep app settings', () => {
  it('the parser sees the settings blocks (guards the tests below against reading nothing)', () => {
    expect(bicepAppSettings.length).toBeGreaterThan(20);
    expect(bicepHostSettings.length).toBeGreaterThan(3);
  });

  it('set every setting the app reads, except the explicit local-only list', () => {
    const expected = appNames.filter((n) => !localOnly.includes(n));
    expect(expected.filter((n) => !bicepAppSettings.includes(n))).toEqual([]);
  });

  it('set nothing the app does not read', () => {
    expect(bicepAppSettings.filter((n) => !appNames.includes(n))).toEqual([]);
    expect(duplicates([...bicepAppSettings, ...bicepHostSettings])).toEqual([]);
  });

  it('leave the local-only settings out of Azure', () => {
    expect(localOnly.filter((n) => bicepAppSettings.includes(n) || bicepHostSettings.includes(n))).toEqual(
      [],
    );
    expect(localOnly.filter((n) => !appNames.includes(n))).toEqual([]);
  });

  it('add only documented host settings, and all of them', () => {
    expect([...bicepHostSettings].sort()).toEqual(Object.keys(AZURE_HOST_SETTINGS).sort());
  });

  it('deploy both lists: api.bicep writes union(appSettings, hostSettings) and main.bicep passes appSettings', () => {
    expect(apiBicep).toMatch(/name: 'appsettings'\s+properties: union\(appSettings, hostSettings\)/);
    expect(mainBicep).toMatch(/^\s+appSettings: appSettings$/m);
  });

  it('use the managed identity for SQL in Azure', () => {
    expect(varObject(mainBicep, 'appSettings')).toMatch(/SQL_AUTHENTICATION: 'managed-identity'/);
    expect(varObject(mainBicep, 'appSettings')).toMatch(/AZURE_CLIENT_ID: identity\.properties\.clientId/);
  });

  it('write booleans as true/false, never with string() (ARM renders True/False, which the schema rejects)', () => {
    const block = varObject(mainBicep, 'appSettings');
    const boolParams = [...mainBicep.matchAll(/^param (\w+) bool/gm)].map((m) => m[1]!);
    for (const p of boolParams) expect(block).not.toContain(`string(${p})`);
    expect(block).toMatch(/RECON_RERUN_COMPLETED: reconRerunCompleted \? 'true' : 'false'/);
  });

  it('reference the Slack webhooks from Key Vault', () => {
    const block = varObject(mainBicep, 'appSettings');
    expect(block).toMatch(/SLACK_WEBHOOK_URL: .*keyVault\.outputs\.slackWebhookReference/);
    expect(block).toMatch(
      /SLACK_ESCALATION_WEBHOOK_URL: .*keyVault\.outputs\.slackEscalationWebhookReference/,
    );
    expect(readRepoFile('infra/app/key-vault.bicep')).toMatch(
      /'@Microsoft\.KeyVault\(SecretUri=\$\{vault\.properties\.vaultUri\}secrets\/slack-webhook-url\/\)'/,
    );
  });
});

describe('local.settings.example.json', () => {
  const values = Object.keys(localExample.Values);

  it('lists every setting the app reads', () => {
    expect(appNames.filter((n) => !values.includes(n))).toEqual([]);
  });

  it('lists nothing but app settings and the local host settings', () => {
    expect(values.filter((n) => !appNames.includes(n) && !(n in LOCAL_HOST_SETTINGS))).toEqual([]);
    expect(Object.keys(LOCAL_HOST_SETTINGS).filter((n) => !values.includes(n))).toEqual([]);
  });

  it('has a comment for each value and no other, starting with the schema description', () => {
    expect(Object.keys(localExample.Comments).sort()).toEqual([...values].sort());
    for (const name of appNames) {
      const description = AppSettingsSchema.shape[name as keyof typeof AppSettingsSchema.shape].description;
      expect(description, `${name} has a description in the schema`).toBeTruthy();
      expect(localExample.Comments[name]?.startsWith(description!), `Comments.${name}`).toBe(true);
    }
  });

  it('holds values that pass the app settings schema, for a local run (SQL login, Azurite, no identity)', () => {
    const settings = loadAppSettings(localExample.Values);
    expect(settings.SQL_AUTHENTICATION).toBe('sql-login');
    expect(settings.REPORTS_STORAGE_CONNECTION_STRING).toBe('UseDevelopmentStorage=true');
    expect(localExample.Values.AzureWebJobsStorage).toBe('UseDevelopmentStorage=true');
    expect(localExample.Values.FUNCTIONS_WORKER_RUNTIME).toBe('node');
    expect(localExample.IsEncrypted).toBe(false);
    for (const [name, value] of Object.entries(localExample.Values))
      expect(typeof value, name).toBe('string');
  });
});
