// `recon check` against the SQL emulator and Azurite: the exit codes through the real binary (bin/recon.js over
// dist/), the rest in process (the checks themselves: test/service/preflight.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteHandle } from '../../tools/azurite/start-azurite.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { recon, reconHere } from '../helpers/cli.js';

let sql: SqlEmulator;
let azurite: AzuriteHandle;
let env: Record<string, string>;

beforeAll(async () => {
  [sql, azurite] = await Promise.all([startSqlEmulator(), startAzurite()]);
  env = {
    ...sql.appSettings,
    REPORTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
    SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/cli-check-secret',
  };
}, 90_000);

afterAll(async () => {
  await Promise.all([sql?.close(), azurite?.close()]);
});

describe('recon check', () => {
  it('prints nine OK lines and exits 0 when everything is in place', async () => {
    const r = await recon(['check'], env);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/:.*$/, ''))).toEqual([
      'OK   settings',
      'OK   sql analytics',
      'OK   deals query',
      'OK   sql accounting',
      'OK   entries query',
      'OK   history query',
      'OK   report container',
      'OK   run queue',
      'OK   slack',
    ]);
    expect(lines.at(-1)).toBe(
      'OK   slack: summary webhook on hooks.slack.com; no escalation webhook (red runs get the summary only) (nothing posted)',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('cli-check-secret');
  });

  it('exits 1 with a FAILED line and its fix for a wrong SQL password, never printing it', async () => {
    const r = await recon(['check'], { ...env, SQL_PASSWORD: 'Cli-Wrong-Passw0rd' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^FAILED sql analytics: .*SQL error 18456.* — fix: check SQL_USER \/ SQL_PASSWORD/m,
    );
    expect(r.stdout).toMatch(/^OK {3}report container: /m);
    expect(`${r.stdout}${r.stderr}`).not.toContain('Cli-Wrong-Passw0rd');
  });

  it('exits 1 (a failed check, not a usage error) for a malformed setting', async () => {
    const r = await reconHere(['check'], { ...env, SQL_ENCRYPT: 'maybe' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED settings: invalid setting SQL_ENCRYPT/m);
  });

  it('keeps exit 2 for bad arguments', async () => {
    const r = await reconHere(['check', '--period', '2026-10'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('check does not take --period');
  });
});
