// Shared parsing of command-line option values into checked ones.
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseEngineSettings, type EngineSettings } from '../../core/engine-settings.js';
import { parsePeriod } from '../../core/dates.js';
import { echo } from '../../core/echo.js';
import { isValidRunId, newRunId } from '../../service/run-id.js';
import { UsageError } from '../usage-error.js';

export interface CliValues {
  period?: string;
  deals?: string;
  entries?: string;
  out?: string;
  'run-id'?: string;
  config?: string;
  history?: string;
  previous?: string;
  seed?: string;
  ids?: string;
  order?: string;
  'history-months'?: string;
  quiet?: boolean;
  force?: boolean;
}

export function requirePeriod(values: CliValues): string {
  if (values.period === undefined) throw new UsageError('--period YYYY-MM is required');
  if (parsePeriod(values.period) === undefined)
    throw new UsageError(
      `--period must be YYYY-MM (a calendar month, year 1000 or later), not "${echo(values.period)}"`,
    );
  return values.period.trim();
}

/** --deals as a count of deals to generate (generate, demo): a whole number from 1 to `max`. */
export function dealCount(values: CliValues, max: number): number | undefined {
  if (values.deals === undefined) return undefined;
  const deals = Number(values.deals);
  if (!/^\s*\d+\s*$/.test(values.deals) || !Number.isSafeInteger(deals) || deals < 1)
    throw new UsageError(`--deals must be a whole number >= 1, not "${echo(values.deals)}"`);
  if (deals > max)
    throw new UsageError(`--deals may be at most ${max.toLocaleString('en-US')}, not ${echo(values.deals)}`);
  return deals;
}

export function requireOut(values: CliValues): string {
  if (values.out === undefined || values.out === '') throw new UsageError('--out DIR is required');
  return values.out;
}

/** Creates --out (and its parents) before any work, so a folder that cannot be written is a usage error up front. */
export async function prepareOut(out: string): Promise<void> {
  try {
    await makeFolders(resolve(out));
    await access(out, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'a file is in the way (it must be a folder)'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EROFS'
            ? 'read-only file system'
            : code === 'ENOENT'
              ? 'no folder can be made there'
              : (error as Error).message;
    throw new UsageError(`cannot write to --out ${out}: ${why}`);
  }
}

/**
 * `mkdir -p`, one level at a time. Not `mkdir(dir, { recursive: true })`: on Node 20 that never
 * returns for a folder under /proc (each level answers ENOENT and it tries the parent again).
 */
async function makeFolders(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // There already: fine if it is a folder; a file in the way stays the error it is.
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await makeFolders(parent);
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      // Made meanwhile by another run: as good as made here.
      if (again.code !== 'EEXIST') throw again;
    });
  }
}

/**
 * `recon run --out DIR` writes its files straight into DIR: a folder that holds an earlier run (its
 * manifest.json) would be overwritten without a word, so that needs --force.
 */
export async function refuseEarlierRun(out: string, force: boolean): Promise<void> {
  let text: string;
  try {
    text = await readFile(join(out, 'manifest.json'), 'utf8');
  } catch {
    return;
  }
  if (force) return;
  let which = 'an earlier run';
  try {
    const m = JSON.parse(text) as { run_id?: unknown; status?: unknown };
    if (typeof m.run_id === 'string')
      which = `run ${echo(m.run_id)}${typeof m.status === 'string' ? ` (${echo(m.status)})` : ''}`;
  } catch {
    // Not a manifest this tool wrote; still someone's file.
  }
  throw new UsageError(
    `--out ${echo(out)} holds ${which}: its files would be replaced; add --force to replace them, or choose another folder`,
  );
}

export function runIdFrom(values: CliValues): string {
  const id = values['run-id'];
  if (id === undefined) return newRunId();
  if (!isValidRunId(id))
    throw new UsageError(
      `--run-id may hold letters, digits, ".", "_" and "-" (at most 80), not "${echo(id)}"`,
    );
  return id;
}

export async function settingsFrom(values: CliValues): Promise<EngineSettings> {
  if (values.config === undefined) return parseEngineSettings({});
  let text: string;
  try {
    text = await readFile(values.config, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read --config ${echo(values.config)}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : echo((error as Error).message)}`,
    );
  }
  let json: unknown;
  try {
    // Editors on Windows save JSON with a BOM, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(
      `--config ${echo(values.config)} is not valid JSON: ${echo((error as Error).message)}`,
    );
  }
  return parseEngineSettings(json);
}
