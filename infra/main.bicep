// Whole deployment of the revenue reconciliation service into one resource group (azd `infra/`, or `az deployment group create`).
targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment (e.g. recon-prod); seeds the unique resource-name token and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region of every resource. Flex Consumption is not offered in every region: `az functionapp list-flexconsumption-locations`.')
param location string = resourceGroup().location

@description('Optional object id of a person or group that rotates the Slack webhook secrets (gets Key Vault Secrets Officer on the vault only). Empty: nobody.')
param webhookRotatorPrincipalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
@description('Kind of principal in webhookRotatorPrincipalId.')
param webhookRotatorPrincipalType string = 'User'

// ---------------------------------------------------------------------------------------------------------------------
// Function App (Flex Consumption)
// ---------------------------------------------------------------------------------------------------------------------

@allowed([512, 2048, 4096])
@description('Memory of one Flex Consumption instance in MB. A month-end run streams both sources; 2048 leaves headroom.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
@description('Upper bound of Flex Consumption instances (scale-out limit, and so a cost limit).')
param maximumInstanceCount int = 40

@minValue(30)
@maxValue(730)
@description('Log Analytics retention in days.')
param logRetentionDays int = 30

// ---------------------------------------------------------------------------------------------------------------------
// SQL sources: existing Azure SQL databases (or SQL Server reachable from Azure with Entra authentication).
// The database users for the identity are created by infra/scripts/grant-sql-access.mjs (azd postprovision hook).
// ---------------------------------------------------------------------------------------------------------------------

@minLength(1)
@description('Host name of the Analytics SQL Server, e.g. analytics-sql.database.windows.net.')
param analyticsSqlServer string

@minValue(1)
@maxValue(65535)
@description('TCP port of the Analytics SQL Server.')
param analyticsSqlPort int = 1433

@minLength(1)
@description('Analytics database (deal lines).')
param analyticsSqlDatabase string = 'Analytics'

@minLength(1)
@description('Host name of the Accounting SQL Server, e.g. accounting-sql.database.windows.net.')
param accountingSqlServer string

@minValue(1)
@maxValue(65535)
@description('TCP port of the Accounting SQL Server.')
param accountingSqlPort int = 1433

@minLength(1)
@description('Accounting database (revenue recognition entries).')
param accountingSqlDatabase string = 'Accounting'

@description('Encrypt SQL connections (TLS). Keep true in Azure.')
param sqlEncrypt bool = true

@minValue(1)
@maxValue(2147483647)
@description('SQL login timeout in milliseconds.')
param sqlConnectTimeoutMs int = 30000

@minValue(1)
@maxValue(2147483647)
@description('SQL query timeout in milliseconds (month-end queries are long).')
param sqlRequestTimeoutMs int = 600000

@minValue(1)
@description('Attempts for transient SQL failures.')
param sqlMaxRetries int = 5

@description('T-SQL SELECT for deal lines (canonical column names, @periodStart/@periodEnd). Empty: the app default.')
param dealsQuery string = ''

@description('T-SQL SELECT for recognition entries (canonical column names, @periodStart/@periodEnd). Empty: the app default.')
param entriesQuery string = ''

// ---------------------------------------------------------------------------------------------------------------------
// Runs, reports and the run queue
// ---------------------------------------------------------------------------------------------------------------------

@minLength(1)
@description('NCRONTAB schedule (UTC) of the month-end timer run. Default: 06:00 UTC on the 1st.')
param reconTimerSchedule string = '0 0 6 1 * *'

@description('Let the timer re-run a month that already completed.')
param reconRerunCompleted bool = false

@minLength(3)
@maxLength(63)
@description('Blob container of the report files.')
param reportsContainerName string = 'reports'

@minValue(1)
@description('Lifetime of report download links (user-delegation SAS) in hours. A user delegation key lives at most 7 days (168 h).')
@maxValue(168)
param reportLinkExpiryHours int = 168

@minValue(0)
@maxValue(146000)
@description('Days of WORM retention for report files (audit evidence). 0: no immutability policy. Can only be switched on when the container is first created; the policy is deployed unlocked.')
param reportsImmutabilityDays int = 0

@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS', 'Standard_RAGZRS'])
@description('Redundancy of the reports storage account (audit evidence may warrant zone or geo redundancy).')
param reportsStorageSku string = 'Standard_LRS'

@minLength(3)
@maxLength(63)
@description('Storage queue that carries on-demand runs (its poison queue <name>-poison is created by the Functions host).')
param runQueueName string = 'recon-runs'

// ---------------------------------------------------------------------------------------------------------------------
// Slack
// ---------------------------------------------------------------------------------------------------------------------

@secure()
@description('Slack incoming webhook for run summaries. Stored in Key Vault; empty: no summary is posted.')
param slackWebhookUrl string = ''

@secure()
@description('Slack incoming webhook for critical escalations. Stored in Key Vault; empty: no escalation webhook.')
param slackEscalationWebhookUrl string = ''

@description('Slack user group ids mentioned on escalation, comma-separated.')
param slackEscalationUserGroups string = ''

@minValue(1)
@maxValue(2147483647)
@description('Timeout of one Slack request in milliseconds.')
param slackTimeoutMs int = 10000

// ---------------------------------------------------------------------------------------------------------------------
// Engine rules (SPEC §3-§4). Empty: the engine default.
// ---------------------------------------------------------------------------------------------------------------------

@description('Tolerance in percent of expected. Empty: 1.')
param reconTolerancePct string = ''

@description('Minimum tolerance in currency units. Empty: 1.00.')
param reconToleranceAbs string = ''

@description('abs(variance) from which a row is critical. Empty: 5000.00.')
param reconCriticalAmount string = ''

@description('Recurring revenue types, comma-separated. Empty: Subscription,Support,Maintenance,Service.')
param reconRecurringTypes string = ''

@description('One-time revenue types, comma-separated. Empty: Implementation,Consulting,Setup.')
param reconOneTimeTypes string = ''

@allowed(['', 'monthly', 'daily'])
@description('Proration rule. Empty: monthly.')
param reconProration string = ''

@description('Life-to-date tolerance in percent of LTD expected (empty: 0)')
param reconLtdTolerancePct string = ''

@description('Minimum life-to-date tolerance in currency units (empty: the tolerance floor)')
param reconLtdToleranceAbs string = ''

@description('Read the history of earlier months for life to date, open items and aging')
param reconLifeToDate bool = true

@description('T-SQL SELECT of the recognized amounts before @periodStart (empty: the default, aggregated per deal, type and currency)')
param historyQuery string = ''

@description('E-mail address that gets the Azure Monitor alerts (run failed, month-end run missing, function failures, no functions indexed). Empty: none.')
param alertEmail string = ''

@secure()
@description('Webhook (common alert schema) that gets the same alerts, e.g. an incident tool. Empty: none.')
param alertWebhookUrl string = ''

@description('Key Vault purge protection. Recommended for production; once on it cannot be switched off, and `azd down --purge` cannot purge the vault.')
param keyVaultPurgeProtection bool = true

// ---------------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}recon-${resourceToken}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}recon-${resourceToken}'
var hostStorageName = '${abbrs.storageStorageAccounts}${resourceToken}'
var reportsStorageName = '${abbrs.storageStorageAccounts}rpt${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var monitoringNames = {
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
}
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

