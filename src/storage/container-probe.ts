// What `recon check` asks the reports container: does every call a run makes work with this sign-in?
// It uses a small probe blob under a prefix no run uses (runs live under <period>/, locks under locks/).
import { randomUUID } from 'node:crypto';
import { RestError, type BlobServiceClient } from '@azure/storage-blob';
import type { LinkSigning } from './sas-links.js';
import { errorLine } from '../core/error-message.js';

/** Probe blobs live here: never a period (YYYY-MM), so no listing of runs ever sees one. */
export const PROBE_PREFIX = 'preflight/';

/** The calls a run makes, in the order the probe makes them. */
export type ContainerStep =
  'exists' | 'create' | 'write' | 'lease' | 'read' | 'list' | 'delete' | 'delegation key';

/** The right each step needs (a 403 on a step means the identity lacks it). */
export const STEP_RIGHTS: Record<ContainerStep, string> = {
  exists: "read the container's properties (whether it exists)",
  create: 'create the container (it does not exist)',
  write: 'write blobs (report files, the lock blob)',
  lease: 'lease blobs (the period lock)',
  read: 'read blobs (run history, the manifest)',
  list: 'list blobs (the runs of a period)',
  delete: 'delete blobs (withdrawing a partial run)',
  'delegation key': 'get a user delegation key (signing the download links)',
};

export type ContainerProbe =
  | { ok: true; steps: ContainerStep[] }
  | {
      ok: false;
      /** The step that failed, and what went before it. */
      step: ContainerStep;
      done: ContainerStep[];
      status?: number;
      /** Storage error code (AuthorizationPermissionMismatch, ContainerNotFound) or socket code (ECONNREFUSED). */
      code?: string;
      reason: string;
    };

/**
 * Makes each call a run makes once, on a probe blob: create the container if missing (as the store does),
 * write, lease and release, read back, list, delete; with user-delegation signing also get a delegation
 * key. Stops at the first refusal. The probe blob is deleted on the way out whatever happened.
 */
export async function probeContainer(
  service: BlobServiceClient,
  containerName: string,
  signing: LinkSigning,
): Promise<ContainerProbe> {
  const container = service.getContainerClient(containerName);
  const blob = container.getBlockBlobClient(`${PROBE_PREFIX}${randomUUID()}.txt`);
  const done: ContainerStep[] = [];
  const step = async (name: ContainerStep, call: () => Promise<unknown>): Promise<void> => {
    await call();
    done.push(name);
  };
  let current: ContainerStep = 'exists';
  let written = false;
  try {
    // exists() first: least privilege in Azure may not allow creating, and Bicep already did.
    const exists = await container.exists();
    current = 'create';
    if (!exists) await step('create', () => container.create());
    current = 'write';
    await step('write', () => blob.uploadData(Buffer.from('recon check probe\n')));
    written = true;
    current = 'lease';
    await step('lease', async () => {
      const lease = blob.getBlobLeaseClient();
      await lease.acquireLease(15);
      await lease.releaseLease();
    });
    current = 'read';
    await step('read', () => blob.downloadToBuffer());
    current = 'list';
    await step('list', async () => {
      for await (const _ of container.listBlobsFlat({ prefix: PROBE_PREFIX })) break;
    });
    current = 'delete';
    await step('delete', () => blob.delete());
    written = false;
    if (signing === 'user-delegation') {
      current = 'delegation key';
      const now = Date.now();
      await step('delegation key', () =>
        service.getUserDelegationKey(new Date(now - 60_000), new Date(now + 5 * 60_000)),
      );
    }
    return { ok: true, steps: done };
  } catch (error) {
    return { ok: false, step: current, done: [...done], ...facts(error) };
  } finally {
    if (written) await blob.deleteIfExists().catch(() => undefined);
  }
}

function facts(error: unknown): { status?: number; code?: string; reason: string } {
  const reason = errorLine(error);
  if (error instanceof RestError)
    return {
      ...(error.statusCode !== undefined ? { status: error.statusCode } : {}),
      ...(error.code ? { code: error.code } : {}),
      reason,
    };
  const code = (error as NodeJS.ErrnoException).code;
  return { ...(code ? { code } : {}), reason };
}
