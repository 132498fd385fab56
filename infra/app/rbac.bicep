// Role assignments of the app's user-assigned identity (and an optional webhook rotator), least privilege, each scoped as narrowly as the service allows.
@description('Resource id of the user-assigned identity (known before deployment, so it names the assignments).')
param identityId string
@description('Object id of that identity.')
param principalId string
param hostStorageName string
param reportsStorageName string
param reportsContainerName string
param keyVaultName string
param applicationInsightsName string
param webhookRotatorPrincipalId string
param webhookRotatorPrincipalType string

// Built-in role definition ids (the same in every tenant); test/infra checks them against the known names.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageName
}

resource reportsStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: reportsStorageName
}

resource reportsBlobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: reportsStorage
  name: 'default'
}

resource reportsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: reportsBlobService
  name: reportsContainerName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Why: AzureWebJobsStorage with an identity. The Functions host creates and leases blobs in its own containers
// (azure-webjobs-hosts: timer schedule status and singleton locks; azure-webjobs-secrets: function keys) and the
// Flex platform reads the app package from the deployment container. Microsoft's identity-based host-storage
// guidance and the Flex Consumption samples grant Blob Data Owner for this; scoped to the host account only,
// which holds nothing but host state.
resource hostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, identityId, roles.storageBlobDataOwner)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Why: the run queue. The HTTP function sends messages, the queue trigger reads and deletes them, and the host
// creates '<queue>-poison' and moves failed messages there, so the scope is the account's queues, not one queue.
resource hostQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, identityId, roles.storageQueueDataContributor)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageQueueDataContributor
    )
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// No Storage Table Data Contributor: the Node host uses no tables here (timer status and locks are blobs; tables are
// for Durable Functions and a few other extensions this app does not use).

// Why: writing report files, reading them back for run history, the per-period lease and withdrawing a partial
// publication. Contributor (not Owner: no ACL or ownership changes), scoped to the reports container only.
resource reportsBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(reportsContainer.id, identityId, roles.storageBlobDataContributor)
  scope: reportsContainer
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageBlobDataContributor
    )
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Why: finance's download links are user-delegation SAS. Getting a user delegation key is an account-level action
// (generateUserDelegationKey) and grants no data access by itself: what a SAS allows is further limited to the
// identity's own data role above (read on the reports container).
resource reportsBlobDelegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(reportsStorage.id, identityId, roles.storageBlobDelegator)
  scope: reportsStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDelegator)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Why: the Slack webhook app settings are Key Vault references resolved with this identity
// (keyVaultReferenceIdentity). Secrets User reads secret values only; the vault holds nothing else.
resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Why: optional, for the person or group who rotates the webhooks (`az keyvault secret set`); write access to
// secrets of this vault only. Not granted to the app.
resource vaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(webhookRotatorPrincipalId)) {
  name: guid(vault.id, webhookRotatorPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: webhookRotatorPrincipalId
    principalType: webhookRotatorPrincipalType
  }
}

// Why: Application Insights has local auth disabled, so telemetry is accepted only from an Entra identity
// holding Monitoring Metrics Publisher on the component (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
resource insightsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.monitoringMetricsPublisher
    )
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// SQL has no Azure role here: the identity becomes a db_datareader user in each database through
// infra/scripts/grant-sql-access.mjs (azd postprovision hook).
