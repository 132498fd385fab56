// Every ReportStore runs the same contract: the folder store on a temp folder, the Blob store on Azurite.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll } from 'vitest';
import { BlobReportStore } from '../../src/storage/blob-report-store.js';
import { FolderReportStore } from '../../src/storage/folder-report-store.js';
import { startAzurite, type AzuriteHandle } from '../../tools/azurite/start-azurite.js';
import { reportStoreContract } from './report-store.contract.js';

let root: string;
let folders = 0;
let azurite: AzuriteHandle;
let service: BlobServiceClient;
let containers = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'recon-contract-'));
  azurite = await startAzurite();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
});
afterAll(async () => {
  await azurite?.close();
  await rm(root, { recursive: true, force: true });
});

reportStoreContract('FolderReportStore', () => ({
  make: () => new FolderReportStore(join(root, `store-${++folders}`)),
  open: async (link) => readFile(fileURLToPath(link)),
}));

reportStoreContract('BlobReportStore', () => ({
  make: () =>
    new BlobReportStore({
      service,
      container: `contract-${++containers}`,
      links: { signing: 'account-key', expiryHours: 1 },
    }),
  open: async (link) => {
    const response = await fetch(link);
    if (!response.ok) throw new Error(`link answered ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  },
}));
