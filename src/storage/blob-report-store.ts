// ReportStore on Azure Blob Storage: <container>/<period>/<run_id>/<name>, links are expiring read-only SAS.
import { DefaultAzureCredential } from '@azure/identity';
import {
  BlobServiceClient,
  RestError,
  type ContainerClient,
  type StorageRetryOptions,
} from '@azure/storage-blob';
import { badConnectionString } from '../config/app-settings.js';
import { containerOnce } from './container-once.js';
import { assertSegment } from './folder-report-store.js';
import type { ReportFile, ReportStore, RunLocation } from '../pipeline/ports/report-store.js';
import { storageFailure } from './storage-error.js';
import { LinkSigner, type LinkPolicy, type LinkSigning } from './sas-links.js';

/** Where the reports live and how the service authenticates (see blobServiceFromSettings). */
export interface BlobConnection {
  /** Blob endpoint, e.g. https://acct.blob.core.windows.net (managed identity). */
  accountUrl?: string;
  /** Connection string with an account key: Azurite only. */
  connectionString?: string;
  /** Client id of a user-assigned managed identity; empty uses the system-assigned one. */
  clientId?: string;
  /** The SDK's retries (default: its own, up to four tries); `recon check` asks once and quickly. */
  retry?: StorageRetryOptions;
}

export interface BlobClients {
  service: BlobServiceClient;
  /** Connection strings sign links with their account key; managed identity with a user delegation key. */
  signing: LinkSigning;
  description: string;
}

/**
 * Builds the service client. An account URL wins: in Azure the managed identity is used
 * (DefaultAzureCredential tries the managed identity, with the given client id for a user-assigned
 * one, and falls back to developer sign-ins such as `az login` on a workstation).
 */
function fromConnectionString(connectionString: string, retry?: StorageRetryOptions): BlobServiceClient {
  try {
    const service = BlobServiceClient.fromConnectionString(
      connectionString,
      retry ? { retryOptions: retry } : {},
    );
    void new URL(service.url);
    return service;
  } catch {
    throw badConnectionString('BlobEndpoint');
  }
}

export function blobServiceFromSettings(connection: BlobConnection): BlobClients {
  if (connection.accountUrl) {
    const credential = new DefaultAzureCredential(
      connection.clientId ? { managedIdentityClientId: connection.clientId } : {},
    );
    return {
      service: new BlobServiceClient(
        connection.accountUrl,
        credential,
        connection.retry ? { retryOptions: connection.retry } : {},
      ),
      signing: 'user-delegation',
      description: new URL(connection.accountUrl).host,
    };
  }
  if (connection.connectionString) {
    const service = fromConnectionString(connection.connectionString, connection.retry);
    // The description is logged: keep it to the endpoint, never the key.
    return {
      service,
      signing: 'account-key',
      description: new URL(service.url).host + new URL(service.url).pathname.replace(/\/$/, ''),
    };
  }
  throw new Error(
    'reports storage is not configured: set REPORTS_STORAGE_ACCOUNT_URL (or REPORTS_STORAGE_CONNECTION_STRING for Azurite)',
  );
}

export interface BlobReportStoreOptions {
  service: BlobServiceClient;
  container: string;
  /** Link signing and lifetime; signing defaults to what the clients were built for. */
  links: LinkPolicy;
  /** For the description in logs. */
  accountDescription?: string;
}

export class BlobReportStore implements ReportStore {
  readonly description: string;
  private readonly container: ContainerClient;
  private readonly signer: LinkSigner;
  private readonly ensureContainer: () => Promise<void>;

  constructor(options: BlobReportStoreOptions) {
    this.container = options.service.getContainerClient(options.container);
    this.ensureContainer = containerOnce(this.container);
    this.signer = new LinkSigner(options.links, options.service);
    this.description = `blob container ${options.container}${options.accountDescription ? ` on ${options.accountDescription}` : ''}`;
  }

  /** The period's blob prefix; also used by the lock and history helpers. */
  static blobName(location: RunLocation, name: string): string {
    assertSegment('period', location.period);
    assertSegment('run id', location.runId);
    assertSegment('file name', name);
    return `${location.period}/${location.runId}/${name}`;
  }

  async write(location: RunLocation, file: ReportFile): Promise<void> {
    const name = BlobReportStore.blobName(location, file.name);
    try {
      await this.ensureContainer();
      // A single upload call commits the whole blob at once: readers never see a partial file.
      await this.container
        .getBlockBlobClient(name)
        .uploadData(file.content, { blobHTTPHeaders: { blobContentType: file.contentType } });
    } catch (error) {
      throw storageFailure(this.description, `writing ${name}`, error);
    }
  }

  async read(location: RunLocation, name: string): Promise<Buffer | undefined> {
    const blobName = BlobReportStore.blobName(location, name);
    try {
      return await this.container.getBlobClient(blobName).downloadToBuffer();
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw storageFailure(this.description, `reading ${blobName}`, error);
    }
  }

  async remove(location: RunLocation, names: string[]): Promise<void> {
    for (const name of names) {
      const blobName = BlobReportStore.blobName(location, name);
      try {
        await this.container.getBlobClient(blobName).deleteIfExists();
      } catch (error) {
        // A missing container means there is nothing to remove.
        if (!(error instanceof RestError && error.statusCode === 404))
          throw storageFailure(this.description, `removing ${blobName}`, error);
      }
    }
  }

  async listRuns(period: string): Promise<string[]> {
    assertSegment('period', period);
    const runs: string[] = [];
    try {
      for await (const item of this.container.listBlobsByHierarchy('/', { prefix: `${period}/` })) {
        if (item.kind === 'prefix') runs.push(item.name.slice(period.length + 1).replace(/\/$/, ''));
      }
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return [];
      throw storageFailure(this.description, `listing the runs of ${period}`, error);
    }
    return runs.sort();
  }

  async link(location: RunLocation, name: string): Promise<string> {
    const blobName = BlobReportStore.blobName(location, name);
    try {
      return await this.signer.sign(this.container.getBlobClient(blobName), location, name);
    } catch (error) {
      throw storageFailure(this.description, `signing a download link for ${blobName}`, error);
    }
  }
}
