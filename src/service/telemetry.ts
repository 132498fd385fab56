// OpenTelemetry for the service: traces, logs and metrics exported to Azure Monitor (Application Insights) when configured.
import type { TokenCredential } from '@azure/identity';
import { metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TelemetryExporters {
  spans: SpanExporter;
  logs: LogRecordExporter;
  metrics: PushMetricExporter;
}

export interface Telemetry {
  tracerProvider: NodeTracerProvider;
  loggerProvider: LoggerProvider;
  meterProvider: MeterProvider;
  /** Sends everything recorded so far (a failing host start must get its error out before it dies). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export const SERVICE_NAME = 'revenue-recon';

/**
 * Registers the SDK globally: the pipeline and the loggers use only the OpenTelemetry API, which
 * records nothing until this runs. Metrics are exported every `metricIntervalMs` and on flush.
 */
export function startTelemetry(
  exporters: TelemetryExporters,
  options: { metricIntervalMs?: number } = {},
): Telemetry {
  const resource = resourceFromAttributes({ 'service.name': SERVICE_NAME });
  const tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(exporters.spans)],
  });
  tracerProvider.register();
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor(exporters.logs)],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: exporters.metrics,
        exportIntervalMillis: options.metricIntervalMs ?? 60_000,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    tracerProvider,
    loggerProvider,
    meterProvider,
    flush: async () => {
      await Promise.all([
        tracerProvider.forceFlush(),
        loggerProvider.forceFlush(),
        meterProvider.forceFlush(),
      ]);
    },
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      logs.disable();
      metrics.disable();
    },
  };
}

/**
 * Azure Monitor exporters when APPLICATIONINSIGHTS_CONNECTION_STRING is set (the Bicep sets it), else
 * undefined: locally the service logs to the console only. The Application Insights resource refuses
 * instrumentation-key ingestion, so the exporters sign in with the app's managed identity.
 */
export async function azureMonitorExporters(
  env: Record<string, string | undefined>,
  credential?: TokenCredential,
): Promise<TelemetryExporters | undefined> {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return undefined;
  // Loaded only when configured: the exporters are not needed for a local run.
  const { AzureMonitorLogExporter, AzureMonitorMetricExporter, AzureMonitorTraceExporter } =
    await import('@azure/monitor-opentelemetry-exporter');
  const identity = credential ?? (await identityFor(env));
  const options = { connectionString, ...(identity ? { credential: identity } : {}) };
  return {
    spans: new AzureMonitorTraceExporter(options),
    logs: new AzureMonitorLogExporter(options),
    metrics: new AzureMonitorMetricExporter(options),
  };
}

/**
 * Entra ID sign-in for ingestion when the host's own setting asks for it
 * (APPLICATIONINSIGHTS_AUTHENTICATION_STRING "Authorization=AAD[;ClientId=…]"); none otherwise
 * (a connection string with an ingestion key, or a local stand-in).
 */
async function identityFor(env: Record<string, string | undefined>): Promise<TokenCredential | undefined> {
  const auth = env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING;
  if (!auth || !/Authorization=AAD/i.test(auth)) return undefined;
  const clientId = /ClientId=([^;]+)/i.exec(auth)?.[1] ?? env.AZURE_CLIENT_ID;
  const { ManagedIdentityCredential } = await import('@azure/identity');
  return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
}
