// Security and platform settings of infra/ that must not regress: storage, Key Vault, App Insights, Flex Consumption.
import { describe, expect, it } from 'vitest';
import { bicepFiles, readRepoFile, resources, type ResourceBlock } from './bicep-text.js';

const all: (ResourceBlock & { file: string })[] = bicepFiles().flatMap((file) =>
  resources(readRepoFile(file)).map((r) => ({ file, ...r })),
);
const declared = (type: string): (ResourceBlock & { file: string })[] =>
  all.filter((r) => r.type === type && !r.existing);
const one = (type: string): ResourceBlock => {
  const found = declared(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

describe('storage accounts', () => {
  const accounts = declared('Microsoft.Storage/storageAccounts');

  it('host storage and reports storage are both declared', () => {
    expect(accounts.map((a) => a.file).sort()).toEqual([
      'infra/app/host-storage.bicep',
      'infra/app/reports-storage.bicep',
    ]);
  });

  it.each([
    'allowSharedKeyAccess: false',
    'allowBlobPublicAccess: false',
    "minimumTlsVersion: 'TLS1_2'",
    'supportsHttpsTrafficOnly: true',
  ])('every account sets %s', (flag) => {
    for (const a of accounts)
      expect(a.body, a.file).toMatch(
        new RegExp(`^\\s+${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm'),
      );
  });

  it('containers are private', () => {
    const containers = declared('Microsoft.Storage/storageAccounts/blobServices/containers');
    expect(containers.length).toBe(2);
    for (const c of containers) expect(c.body, c.symbol).toMatch(/publicAccess: 'None'/);
  });

  it('reports keep versions and soft-deleted blobs; the immutability policy is optional', () => {
    const blob = declared('Microsoft.Storage/storageAccounts/blobServices').find((b) =>
      b.file.endsWith('reports-storage.bicep'),
    );
    expect(blob?.body).toMatch(/isVersioningEnabled: true/);
    expect(blob?.body).toMatch(/deleteRetentionPolicy: \{\s+enabled: true/);
    const policy = one('Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies');
    expect(readRepoFile('infra/app/reports-storage.bicep')).toMatch(
      /resource immutability '[^']+' = if \(immutabilityDays > 0\) \{/,
    );
    expect(policy.body).toMatch(/immutabilityPeriodSinceCreationInDays: immutabilityDays/);
  });

  it('the run queue is declared in host storage', () => {
    expect(one('Microsoft.Storage/storageAccounts/queueServices/queues').body).toMatch(/name: runQueueName/);
  });
});

describe('Key Vault', () => {
  it('is in RBAC mode with soft delete', () => {
    const vault = one('Microsoft.KeyVault/vaults');
    expect(vault.body).toMatch(/enableRbacAuthorization: true/);
    expect(vault.body).toMatch(/enableSoftDelete: true/);
  });

  it('takes the webhook URLs only as @secure() parameters', () => {
    const text = readRepoFile('infra/main.bicep');
    for (const p of ['slackWebhookUrl', 'slackEscalationWebhookUrl']) {
      expect(text, p).toMatch(
        new RegExp(`@secure\\(\\)\\n(@description\\([^\\n]*\\)\\n)?param ${p} string = ''`),
      );
    }
    expect(declared('Microsoft.KeyVault/vaults/secrets')).toHaveLength(2);
  });
});

describe('monitoring', () => {
  it('Application Insights refuses key-based ingestion and sits on Log Analytics', () => {
    const ai = one('Microsoft.Insights/components');
    expect(ai.body).toMatch(/DisableLocalAuth: true/);
    expect(ai.body).toMatch(/WorkspaceResourceId: logAnalytics\.id/);
  });
});

describe('Function App', () => {
  const site = one('Microsoft.Web/sites');
  const plan = one('Microsoft.Web/serverfarms');

  it('runs on Flex Consumption, Linux, Node 22', () => {
    expect(plan.body).toMatch(/tier: 'FlexConsumption'/);
    expect(plan.body).toMatch(/name: 'FC1'/);
    expect(plan.body).toMatch(/reserved: true/);
    expect(site.body).toMatch(/kind: 'functionapp,linux'/);
    expect(site.body).toMatch(/runtime: \{\s+name: 'node'\s+version: '22'\s+\}/);
  });

  it('takes instance memory and maximum instances from parameters', () => {
    expect(site.body).toMatch(/instanceMemoryMB: instanceMemoryMB/);
    expect(site.body).toMatch(/maximumInstanceCount: maximumInstanceCount/);
    const main = readRepoFile('infra/main.bicep');
    expect(main).toMatch(/^param instanceMemoryMB int = \d+$/m);
    expect(main).toMatch(/^param maximumInstanceCount int = \d+$/m);
  });

  it('uses only the user-assigned identity: deployment package, Key Vault references, host storage, App Insights', () => {
    expect(site.body).toMatch(/type: 'UserAssigned'\s+userAssignedIdentities:/);
    expect(site.body).toMatch(/keyVaultReferenceIdentity: identityId/);
    expect(site.body).toMatch(
      /authentication: \{\s+type: 'UserAssignedIdentity'\s+userAssignedIdentityResourceId: identityId/,
    );
    const api = readRepoFile('infra/app/api.bicep');
    expect(api).toMatch(/AzureWebJobsStorage__credential: 'managedidentity'/);
    expect(api).toMatch(
      /APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=\$\{identityClientId\};Authorization=AAD'/,
    );
  });

  it('is HTTPS only, carries the azd service tag and has basic-auth publishing off', () => {
    expect(site.body).toMatch(/httpsOnly: true/);
    expect(site.body).toMatch(/'azd-service-name': 'api'/);
    const policies = declared('Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies).toHaveLength(2);
    for (const p of policies) expect(p.body).toMatch(/allow: false/);
  });
});

describe('all resources', () => {
  it('are plain resource declarations (no registry modules, which cannot be restored offline)', () => {
    for (const file of bicepFiles()) {
      expect(readRepoFile(file), file).not.toMatch(/^module\s+\w+\s+'(br|ts)[:/]/m);
    }
  });
});
