// What every handler shares: the services built once from app settings, and a logger on context.log.
import type { InvocationContext } from '@azure/functions';
import { loadAppSettings } from '../src/config/app-settings.js';
import { errorMessage } from '../src/core/error-message.js';
import { runLogger, type Logger } from '../src/pipeline/ports/logger.js';
import { createServices, type ServiceOverrides, type Services } from '../src/service/services.js';
import { flushTelemetry, telemetryActive } from './telemetry.js';

let services: Services | undefined;
let overrides: ServiceOverrides = {};

/** Long-lived parts of the services log here (the Functions host collects console output too). */
const serviceLog: Logger = runLogger(
  (level, line) => {
    if (level === 'error') console.error(line);
    else if (level === 'warn') console.warn(line);
    else console.log(line);
  },
  { component: 'recon-services' },
);

/** Built once per host process from the app settings; a bad setting throws a SettingsError naming it. */
export function getServices(): Services {
  services ??= createServices(loadAppSettings(process.env), serviceLog, overrides);
  return services;
}

/** The injected credential (tests, local hosts): the health check signs in the way the services do. */
export function serviceOverrides(): ServiceOverrides {
  return overrides;
}

/** For tests and local hosts: drop the cached services (after changing settings) and inject a credential. */
export function resetServices(next: ServiceOverrides = {}): void {
  services = undefined;
  overrides = next;
}

/**
 * The load failed (a bad setting): said on stderr and as an error record with event=startup_failed,
 * flushed to Application Insights before the host stops the worker. The host registers no function
 * then, so this record (and the host's own "0 functions" lines) is all that shows the app is down.
 */
export async function reportStartupFailure(error: unknown): Promise<void> {
  serviceLog.error('the app failed to start: no function is registered until this is fixed', {
    event: 'startup_failed',
    error_type: error instanceof Error ? error.name : typeof error,
    reason: errorMessage(error),
  });
  await flushTelemetry();
}

export function contextLogger(context: InvocationContext, fields: Record<string, string> = {}): Logger {
  return runLogger(
    (level, line) => {
      // With telemetry on, the record (with its attributes) is exported by the logger itself; a
      // context.log line would reach Application Insights a second time, without them.
      if (telemetryActive()) return;
      if (level === 'error') context.error(line);
      else if (level === 'warn') context.warn(line);
      else context.log(line);
    },
    { invocation_id: context.invocationId, ...fields },
  );
}
