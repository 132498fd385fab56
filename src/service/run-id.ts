// Run ids: sortable by start time, unique enough, and safe as a blob path segment.
import { randomBytes } from 'node:crypto';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function isValidRunId(id: string): boolean {
  return RUN_ID.test(id) && !id.includes('..');
}
