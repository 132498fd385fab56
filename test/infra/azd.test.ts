// azd wiring: azure.yaml, main.parameters.json against main.bicep's parameters and outputs, and the post-provision SQL grant script.
import { describe, expect, it } from 'vitest';
import { GRANT_BATCH, planGrants } from '../../infra/scripts/grant-sql-access.mjs';
import { params, readRepoFile } from './bicep-text.js';

interface ParametersFile {
  parameters: Record<string, { value: unknown }>;
}

const mainBicep = readRepoFile('infra/main.bicep');
const mainParams = params(mainBicep);
const parametersFile = JSON.parse(readRepoFile('infra/main.parameters.json')) as ParametersFile;
const azureYaml = readRepoFile('azure.yaml');

describe('infra/main.parameters.json', () => {
  it('names only parameters that main.bicep declares', () => {
    const declared = mainParams.map((p) => p.name);
    expect(declared.length).toBeGreaterThan(20);
    expect(Object.keys(parametersFile.parameters).filter((n) => !declared.includes(n))).toEqual([]);
  });

  it('gives every parameter without a default a value from the azd environment', () => {
    const required = mainParams.filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required).toEqual(
      expect.arrayContaining(['environmentName', 'analyticsSqlServer', 'accountingSqlServer']),
    );
    for (const name of required)
      expect(String(parametersFile.parameters[name]?.value), name).toMatch(/^\$\{[A-Z_]+(=[^}]*)?\}$/);
  });

  it('passes secrets only into @secure() parameters', () => {
    const secure = new Set(mainParams.filter((p) => p.secure).map((p) => p.name));
    for (const [name, { value }] of Object.entries(parametersFile.parameters)) {
      if (/WEBHOOK_URL/.test(String(value))) expect(secure.has(name), name).toBe(true);
    }
  });
});

describe('azure.yaml', () => {
  it('deploys service api as a TypeScript Function App from the repo root', () => {
    expect(azureYaml).toMatch(/^services:\n {2}api:\n(?: {4}.*\n)*? {4}project: \.\n/m);
    expect(azureYaml).toMatch(/^ {4}language: ts$/m);
    expect(azureYaml).toMatch(/^ {4}host: function$/m);
    expect(azureYaml).toMatch(/^ {2}path: infra$/m);
  });

  it('runs the SQL grant script after provisioning, on every OS', () => {
    const runs = [...azureYaml.matchAll(/^ {6}run: (.+)$/gm)].map((m) => m[1]);
    expect(azureYaml).toMatch(/^hooks:\n(?: {2}#.*\n)* {2}postprovision:\n/m);
    expect(runs).toEqual([
      'node infra/scripts/grant-sql-access.mjs',
      'node infra/scripts/grant-sql-access.mjs',
    ]);
  });
});

describe('infra/scripts/grant-sql-access.mjs', () => {
  const outputs = [...mainBicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]!);
  const env = {
    FUNCTION_IDENTITY_NAME: 'id-recon-abc',
    ANALYTICS_SQL_SERVER: 'analytics.database.windows.net',
    ANALYTICS_SQL_PORT: '1433',
    ANALYTICS_SQL_DATABASE: 'Analytics',
    ACCOUNTING_SQL_SERVER: 'accounting.database.windows.net',
    ACCOUNTING_SQL_DATABASE: 'Ledger',
  };

  it('reads only variables that main.bicep outputs (azd puts outputs in the hook environment)', () => {
    const read = new Set<string>();
    const recording = new Proxy(env, {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key) as unknown;
      },
    });
    planGrants(recording);
    expect(read.size).toBe(7);
    for (const name of read) expect(outputs, name).toContain(name);
  });

  it('plans both databases for the identity, port defaulting to 1433', () => {
    expect(planGrants(env)).toEqual([
      {
        label: 'analytics',
        server: 'analytics.database.windows.net',
        port: 1433,
        database: 'Analytics',
        identityName: 'id-recon-abc',
      },
      {
        label: 'accounting',
        server: 'accounting.database.windows.net',
        port: 1433,
        database: 'Ledger',
        identityName: 'id-recon-abc',
      },
    ]);
  });

  it('refuses a missing setting or a bad port, naming it', () => {
    expect(() => planGrants({ ...env, FUNCTION_IDENTITY_NAME: '' })).toThrow(/FUNCTION_IDENTITY_NAME/);
    expect(() => planGrants({ ...env, ACCOUNTING_SQL_SERVER: undefined })).toThrow(/ACCOUNTING_SQL_SERVER/);
    expect(() => planGrants({ ...env, ANALYTICS_SQL_PORT: '70000' })).toThrow(/ANALYTICS_SQL_PORT/);
  });

  it('creates the user from Entra ID and grants db_datareader only, quoting the name', () => {
    expect(GRANT_BATCH).toMatch(/N'CREATE USER ' \+ @quoted \+ N' FROM EXTERNAL PROVIDER'/);
    expect(GRANT_BATCH).toMatch(/N'ALTER ROLE db_datareader ADD MEMBER ' \+ @quoted/);
    expect(GRANT_BATCH).toMatch(/QUOTENAME\(@identityName\)/);
    expect(GRANT_BATCH).toMatch(
      /IF NOT EXISTS \(SELECT 1 FROM sys\.database_principals WHERE name = @identityName\)/,
    );
    expect(GRANT_BATCH.match(/ALTER ROLE (\w+)/g)).toEqual(['ALTER ROLE db_datareader']);
    expect(GRANT_BATCH).not.toMatch(/db_owner|db_datawriter|db_ddladmin|GRANT /i);
  });
});
