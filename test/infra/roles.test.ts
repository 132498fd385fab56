// Role assignments in infra/: built-in role GUIDs are the right ones, each assignment says why, nothing beyond least privilege.
import { describe, expect, it } from 'vitest';
import { bicepFiles, readRepoFile, resources, topLevelKeys, varObject } from './bicep-text.js';

/** Azure built-in role definition ids (identical in every tenant), from the Azure built-in roles reference. */
const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'Storage Blob Delegator': 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a',
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
  'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb',
};

/** What the app's identity must hold, and roles it must not. */
const REQUIRED = [
  'Storage Blob Data Owner',
  'Storage Blob Data Contributor',
  'Storage Blob Delegator',
  'Storage Queue Data Contributor',
  'Key Vault Secrets User',
  'Monitoring Metrics Publisher',
];
const NOT_GRANTED = ['Storage Table Data Contributor'];

const rbacText = readRepoFile('infra/app/rbac.bicep');
const roleVars = varObject(rbacText, 'roles');
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** 'Storage Blob Data Owner' -> 'storageBlobDataOwner', the naming of the `roles` variable. */
function camel(roleName: string): string {
  const words = roleName.split(' ');
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function roleId(roleName: string): string | undefined {
  const m = new RegExp(`^\\s*${camel(roleName)}: '([^']+)'`, 'm').exec(roleVars);
  return m?.[1];
}

describe('role definitions', () => {
  it('every key of the roles variable is a known built-in role with its real GUID', () => {
    const keys = topLevelKeys(roleVars);
    expect(keys.length).toBeGreaterThanOrEqual(REQUIRED.length);
    for (const key of keys) {
      const name = Object.keys(BUILT_IN_ROLES).find((n) => camel(n) === key);
      expect(name, `roles.${key} is a known built-in role`).toBeDefined();
      expect(roleId(name!), `roles.${key}`).toBe(BUILT_IN_ROLES[name!]);
    }
  });

  it('no GUID anywhere in infra/ other than a known built-in role', () => {
    const known = new Set(Object.values(BUILT_IN_ROLES));
    for (const file of bicepFiles()) {
      const found = readRepoFile(file).match(GUID) ?? [];
      expect(
        found.filter((g) => !known.has(g.toLowerCase())),
        file,
      ).toEqual([]);
    }
  });

  it('grants what the app needs and no table role (the host uses no tables here)', () => {
    for (const name of REQUIRED) {
      expect(roleId(name), name).toBe(BUILT_IN_ROLES[name]);
      expect(rbacText, `an assignment uses roles.${camel(name)}`).toMatch(
        new RegExp(`roleDefinitions',\\s*roles\\.${camel(name)}\\s*\\)`),
      );
    }
    for (const name of NOT_GRANTED) {
      for (const file of bicepFiles()) expect(readRepoFile(file), file).not.toContain(BUILT_IN_ROLES[name]);
    }
  });
});

describe('role assignments', () => {
  const assignments = bicepFiles().flatMap((file) =>
    resources(readRepoFile(file))
      .filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')
      .map((r) => ({ file, ...r })),
  );

  it('all live in rbac.bicep', () => {
    expect(assignments.length).toBeGreaterThanOrEqual(REQUIRED.length);
    expect(assignments.filter((a) => a.file !== 'infra/app/rbac.bicep').map((a) => a.symbol)).toEqual([]);
  });

  it('each has a comment saying why', () => {
    for (const a of assignments) expect(a.leadingComment, a.symbol).toMatch(/^\/\/ Why: .{20,}/);
  });

  it('each is scoped to one resource (never the resource group or subscription) and uses a built-in role by GUID', () => {
    for (const a of assignments) {
      expect(a.body, a.symbol).toMatch(/^\s+scope: \w+$/m);
      expect(a.body, a.symbol).toMatch(
        /roleDefinitionId: subscriptionResourceId\(\s*'Microsoft\.Authorization\/roleDefinitions',\s*roles\.\w+\s*\)/,
      );
      expect(a.body, a.symbol).toMatch(/name: guid\(\w+\.id, \w+, roles\.\w+\)/);
    }
  });

  it('the report roles sit on the reports account (delegator) and the reports container (data), not on host storage', () => {
    const scopeOf = (role: string): string[] =>
      assignments
        .filter((a) => new RegExp(`roles\\.${role}\\b`).test(a.body))
        .map((a) => /scope: (\w+)/.exec(a.body)![1]!);
    expect(scopeOf('storageBlobDelegator')).toEqual(['reportsStorage']);
    expect(scopeOf('storageBlobDataContributor')).toEqual(['reportsContainer']);
    expect(scopeOf('storageBlobDataOwner')).toEqual(['hostStorage']);
    expect(scopeOf('storageQueueDataContributor')).toEqual(['hostStorage']);
    expect(scopeOf('keyVaultSecretsUser')).toEqual(['vault']);
    expect(scopeOf('monitoringMetricsPublisher')).toEqual(['applicationInsights']);
  });
});
