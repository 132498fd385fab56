// The SQL Server sources from app settings (environment), for `recon run` without files.
import { loadAppSettings } from '../config/app-settings.js';
import type { Logger } from '../pipeline/ports/logger.js';
import type { RecordSource } from '../pipeline/ports/record-source.js';
import { createSqlSource } from '../sources/sql/index.js';

export async function sqlSourceFromEnvironment(log: Logger): Promise<RecordSource> {
  return createSqlSource(loadAppSettings(process.env), { log });
}
