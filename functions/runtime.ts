// What every handler shares: the services built once from app settings, and a logger on context.log.
import type { InvocationContext } from '@azure/functions';
import { loadAppSettings } from '../src/config/app-settings.js';
import { runLogger, type Logger } from '../src/pipeline/logger.js';
import { createServices, type ServiceOverrides, type Services } from '../src/service/services.js';

let services: Services | undefined;
let overrides: ServiceOverrides = {};

/** Settings are read and validated on first use; a bad one fails every invocation with its name. */
export function getServices(log: Logger): Services {
  services ??= createServices(loadAppSettings(process.env), log, overrides);
  return services;
}

/** For tests and local hosts: drop the cached services (after changing settings) and inject a credential. */
export function resetServices(next: ServiceOverrides = {}): void {
  services = undefined;
  overrides = next;
}

export function contextLogger(context: InvocationContext, fields: Record<string, string> = {}): Logger {
  return runLogger((level, line) => {
    if (level === 'error') context.error(line);
    else if (level === 'warn') context.warn(line);
    else context.log(line);
  }, { invocation_id: context.invocationId, ...fields });
}
