// Azure Monitor alerts on the app's telemetry in Application Insights, sent to one action group (e-mail, and a webhook when given).
param location string
param tags object
param applicationInsightsName string
param actionGroupName string
@description('E-mail address the alerts go to (empty: none).')
param alertEmail string
@secure()
@description('Webhook the alerts are posted to, in the common alert schema (empty: none).')
param alertWebhookUrl string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'recon'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'recon-email'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
    webhookReceivers: empty(alertWebhookUrl)
      ? []
      : [
          {
            name: 'recon-webhook'
            serviceUri: alertWebhookUrl
            useCommonAlertSchema: true
          }
        ]
  }
}

// The app's log records land in `traces`, their attributes in customDimensions (src/pipeline/ports/logger.ts).
var rules = [
  {
    name: 'run-failed'
    displayName: 'Reconciliation run failed'
    description: 'A run ended failed (event=run_failed): its manifest and the Slack message give the reason. README: Running it in production.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'traces | where tostring(customDimensions.event) == "run_failed" | project timestamp, message, run_id = tostring(customDimensions.run_id), period = tostring(customDimensions.period), reason = tostring(customDimensions.reason)'
  }
  {
    name: 'month-end-missing'
    displayName: 'No completed month-end run by 09:00 UTC on the 1st'
    description: 'Heartbeat: from 09:00 UTC on the 1st, no run of the previous month completed (event=run_completed) since the month began. Fires hourly until one completes.'
    severity: 1
    frequency: 'PT1H'
    window: 'P1D'
    query: 'let monthStart = startofmonth(now()); let period = format_datetime(datetime_add("month", -1, monthStart), "yyyy-MM"); let completed = toscalar(traces | where timestamp >= monthStart | where tostring(customDimensions.event) == "run_completed" and tostring(customDimensions.period) == period | count); print period, completed | where now() >= monthStart + 9h and completed == 0'
  }
  {
    name: 'function-failures'
    displayName: 'Function invocations failed'
    description: 'An invocation of one of the app\'s functions failed, or the app logged an exception.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'union isfuzzy=true (requests | where success == false), exceptions | project timestamp, itemType, name, operation_Name, problemId, outerMessage'
  }
  {
    name: 'functions-not-indexed'
    displayName: 'The app registers no functions'
    description: 'The app failed to load (event=startup_failed, usually a bad app setting named in the record) or the host indexed no functions: the month-end timer is not running.'
    severity: 0
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'traces | where tostring(customDimensions.event) == "startup_failed" or message has "0 functions found" or message has "No job functions found" or message has "failed to index function" | project timestamp, message, reason = tostring(customDimensions.reason)'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [
  for rule in rules: {
    name: '${actionGroupName}-${rule.name}'
    location: location
    tags: tags
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [applicationInsights.id]
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [actionGroup.id]
      }
    }
  }
]

output actionGroupId string = actionGroup.id
output alertRuleNames array = [for (rule, i) in rules: alertRules[i].name]
