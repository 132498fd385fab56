// What every handler shares: the services built once from app settings, and a logger on context.log.
import type { InvocationContext } from '@azure/functions';
import { loadAppSettings } from '../src/config/app-settings.js';
import { runLogger, type Logger } from '../src/pipeline/ports/logger.js';
import { createServices, type ServiceOverrides, type Services } from '../src/service/services.js';

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

/** For tests and local hosts: drop the cached services (after changing settings) and inject a credential. */
export function resetServices(next: ServiceOverrides = {}): void {
  services = undefined;
  overrides = next;
}

export function contextLogger(context: InvocationContext, fields: Record<string, string> = {}): Logger {
  return runLogger(
    (level, line) => {
      if (level === 'error') context.error(line);
      else if (level === 'warn') context.warn(line);
      else context.log(line);
    },
    { invocation_id: context.invocationId, ...fields },
  );
}
