// Bad settings fail at start with one line naming the setting and why.
import { describe, expect, it } from 'vitest';
import {
  engineSettingsFromApp,
  loadAppSettings,
  parseAppSettings,
  requireHostBoundSettings,
} from '../../src/config/app-settings.js';
import { parseEngineSettings, SettingsError } from '../../src/core/engine-settings.js';
import { createServices } from '../../src/service/services.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error('expected a SettingsError');
}

describe('app settings', () => {
  it('apply defaults when nothing is set', () => {
    const s = loadAppSettings({});
    expect(s).toMatchObject({
      RECON_TIMER_SCHEDULE: '0 0 6 1 * *',
      SQL_ENCRYPT: true,
      SQL_REQUEST_TIMEOUT_MS: 600_000,
      REPORTS_CONTAINER: 'reports',
      REPORT_LINK_EXPIRY_HOURS: 168,
    });
    expect(engineSettingsFromApp(s)).toMatchObject({
      tolerance_pct: '1',
      tolerance_abs: '1.00',
      critical_amount: '5000.00',
      proration: 'monthly',
    });
  });

  it.each([
    [{ ANALYTICS_SQL_PORT: 'abc' }, 'ANALYTICS_SQL_PORT', 'whole number'],
    [{ SQL_ENCRYPT: 'maybe' }, 'SQL_ENCRYPT', ''],
    [{ SLACK_WEBHOOK_URL: 'not a url' }, 'SLACK_WEBHOOK_URL', ''],
    [{ SQL_AUTHENTICATION: 'password' }, 'SQL_AUTHENTICATION', ''],
    [{ REPORTS_CONTAINER: 'Reports_2026' }, 'REPORTS_CONTAINER', 'valid blob container name'],
    [{ ANALYTICS_SQL_PORT: '99999' }, 'ANALYTICS_SQL_PORT', 'TCP port (1-65535)'],
    [{ ACCOUNTING_SQL_PORT: '0' }, 'ACCOUNTING_SQL_PORT', 'TCP port (1-65535)'],
    [{ SLACK_WEBHOOK_URL: 'ftp://hooks.example/x' }, 'SLACK_WEBHOOK_URL', 'https://'],
    [
      { SLACK_ESCALATION_WEBHOOK_URL: 'http://hooks.slack.com/services/x' },
      'SLACK_ESCALATION_WEBHOOK_URL',
      'https://',
    ],
    [
      { REPORTS_STORAGE_ACCOUNT_URL: 'http://acct.blob.core.windows.net' },
      'REPORTS_STORAGE_ACCOUNT_URL',
      'https://',
    ],
    // Past 2^31 - 1 ms Node fires a timer after 1 ms: every Slack post or SQL query would time out.
    [{ SLACK_TIMEOUT_MS: '3000000000' }, 'SLACK_TIMEOUT_MS', 'at most 2147483647 ms'],
    [{ SQL_REQUEST_TIMEOUT_MS: '2147483648' }, 'SQL_REQUEST_TIMEOUT_MS', 'at most 2147483647 ms'],
    [{ SQL_CONNECT_TIMEOUT_MS: '99999999999' }, 'SQL_CONNECT_TIMEOUT_MS', 'at most 2147483647 ms'],
    [{ REPORT_LINK_EXPIRY_HOURS: '169' }, 'REPORT_LINK_EXPIRY_HOURS', 'at most 168 hours'],
    [{ RECON_TIMER_SCHEDULE: 'every day' }, 'RECON_TIMER_SCHEDULE', 'six fields'],
    [{ RECON_TIMER_SCHEDULE: '6 1 * *' }, 'RECON_TIMER_SCHEDULE', 'six fields'],
    [{ RECON_TIMER_SCHEDULE: '0 25 1 * *' }, 'RECON_TIMER_SCHEDULE', 'its hour field "25" takes 0-23'],
    [{ RECON_TIMER_SCHEDULE: 'a b c d e f' }, 'RECON_TIMER_SCHEDULE', 'its second field "a" takes 0-59'],
    [
      { RECON_TIMER_SCHEDULE: '99 99 99 99 99 99' },
      'RECON_TIMER_SCHEDULE',
      'its second field "99" takes 0-59',
    ],
    [{ RECON_TIMER_SCHEDULE: '0 0 6 32 * *' }, 'RECON_TIMER_SCHEDULE', 'its day field "32" takes 1-31'],
    [
      { RECON_TIMER_SCHEDULE: '0 0 6 1 Foo *' },
      'RECON_TIMER_SCHEDULE',
      'month field "Foo" takes 1-12 or jan-dec',
    ],
    [
      { RECON_TIMER_SCHEDULE: '0 0 6 1 * 7' },
      'RECON_TIMER_SCHEDULE',
      'day-of-week field "7" takes 0-6 or sun-sat',
    ],
    [{ RECON_TIMER_SCHEDULE: '0 0 6 L * *' }, 'RECON_TIMER_SCHEDULE', 'its day field "L" takes 1-31'],
    [{ RECON_TIMER_SCHEDULE: '0 0 6,,7 1 * *' }, 'RECON_TIMER_SCHEDULE', 'not a list of *'],
    [{ SLACK_ESCALATION_USER_GROUPS: '@finance-leads' }, 'SLACK_ESCALATION_USER_GROUPS', 'S0123ABCD'],
    [{ SLACK_ESCALATION_USER_GROUPS: 'S1><!channel' }, 'SLACK_ESCALATION_USER_GROUPS', 'S0123ABCD'],
    [{ AZURE_CLIENT_ID: 'not-a-guid' }, 'AZURE_CLIENT_ID', 'GUID'],
    [{ ANALYTICS_SQL_SERVER: '   ' }, 'ANALYTICS_SQL_SERVER', 'blank'],
    [{ DEALS_QUERY: ' \n ' }, 'DEALS_QUERY', 'blank'],
    [{ ANALYTICS_SQL_DATABASE: '  ' }, 'ANALYTICS_SQL_DATABASE', 'blank'],
  ])('%j fails naming %s', (env, name, why) => {
    const message = failure(() => loadAppSettings(env));
    expect(message).toMatch(new RegExp(`^invalid setting ${name}: `));
    expect(message).toContain(why);
    expect(message.split('\n')).toHaveLength(1);
  });

  it.each([
    [{ RECON_TOLERANCE_PCT: 'abc' }, 'RECON_TOLERANCE_PCT'],
    [{ RECON_CRITICAL_AMOUNT: '-5' }, 'RECON_CRITICAL_AMOUNT'],
    [{ RECON_PRORATION: 'weekly' }, 'RECON_PRORATION'],
    // 2^53 - 1 minor units of a 4-digit currency (CLF) is 900,719,925,474.0991 units: a larger amount
    // would fail the first run that meets such a currency, so it fails at start.
    [{ RECON_CRITICAL_AMOUNT: '100000000000000000' }, 'RECON_CRITICAL_AMOUNT'],
    [{ RECON_TOLERANCE_ABS: '900719925475' }, 'RECON_TOLERANCE_ABS'],
    [{ RECON_LTD_TOLERANCE_ABS: '999999999999999' }, 'RECON_LTD_TOLERANCE_ABS'],
    [{ RECON_RECURRING_TYPES: 'Subscription', RECON_ONE_TIME_TYPES: 'subscription' }, 'RECON_ONE_TIME_TYPES'],
  ])('engine rules from %j fail naming %s', (env, name) => {
    expect(failure(() => engineSettingsFromApp(loadAppSettings(env)))).toContain(name);
  });

  it('accept the largest exact amount, the longest timer, six-field schedules, group and client ids', () => {
    const s = loadAppSettings({
      RECON_CRITICAL_AMOUNT: '900719925474.0991',
      SLACK_TIMEOUT_MS: '2147483647',
      RECON_TIMER_SCHEDULE: '0 30 6 1,15-16 Jan-dec mon-FRI/2',
      SLACK_ESCALATION_USER_GROUPS: 'S0123ABCD, SFIN42',
      AZURE_CLIENT_ID: '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0',
    });
    expect(s).toMatchObject({
      SLACK_TIMEOUT_MS: 2_147_483_647,
      SLACK_ESCALATION_USER_GROUPS: ['S0123ABCD', 'SFIN42'],
    });
    expect(engineSettingsFromApp(s).critical_amount).toBe('900719925474.0991');
  });

  it('accept the NCRONTAB forms the Functions timer reads: lists, ranges, steps, names in any case', () => {
    for (const schedule of [
      '0 0 6 1 * *',
      '*/30 * * * * *',
      '0 5/15 9-17 * * Mon-Fri',
      '0 30 9 * Jan Mon',
      '0 0 6 1 January *',
      '0 0 9 * * Monday-Friday',
      // What NCrontab reads its own way: any name prefix, five fields, a backwards range, a step of 0.
      '0 0 6 1 Sept *',
      '0 0 9 * * Tues,Thurs',
      '0 6 1 * *',
      '0 0 17-9 1 * *',
      '*/0 0 6 1 * *',
      ' 0 0 0 1 1,7 0 ',
    ])
      expect(loadAppSettings({ RECON_TIMER_SCHEDULE: schedule }).RECON_TIMER_SCHEDULE).toBe(schedule);
  });

  it('list every bad setting at once, the engine rules with the rest (recon check prints them all)', () => {
    const result = parseAppSettings({
      SQL_ENCRYPT: 'maybe',
      RECON_TOLERANCE_ABS: 'x',
      RECON_LTD_TOLERANCE_PCT: 'y',
      RECON_PRORATION: 'weekly',
      RECON_CRITICAL_AMOUNT: '-5',
      RECON_TIMER_SCHEDULE: 'x',
    });
    expect(result.ok).toBe(false);
    const named = (result.ok ? [] : result.problems).map((p) => /^invalid setting (\w+):/.exec(p)?.[1]);
    // Schema order first, then the rules the engine's schema adds (RECON_PRORATION once).
    expect(named).toEqual([
      'RECON_TIMER_SCHEDULE',
      'SQL_ENCRYPT',
      'RECON_PRORATION',
      'RECON_TOLERANCE_ABS',
      'RECON_CRITICAL_AMOUNT',
      'RECON_LTD_TOLERANCE_PCT',
    ]);
  });

  it('in the Functions host, want the settings the host binds triggers to, even at their defaults', () => {
    expect(() =>
      requireHostBoundSettings({ RECON_TIMER_SCHEDULE: '0 0 6 1 * *', RUN_QUEUE_NAME: 'q' }),
    ).not.toThrow();
    expect(failure(() => requireHostBoundSettings({ RUN_QUEUE_NAME: 'q' }))).toBe(
      'RECON_TIMER_SCHEDULE is not set: the Functions host binds the month-end timer to it (%RECON_TIMER_SCHEDULE%), so it must be an app setting even at its default ("0 0 6 1 * *")',
    );
    expect(
      failure(() => requireHostBoundSettings({ RECON_TIMER_SCHEDULE: '0 0 6 1 * *', RUN_QUEUE_NAME: ' ' })),
    ).toContain('RUN_QUEUE_NAME is not set');
  });

  it('the service refuses to start without report storage, naming the setting', () => {
    expect(failure(() => createServices(loadAppSettings({}), silentLogger))).toContain(
      'REPORTS_STORAGE_ACCOUNT_URL',
    );
  });

  it('builds the Slack alerter from either webhook, and none without one', () => {
    const base = {
      ANALYTICS_SQL_SERVER: 'analytics.example',
      ACCOUNTING_SQL_SERVER: 'accounting.example',
      REPORTS_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net',
      RUN_QUEUE_SERVICE_URL: 'https://acct.queue.core.windows.net',
    };
    const hook = 'https://hooks.slack.com/services/T0/B0/x';
    const alerterOf = (extra: Record<string, string>) =>
      createServices(loadAppSettings({ ...base, ...extra }), silentLogger).alerter;
    expect(alerterOf({})).toBeUndefined();
    expect(alerterOf({ SLACK_WEBHOOK_URL: hook })).toBeDefined();
    expect(alerterOf({ SLACK_ESCALATION_WEBHOOK_URL: hook })).toBeDefined();
  });

  it('accepts http:// only to this machine (the local stand-ins)', () => {
    expect(loadAppSettings({ SLACK_WEBHOOK_URL: 'http://127.0.0.1:7071/services/x' }).SLACK_WEBHOOK_URL).toBe(
      'http://127.0.0.1:7071/services/x',
    );
  });

  it('the service refuses to start without the run queue endpoint, or with a malformed connection string (never quoting it)', () => {
    const sql = { ANALYTICS_SQL_SERVER: 'analytics.example', ACCOUNTING_SQL_SERVER: 'accounting.example' };
    expect(
      failure(() =>
        createServices(
          loadAppSettings({ ...sql, REPORTS_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net' }),
          silentLogger,
        ),
      ),
    ).toContain('RUN_QUEUE_SERVICE_URL');
    const garbage = failure(() =>
      createServices(
        loadAppSettings({ ...sql, REPORTS_STORAGE_CONNECTION_STRING: 'garbage;AccountKey=s3cret' }),
        silentLogger,
      ),
    );
    expect(garbage).toMatch(/^invalid setting REPORTS_STORAGE_CONNECTION_STRING: /);
    expect(garbage).not.toContain('s3cret');
  });

  it('engine settings files refuse unknown keys', () => {
    expect(failure(() => parseEngineSettings({ tolerance: 2 }))).toBe('unknown setting tolerance');
  });
});
