// Blob Storage failures with what was being done, where, and the SDK's code: "socket hang up" alone tells nobody which call broke.
import { RestError } from '@azure/storage-blob';
import { errorLine } from '../core/error-message.js';

export class StorageError extends Error {
  override name = 'StorageError';
}

/** "<where>: <what> failed: <reason> (HTTP 503 ServerBusy)" / "(ECONNREFUSED)"; the cause is kept. */
export function storageFailure(where: string, what: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const reason = errorLine(error);
  const facts: string[] = [];
  if (error instanceof RestError) {
    if (error.statusCode !== undefined) facts.push(`HTTP ${error.statusCode}`);
    if (error.code) facts.push(error.code);
  } else if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) facts.push(code);
  }
  return new StorageError(
    `${where}: ${what} failed: ${reason}${facts.length ? ` (${facts.join(' ')})` : ''}`,
    {
      cause: error,
    },
  );
}
