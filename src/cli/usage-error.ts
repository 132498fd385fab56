// Bad command-line arguments: exit code 2 with a one-line reason.
export class UsageError extends Error {
  override name = 'UsageError';
}
