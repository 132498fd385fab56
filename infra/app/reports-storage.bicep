// Reports storage: the container finance downloads from (user-delegation SAS), versioned, optionally WORM-protected. Entra ID only.
param location string
param tags object
param name string
param sku string
param containerName string
@description('0: no immutability policy.')
param immutabilityDays int

// A separate account from host storage: versioning and soft delete here protect audit evidence, and on the host
// account they would keep a version of every lock and package blob the Functions host rewrites.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: sku }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false // no account keys: links are user-delegation SAS signed through Entra ID
    allowBlobPublicAccess: false // no anonymous reads
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled' // finance opens the SAS links from their own machines
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true // an overwritten or deleted report stays recoverable as a previous version
    deleteRetentionPolicy: {
      enabled: true
      days: 30
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 30
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
    // Version-level WORM support; it can only be turned on when the container is created.
    immutableStorageWithVersioning: immutabilityDays > 0 ? { enabled: true } : null
  }
}

// Default time-based retention for every blob version in the container. Deployed unlocked so a mistake can be
// undone; lock it by hand once agreed with audit (`az storage container immutability-policy lock`), which is final.
resource immutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = if (immutabilityDays > 0) {
  parent: container
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: immutabilityDays
    allowProtectedAppendWrites: false
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output containerName string = container.name
