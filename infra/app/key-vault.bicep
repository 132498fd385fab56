// Key Vault (RBAC mode) holding the Slack webhook URLs; outputs the app-setting values that reference them.
param location string
param tags object
param name string
param purgeProtection bool
@secure()
param slackWebhookUrl string
@secure()
param slackEscalationWebhookUrl string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true // access policies off: Azure RBAC roles only (rbac.bicep)
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: purgeProtection ? true : null // the API refuses an explicit false
    publicNetworkAccess: 'Enabled' // the App Service platform resolves the references from outside a VNet
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// A secret is written only when a value is given: an empty parameter leaves an existing secret untouched and
// the app setting empty (the webhook is optional and loadAppSettings treats '' as unset).
resource slackWebhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(slackWebhookUrl)) {
  parent: vault
  name: 'slack-webhook-url'
  properties: {
    value: slackWebhookUrl
    contentType: 'text/plain'
  }
}

resource slackEscalationWebhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(slackEscalationWebhookUrl)) {
  parent: vault
  name: 'slack-escalation-webhook-url'
  properties: {
    value: slackEscalationWebhookUrl
    contentType: 'text/plain'
  }
}

// The reference texts; main.bicep uses one only when its webhook parameter is set.
// Versionless references (trailing slash, no version): App Service resolves the newest enabled version, so a
// rotation is a new secret version, picked up within 24 hours or at once with a reference refresh (docs/deploy.md).
output name string = vault.name
output slackWebhookReference string = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/slack-webhook-url/)'
output slackEscalationWebhookReference string = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/slack-escalation-webhook-url/)'