// ---------------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------------

// The one identity of the app: host storage, deployment package, run queue, reports, Key Vault references, SQL, App Insights.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: monitoringNames.logAnalytics
    applicationInsightsName: monitoringNames.applicationInsights
    retentionInDays: logRetentionDays
  }
}

// Alert rules on the app's telemetry and the action group they notify (README: Running it in production).
module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    applicationInsightsName: monitoringNames.applicationInsights
    actionGroupName: '${abbrs.insightsActionGroups}recon-${resourceToken}'
    alertEmail: alertEmail
    alertWebhookUrl: alertWebhookUrl
  }
  dependsOn: [monitoring]
}

module hostStorage 'app/host-storage.bicep' = {
  name: 'host-storage'
  params: {
    location: location
    tags: tags
    name: hostStorageName
    deploymentContainerName: deploymentContainerName
    runQueueName: runQueueName
  }
}

module reportsStorage 'app/reports-storage.bicep' = {
  name: 'reports-storage'
  params: {
    location: location
    tags: tags
    name: reportsStorageName
    sku: reportsStorageSku
    containerName: reportsContainerName
    immutabilityDays: reportsImmutabilityDays
  }
}

module keyVault 'app/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: tags
    name: keyVaultName
    purgeProtection: keyVaultPurgeProtection
    slackWebhookUrl: slackWebhookUrl
    slackEscalationWebhookUrl: slackEscalationWebhookUrl
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  params: {
    identityId: identity.id
    principalId: identity.properties.principalId
    // Names known before deployment (not module outputs) keep what-if precise; dependsOn orders the work instead.
    hostStorageName: hostStorageName
    reportsStorageName: reportsStorageName
    reportsContainerName: reportsContainerName
    keyVaultName: keyVaultName
    applicationInsightsName: monitoringNames.applicationInsights
    webhookRotatorPrincipalId: webhookRotatorPrincipalId
    webhookRotatorPrincipalType: webhookRotatorPrincipalType
  }
  dependsOn: [hostStorage, reportsStorage, keyVault, monitoring]
}

