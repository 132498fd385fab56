// Where a run's files go: a local folder here, Blob Storage in Azure. Paths are <period>/<run_id>/<name>.
import type { ReportFile, RunLocation } from '../../reports/report-file.js';

export type { ReportFile, RunLocation };

export interface ReportStore {
  /** Human description for logs and the dashboard ("folder ./out", "blob container reports"). */
  readonly description: string;
  write(location: RunLocation, file: ReportFile): Promise<void>;
  /** The file's bytes, or undefined when it does not exist. */
  read(location: RunLocation, name: string): Promise<Buffer | undefined>;
  /** Removes a run's files (used to withdraw a partial publication). */
  remove(location: RunLocation, names: string[]): Promise<void>;
  /** Run ids with any file under the period. */
  listRuns(period: string): Promise<string[]>;
  /** A link a person can open to download the file (expiring SAS in Azure, file URL locally). */
  link(location: RunLocation, name: string): Promise<string>;
}
