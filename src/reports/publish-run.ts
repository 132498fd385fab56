// Publishes a run's files to a ReportStore with the manifest last, withdrawing the files if any write fails.
import { MANIFEST_NAME, manifestFile, type Manifest } from './manifest.js';
import type { ReportFile, ReportStore, RunLocation } from './report-store.js';

/**
 * SPEC §5: a run folder without manifest.json is incomplete, so the manifest is written only after
 * every other file is in place. If a file cannot be written, the ones already written are removed
 * (best effort) and the error is rethrown; the caller then records the run as failed.
 */
export async function publishRun(store: ReportStore, location: RunLocation, files: ReportFile[], manifest: Manifest): Promise<void> {
  if (files.some((f) => f.name === MANIFEST_NAME)) throw new Error(`${MANIFEST_NAME} is written by publishRun itself, last`);
  const written: string[] = [];
  try {
    for (const file of files) {
      await store.write(location, file);
      written.push(file.name);
    }
  } catch (error) {
    await store.remove(location, written).catch(() => undefined);
    throw error;
  }
  await store.write(location, manifestFile(manifest));
}