// Every setting the app reads (src/config/app-settings.ts, APP_SETTING_NAMES) except LOCAL_ONLY_SETTINGS.
// test/infra checks this list against the schema in both directions. Booleans are written as 'true'/'false'
// (ARM's string(bool) gives 'True', which the schema rejects); empty strings mean "use the app default".
var appSettings = {
  RECON_TIMER_SCHEDULE: reconTimerSchedule
  RECON_RERUN_COMPLETED: reconRerunCompleted ? 'true' : 'false'
  ANALYTICS_SQL_SERVER: analyticsSqlServer
  ANALYTICS_SQL_PORT: string(analyticsSqlPort)
  ANALYTICS_SQL_DATABASE: analyticsSqlDatabase
  ACCOUNTING_SQL_SERVER: accountingSqlServer
  ACCOUNTING_SQL_PORT: string(accountingSqlPort)
  ACCOUNTING_SQL_DATABASE: accountingSqlDatabase
  SQL_AUTHENTICATION: 'managed-identity'
  AZURE_CLIENT_ID: identity.properties.clientId
  SQL_ENCRYPT: sqlEncrypt ? 'true' : 'false'
  SQL_CONNECT_TIMEOUT_MS: string(sqlConnectTimeoutMs)
  SQL_REQUEST_TIMEOUT_MS: string(sqlRequestTimeoutMs)
  SQL_MAX_RETRIES: string(sqlMaxRetries)
  DEALS_QUERY: dealsQuery
  ENTRIES_QUERY: entriesQuery
  HISTORY_QUERY: historyQuery
  RECON_LIFE_TO_DATE: reconLifeToDate ? 'true' : 'false'
  REPORTS_STORAGE_ACCOUNT_URL: reportsStorage.outputs.blobEndpoint
  REPORTS_CONTAINER: reportsStorage.outputs.containerName
  REPORT_LINK_EXPIRY_HOURS: string(reportLinkExpiryHours)
  RUN_QUEUE_NAME: hostStorage.outputs.runQueueName
  RUN_QUEUE_SERVICE_URL: hostStorage.outputs.queueEndpoint
  // Key Vault references when a webhook is given, else empty (no secret exists to resolve; a dangling reference
  // would reach the app as the literal '@Microsoft.KeyVault(...)' text).
  SLACK_WEBHOOK_URL: empty(slackWebhookUrl) ? '' : keyVault.outputs.slackWebhookReference
  SLACK_ESCALATION_WEBHOOK_URL: empty(slackEscalationWebhookUrl) ? '' : keyVault.outputs.slackEscalationWebhookReference
  SLACK_ESCALATION_USER_GROUPS: slackEscalationUserGroups
  SLACK_TIMEOUT_MS: string(slackTimeoutMs)
  RECON_TOLERANCE_PCT: reconTolerancePct
  RECON_TOLERANCE_ABS: reconToleranceAbs
  RECON_CRITICAL_AMOUNT: reconCriticalAmount
  RECON_RECURRING_TYPES: reconRecurringTypes
  RECON_ONE_TIME_TYPES: reconOneTimeTypes
  RECON_PRORATION: reconProration
  RECON_LTD_TOLERANCE_PCT: reconLtdTolerancePct
  RECON_LTD_TOLERANCE_ABS: reconLtdToleranceAbs
}

module api 'app/api.bicep' = {
  name: 'api'
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    hostStorageName: hostStorageName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoringNames.applicationInsights
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: appSettings
  }
  // The host must not start before its identity may use host storage, resolve Key Vault references and publish
  // telemetry (rbac depends on the storage accounts, the vault and App Insights in turn).
  dependsOn: [rbac]
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs: azd stores them in the environment; the postprovision hook (infra/scripts/grant-sql-access.mjs) reads them.
// (The identity's client id is not output as AZURE_CLIENT_ID, which would steer the deployer's own credential.)
// ---------------------------------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output FUNCTION_IDENTITY_NAME string = identity.name
output FUNCTION_IDENTITY_CLIENT_ID string = identity.properties.clientId
output FUNCTION_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output ANALYTICS_SQL_SERVER string = analyticsSqlServer
output ANALYTICS_SQL_PORT int = analyticsSqlPort
output ANALYTICS_SQL_DATABASE string = analyticsSqlDatabase
output ACCOUNTING_SQL_SERVER string = accountingSqlServer
output ACCOUNTING_SQL_PORT int = accountingSqlPort
output ACCOUNTING_SQL_DATABASE string = accountingSqlDatabase
output KEY_VAULT_NAME string = keyVault.outputs.name
output REPORTS_STORAGE_ACCOUNT_NAME string = reportsStorage.outputs.name
output REPORTS_STORAGE_ACCOUNT_URL string = reportsStorage.outputs.blobEndpoint
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
