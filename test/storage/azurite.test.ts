// The Azurite launcher: both services answer on the reported ports, and close() leaves no process behind.
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { describe, expect, it } from 'vitest';
import { startAzurite } from '../../tools/azurite/start-azurite.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startAzurite', () => {
  it('serves blob and queue on free ports and stops both processes on close', async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.blobPort).toBeGreaterThan(0);
      expect(azurite.queuePort).toBeGreaterThan(0);
      expect(azurite.connectionString).toContain(
        `BlobEndpoint=http://127.0.0.1:${azurite.blobPort}/devstoreaccount1`,
      );
      const blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
      await blobs.getContainerClient('probe').create();
      const names: string[] = [];
      for await (const c of blobs.listContainers()) names.push(c.name);
      expect(names).toContain('probe');
      const queues = QueueServiceClient.fromConnectionString(azurite.connectionString);
      await queues.getQueueClient('probe').create();
      await queues.getQueueClient('probe').sendMessage('hello');
      const got = await queues.getQueueClient('probe').receiveMessages();
      expect(got.receivedMessageItems[0]?.messageText).toBe('hello');
    } finally {
      await azurite.close();
    }
    expect(azurite.pids.some(alive)).toBe(false);
    await azurite.close();
  });
});
