// The queue between the HTTP function and the worker: runs outlive the 230 s HTTP limit.
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { QueueClient, QueueServiceClient, RestError, type StorageRetryOptions } from '@azure/storage-queue';
import { badConnectionString, type AppSettings } from '../config/app-settings.js';
import { SettingsError } from '../core/engine-settings.js';
import type { RunMessage } from './run-requests.js';
import { errorLine } from '../core/error-message.js';

export interface RunQueue {
  /** Queues the message; with `delaySeconds`, it becomes visible to the worker only after that long. */
  send(message: RunMessage, delaySeconds?: number): Promise<void>;
}

/**
 * The Functions queue trigger decodes base64 by default (messageEncoding), so messages are sent
 * base64-encoded JSON.
 */
export class StorageRunQueue implements RunQueue {
  /** Created once per process, not on every request; a failed attempt is retried on the next send. */
  private created: Promise<unknown> | undefined;

  constructor(private readonly client: QueueClient) {}

  async send(message: RunMessage, delaySeconds?: number): Promise<void> {
    this.created ??= this.client.createIfNotExists().catch((error: unknown) => {
      this.created = undefined;
      throw error;
    });
    await this.created;
    await this.client.sendMessage(
      Buffer.from(JSON.stringify(message)).toString('base64'),
      delaySeconds ? { visibilityTimeout: delaySeconds } : {},
    );
  }
}

export function runQueueFromSettings(settings: AppSettings, credential?: TokenCredential): StorageRunQueue {
  return new StorageRunQueue(runQueueClient(settings, credential));
}

/**
 * The run queue's client: the queue endpoint with the managed identity, else the Azurite connection
 * string. `retry` replaces the SDK's retries (`recon check` asks once and quickly).
 */
export function runQueueClient(
  settings: AppSettings,
  credential?: TokenCredential,
  retry?: StorageRetryOptions,
): QueueClient {
  const name = settings.RUN_QUEUE_NAME;
  const options = retry ? { retryOptions: retry } : {};
  if (settings.RUN_QUEUE_SERVICE_URL) {
    const identity =
      credential ??
      (settings.AZURE_CLIENT_ID
        ? new ManagedIdentityCredential({ clientId: settings.AZURE_CLIENT_ID })
        : new DefaultAzureCredential());
    return new QueueServiceClient(settings.RUN_QUEUE_SERVICE_URL, identity, options).getQueueClient(name);
  }
  if (settings.REPORTS_STORAGE_CONNECTION_STRING) {
    let service: QueueServiceClient;
    try {
      service = QueueServiceClient.fromConnectionString(settings.REPORTS_STORAGE_CONNECTION_STRING, options);
    } catch {
      throw badConnectionString('QueueEndpoint');
    }
    return service.getQueueClient(name);
  }
  throw new SettingsError(
    'RUN_QUEUE_SERVICE_URL is not set: on-demand runs need the queue endpoint of the storage account',
  );
}

/** The calls the service makes on the queue, in the order the probe makes them. */
export type QueueStep = 'properties' | 'create' | 'peek';

export type QueueProbe =
  | { ok: true; created: boolean; waiting: number | undefined }
  | { ok: false; step: QueueStep; status?: number; code?: string; reason: string };

/**
 * Asks the queue what `recon check` may ask without a side effect a worker could see: its properties
 * (does it exist), creating it when missing as the first POST would, then a peek (reading messages
 * without taking them). Sending is not tried: a probe message would reach the worker.
 */
export async function probeRunQueue(client: QueueClient): Promise<QueueProbe> {
  let step: QueueStep = 'properties';
  let created = false;
  try {
    let waiting: number | undefined;
    try {
      waiting = (await client.getProperties()).approximateMessagesCount;
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 404)) throw error;
      step = 'create';
      created = (await client.createIfNotExists()).succeeded;
      waiting = 0;
    }
    step = 'peek';
    await client.peekMessages({ numberOfMessages: 1 });
    return { ok: true, created, waiting };
  } catch (error) {
    const reason = errorLine(error);
    if (error instanceof RestError)
      return {
        ok: false,
        step,
        ...(error.statusCode !== undefined ? { status: error.statusCode } : {}),
        ...(error.code ? { code: error.code } : {}),
        reason,
      };
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, step, ...(code ? { code } : {}), reason };
  }
}
