// The Azure Monitor alerts watch the events the app really logs, and notify one action group (e-mail, webhook).
import { describe, expect, it } from 'vitest';
import { readRepoFile } from './bicep-text.js';

const alerts = readRepoFile('infra/app/alerts.bicep');
const main = readRepoFile('infra/main.bicep');
const pipeline = readRepoFile('src/pipeline/run-reconciliation.ts');
const runtime = readRepoFile('functions/runtime.ts');
const ruleNames = [...alerts.matchAll(/^ {4}name: '([a-z-]+)'$/gm)].map((m) => m[1]);

describe('infra/app/alerts.bicep', () => {
  it('has the four rules: run failed, month-end heartbeat, function failures, functions not indexed', () => {
    expect(ruleNames).toEqual([
      'run-failed',
      'month-end-missing',
      'function-failures',
      'functions-not-indexed',
    ]);
    expect(alerts).toMatch(/resource alertRules 'Microsoft\.Insights\/scheduledQueryRules@[\w-]+' = \[/);
    expect(alerts).toContain('actionGroups: [actionGroup.id]');
  });

  it('queries events the app emits under those names', () => {
    for (const event of ['run_failed', 'run_completed', 'startup_failed'])
      expect(alerts, event).toContain(`customDimensions.event) == "${event}"`);
    expect(pipeline).toContain("event: 'run_completed'");
    expect(pipeline).toContain("event: 'run_failed'");
    expect(runtime).toContain("event: 'startup_failed'");
  });

  it('checks the previous month from 09:00 UTC on the 1st, hourly', () => {
    const heartbeat = alerts.slice(
      alerts.indexOf("name: 'month-end-missing'"),
      alerts.indexOf("name: 'function-failures'"),
    );
    expect(heartbeat).toContain('datetime_add("month", -1, monthStart)');
    expect(heartbeat).toContain('now() >= monthStart + 9h and completed == 0');
    expect(heartbeat).toContain("frequency: 'PT1H'");
  });

  it('sends to e-mail and a webhook given as parameters, the webhook kept secret', () => {
    expect(alerts).toMatch(/@secure\(\)\n@description\(.*\)\nparam alertWebhookUrl string/);
    expect(alerts).toContain('emailAddress: alertEmail');
    expect(alerts).toContain('serviceUri: alertWebhookUrl');
    expect(main).toMatch(/module alerts 'app\/alerts\.bicep'/);
    expect(main).toMatch(/@secure\(\)\n@description\(.*\)\nparam alertWebhookUrl string = ''/);
  });
});
