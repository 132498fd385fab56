// The queue between the HTTP function and the worker: runs outlive the 230 s HTTP limit.
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import { badConnectionString, type AppSettings } from '../config/app-settings.js';
import { SettingsError } from '../core/engine-settings.js';
import type { RunMessage } from './run-requests.js';

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
  const name = settings.RUN_QUEUE_NAME;
  if (settings.RUN_QUEUE_SERVICE_URL) {
    const identity =
      credential ??
      (settings.AZURE_CLIENT_ID
        ? new ManagedIdentityCredential({ clientId: settings.AZURE_CLIENT_ID })
        : new DefaultAzureCredential());
    return new StorageRunQueue(
      new QueueServiceClient(settings.RUN_QUEUE_SERVICE_URL, identity).getQueueClient(name),
    );
  }
  if (settings.REPORTS_STORAGE_CONNECTION_STRING) {
    let service: QueueServiceClient;
    try {
      service = QueueServiceClient.fromConnectionString(settings.REPORTS_STORAGE_CONNECTION_STRING);
    } catch {
      throw badConnectionString('QueueEndpoint');
    }
    return new StorageRunQueue(service.getQueueClient(name));
  }
  throw new SettingsError(
    'RUN_QUEUE_SERVICE_URL is not set: on-demand runs need the queue endpoint of the storage account',
  );
}
