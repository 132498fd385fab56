// ReportStore on a local folder: DIR/<period>/<run_id>/<name>, links are file:// URLs (CLI and local runs).
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportFile, ReportStore, RunLocation } from '../pipeline/ports/report-store.js';

/** Period and run id become path segments, so they must not be able to climb out of the folder. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function assertSegment(kind: string, value: string): void {
  if (!SEGMENT.test(value) || value.includes('..'))
    throw new Error(`invalid ${kind} for a report path: "${value}"`);
}

export class FolderReportStore implements ReportStore {
  readonly root: string;
  readonly description: string;

  /**
   * `flat` writes one run's files straight into the folder (the CLI's `--out DIR`);
   * otherwise runs are kept apart under <period>/<run_id>/ so history can find them.
   */
  constructor(
    dir: string,
    private readonly options: { flat?: boolean } = {},
  ) {
    this.root = resolve(dir);
    this.description = `folder ${dir}`;
  }

  private runDir(location: RunLocation): string {
    assertSegment('period', location.period);
    assertSegment('run id', location.runId);
    return this.options.flat ? this.root : join(this.root, location.period, location.runId);
  }

  private filePath(location: RunLocation, name: string): string {
    assertSegment('file name', name);
    return join(this.runDir(location), name);
  }

  async write(location: RunLocation, file: ReportFile): Promise<void> {
    const target = this.filePath(location, file.name);
    await mkdir(this.runDir(location), { recursive: true });
    // Write then rename, so a reader (history, finance) never sees half a file, least of all half a manifest.
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, file.content);
    await rename(temp, target);
  }

  async read(location: RunLocation, name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.filePath(location, name));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async remove(location: RunLocation, names: string[]): Promise<void> {
    for (const name of names) await rm(this.filePath(location, name), { force: true });
  }

  async listRuns(period: string): Promise<string[]> {
    assertSegment('period', period);
    if (this.options.flat) return [];
    try {
      const entries = await readdir(join(this.root, period), { withFileTypes: true });
      const runs: string[] = [];
      for (const entry of entries) {
        if (!entry.isDirectory()) continue;
        const files = await readdir(join(this.root, period, entry.name));
        if (files.some((f) => !f.endsWith('.tmp'))) runs.push(entry.name);
      }
      return runs.sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  async link(location: RunLocation, name: string): Promise<string> {
    return pathToFileURL(this.filePath(location, name)).href;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
