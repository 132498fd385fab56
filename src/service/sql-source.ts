// The SQL Server sources from app settings (environment), for `recon run` without files.
import { loadAppSettings } from '../config/app-settings.js';
import type { RecordSource } from '../pipeline/ports/record-source.js';
import { createSqlSource } from '../sources/sql/index.js';

export async function sqlSourceFromEnvironment(): Promise<RecordSource> {
  return createSqlSource(loadAppSettings(process.env));
}
