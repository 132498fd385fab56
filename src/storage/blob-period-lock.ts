// PeriodLock on a blob lease: <container>/locks/<period>.lock, leased for 60 s and renewed while the run lives.
import { createHash } from 'node:crypto';
import {
  RestError,
  type BlobServiceClient,
  type BlockBlobClient,
  type ContainerClient,
} from '@azure/storage-blob';
import { containerOnce } from './container-once.js';
import { assertSegment } from './folder-report-store.js';
import { storageFailure } from './storage-error.js';
import { errorLine } from '../core/error-message.js';
import {
  LostLockError,
  RunInProgressError,
  type PeriodLease,
  type PeriodLock,
} from '../pipeline/ports/period-lock.js';

export interface BlobPeriodLockOptions {
  service: BlobServiceClient;
  container: string;
  /** Lease length in seconds (Azure allows 15–60); a crashed run frees the period after this long. */
  leaseSeconds?: number;
  /** How often the lease is renewed; well inside the lease length so one failed renewal is survivable. */
  renewEveryMs?: number;
  now?: () => Date;
  /** Told when a renewal fails (the run may have lost its lock); the default writes a warning. */
  onRenewalError?: (period: string, error: unknown) => void;
  /** Told after each successful renewal (tests wait on it instead of on the clock). */
  onRenewed?: (period: string) => void;
}

/**
 * Holder facts live in the lock blob's metadata (run_id, started_at), written right after the lease
 * is taken. On release the holder adds released_at before letting go, so a refused run that reads
 * metadata with released_at while the lease is held knows the new holder has not written its own yet
 * and reads again shortly.
 */
export class BlobPeriodLock implements PeriodLock {
  private readonly container: ContainerClient;
  private readonly ensureContainer: () => Promise<void>;
  private readonly leaseSeconds: number;
  private readonly renewEveryMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: BlobPeriodLockOptions) {
    this.container = options.service.getContainerClient(options.container);
    this.ensureContainer = containerOnce(this.container);
    this.leaseSeconds = options.leaseSeconds ?? 60;
    this.renewEveryMs = options.renewEveryMs ?? Math.floor((this.leaseSeconds * 1000) / 3);
    this.now = options.now ?? (() => new Date());
  }

  lockBlob(period: string): BlockBlobClient {
    assertSegment('period', period);
    return this.container.getBlockBlobClient(`locks/${period}.lock`);
  }

  async acquire(period: string, runId: string): Promise<PeriodLease> {
    const blob = this.lockBlob(period);
    const where = `period lock ${this.options.container}/locks/${period}.lock`;
    try {
      await this.ensureLockBlob(blob);
    } catch (error) {
      throw storageFailure(where, 'creating the lock blob', error);
    }
    const lease = blob.getBlobLeaseClient(leaseIdOf(period, runId));
    try {
      await lease.acquireLease(this.leaseSeconds);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 409) throw await this.refusal(blob, period);
      throw storageFailure(where, 'taking the lease', error);
    }
    const startedAt = this.now().toISOString();
    try {
      await blob.setMetadata(
        { run_id: runId, started_at: startedAt },
        { conditions: { leaseId: lease.leaseId } },
      );
    } catch (error) {
      await lease.releaseLease().catch(() => undefined);
      throw storageFailure(where, 'recording the holder', error);
    }

    const onError =
      this.options.onRenewalError ??
      ((p: string, e: unknown) => console.warn(`period lock ${p}: lease renewal failed: ${errorLine(e)}`));
    let renewing: Promise<unknown> = Promise.resolve();
    let lastRenewed = Date.now();
    const timer = setInterval(() => {
      renewing = lease.renewLease().then(
        () => {
          lastRenewed = Date.now();
          this.options.onRenewed?.(period);
        },
        (e: unknown) => onError(period, e),
      );
    }, this.renewEveryMs);
    // The renewal must not keep a finished CLI process alive.
    timer.unref();

    let released: Promise<void> | undefined;
    const leaseMs = this.leaseSeconds * 1000;
    return {
      stillHeld: async () => {
        // Renewals that failed for longer than the lease: it expired, whatever the blob says now.
        if (Date.now() - lastRenewed >= leaseMs)
          throw new LostLockError(
            period,
            `no renewal for ${Math.round((Date.now() - lastRenewed) / 1000)} s`,
          );
        try {
          await lease.renewLease();
          lastRenewed = Date.now();
        } catch (error) {
          throw new LostLockError(period, `renewal refused: ${errorLine(error)}`);
        }
      },
      release: () => {
        released ??= (async () => {
          clearInterval(timer);
          await renewing;
          await blob
            .setMetadata(
              { run_id: runId, started_at: startedAt, released_at: this.now().toISOString() },
              { conditions: { leaseId: lease.leaseId } },
            )
            .catch(() => undefined);
          // A lease already lost (expired and taken) cannot be released; nothing else to do.
          await lease.releaseLease().catch(() => undefined);
        })();
        return released;
      },
    };
  }

  async holder(period: string): Promise<{ runId?: string; since: string } | undefined> {
    const properties = await this.lockBlob(period)
      .getProperties()
      .catch((error: unknown) => {
        if (error instanceof RestError && error.statusCode === 404) return undefined;
        throw storageFailure(
          `period lock ${this.options.container}/locks/${period}.lock`,
          'reading the holder',
          error,
        );
      });
    if (!properties || properties.leaseState !== 'leased') return undefined;
    const metadata = properties.metadata ?? {};
    return {
      ...(metadata.run_id ? { runId: metadata.run_id } : {}),
      since: metadata.started_at ?? 'an unknown time',
    };
  }

  /** The lock blob must exist to be leased; create it empty unless it is already there. */
  private async ensureLockBlob(blob: BlockBlobClient): Promise<void> {
    await this.ensureContainer();
    try {
      await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      // 409 BlobAlreadyExists, or 412 when it exists and is leased: either way it is there.
      if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)))
        throw error;
    }
  }

  private async refusal(blob: BlockBlobClient, period: string): Promise<RunInProgressError> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const metadata = (await blob.getProperties().catch(() => undefined))?.metadata ?? {};
      if (metadata.started_at && !metadata.released_at)
        return new RunInProgressError(period, metadata.started_at, metadata.run_id);
      await new Promise((r) => setTimeout(r, 200));
    }
    return new RunInProgressError(period, 'an unknown time');
  }
}

/**
 * The lease id is the run's own (a GUID from a hash of period and run id), not a random one: taking a
 * lease with the id it already has succeeds, so a retry of the same run (a redelivered queue message,
 * a timer retry, after the first attempt crashed) takes over its own stale lease at once instead of
 * reading it as another run in progress and never running. Two live invocations of one run id do not
 * happen: the host keeps a message invisible while its invocation runs, and the timer is a singleton.
 */
export function leaseIdOf(period: string, runId: string): string {
  const h = createHash('sha256').update(`${period}\n${runId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
