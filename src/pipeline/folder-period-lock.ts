// PeriodLock for local runs: an exclusive lock file per period holding the holder's pid, run id and start time.
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { assertSegment } from '../reports/folder-report-store.js';
import { RunInProgressError, type PeriodLease, type PeriodLock } from './period-lock.js';

const LockContentSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  run_id: z.string(),
  started_at: z.string(),
});
type LockContent = z.infer<typeof LockContentSchema>;

export interface FolderPeriodLockOptions {
  /** Clock for the start time written into the lock (tests). */
  now?: () => Date;
}

/**
 * Lock files live at DIR/locks/<period>.lock, created atomically (hard link of a complete temp
 * file, which fails when the lock exists) so two processes cannot both win.
 *
 * Stale locks: a run that crashed leaves its file behind. A lock is taken over only when it was
 * written on this host by a process that no longer exists (checked with signal 0). A lock from
 * another host (a shared folder) or with unreadable content is never taken over automatically,
 * since its pid means nothing here: delete the file by hand after checking that the run is gone.
 */
export class FolderPeriodLock implements PeriodLock {
  private readonly dir: string;
  private readonly now: () => Date;

  constructor(dir: string, options: FolderPeriodLockOptions = {}) {
    this.dir = join(resolve(dir), 'locks');
    this.now = options.now ?? (() => new Date());
  }

  lockPath(period: string): string {
    assertSegment('period', period);
    return join(this.dir, `${period}.lock`);
  }

  async acquire(period: string, runId: string): Promise<PeriodLease> {
    const path = this.lockPath(period);
    await mkdir(this.dir, { recursive: true });
    const content: LockContent = { pid: process.pid, host: hostname(), run_id: runId, started_at: this.now().toISOString() };
    // Two tries: the second only after removing a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await createWithContent(path, content)) return this.lease(path, content);
      const holder = await readHolder(path);
      if (holder === 'absent') continue;
      if (holder === 'unreadable' || !isStale(holder)) {
        throw new RunInProgressError(period, holder === 'unreadable' ? 'an unknown time' : holder.started_at, holder === 'unreadable' ? undefined : holder.run_id);
      }
      await removeIfStill(path, holder);
    }
    const holder = await readHolder(path);
    throw new RunInProgressError(period, typeof holder === 'object' ? holder.started_at : 'an unknown time', typeof holder === 'object' ? holder.run_id : undefined);
  }

  private lease(path: string, mine: LockContent): PeriodLease {
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        // Only remove the file if it is still ours (a stale-lock takeover may have replaced it).
        const holder = await readHolder(path);
        if (typeof holder === 'object' && holder.run_id === mine.run_id && holder.pid === mine.pid) await rm(path, { force: true });
      },
    };
  }
}

/**
 * Writes the content to a private temp file, then hard-links it to the lock path: link() fails with
 * EEXIST when the lock exists, and a reader never sees an empty or half-written lock file.
 */
async function createWithContent(path: string, content: LockContent): Promise<boolean> {
  const temp = `${path}.${process.pid}.${content.run_id.replace(/[^A-Za-z0-9_-]/g, '_')}.tmp`;
  await writeFile(temp, `${JSON.stringify(content)}\n`);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readHolder(path: string): Promise<LockContent | 'absent' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return 'absent';
    throw error;
  }
  try {
    const parsed = LockContentSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Moves the stale lock aside atomically and checks it is the one judged stale: if another process
 * took the lock in between, its fresh lock is linked back (or, if a third took it, left to them).
 */
async function removeIfStill(path: string, stale: LockContent): Promise<void> {
  const aside = `${path}.${process.pid}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  const same = typeof moved === 'object' && moved.pid === stale.pid && moved.run_id === stale.run_id && moved.started_at === stale.started_at;
  if (!same) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

function isStale(holder: LockContent): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as { code?: unknown }).code === 'ESRCH';
  }
}
