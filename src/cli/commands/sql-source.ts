// The SQL Server sources from app settings, for `recon run` without files.
import type { RecordSource } from '../../sources/record-source.js';
import { UsageError } from '../usage-error.js';

export async function sqlSourceFromEnvironment(): Promise<RecordSource> {
  throw new UsageError('SQL sources are not available yet: give --deals and --entries');
}
