// Creates a blob container on first use, once per process: Bicep creates it in Azure, Azurite starts empty.
import { RestError, type ContainerClient } from '@azure/storage-blob';

/**
 * A function that ensures the container exists, asking the service only until it first succeeds.
 * Without container-create rights (least privilege in Azure) a 403 means it must already exist.
 */
export function containerOnce(container: ContainerClient): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= container.createIfNotExists().then(
      () => undefined,
      (error: unknown) => {
        ready = undefined;
        if (error instanceof RestError && error.statusCode === 403) return;
        throw error;
      },
    );
    return ready;
  };
}
