// Telemetry of the Function App: OpenTelemetry to Application Insights (with the Azure Functions instrumentation) when configured.
import * as azureFunctions from '@azure/functions';
import instrumentation from '@azure/functions-opentelemetry-instrumentation';
import { azureMonitorExporters, startTelemetry, type Telemetry } from '../src/service/telemetry.js';

let telemetry: Telemetry | undefined;

/** Whether records go to Application Insights (then handlers do not also write them to context.log). */
export function telemetryActive(): boolean {
  return telemetry !== undefined;
}

/**
 * Starts the SDK when APPLICATIONINSIGHTS_CONNECTION_STRING is set (host.json's OpenTelemetry mode:
 * the host exports its own telemetry, the worker exports the app's). The instrumentation tells the
 * host that the worker sends its logs itself and puts each invocation's trace context around the
 * handler, so the run's spans are children of the host's invocation.
 */
export async function startFunctionTelemetry(env: Record<string, string | undefined>): Promise<void> {
  if (telemetry) return;
  const exporters = await azureMonitorExporters(env);
  if (!exporters) return;
  telemetry = startTelemetry(exporters);
  const functions = new instrumentation.AzureFunctionsInstrumentationESM();
  functions.setTracerProvider(telemetry.tracerProvider);
  functions.setLoggerProvider(telemetry.loggerProvider);
  functions.registerAzFunc(azureFunctions);
}

/** Sends what is recorded, for at most `timeoutMs` (the host is about to stop the worker). */
export async function flushTelemetry(timeoutMs = 10_000): Promise<void> {
  if (!telemetry) return;
  await Promise.race([
    telemetry.flush().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}
