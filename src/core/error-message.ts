// What a caught value says, as text: the message of an Error, anything else as a string.

/** The error's message; a thrown non-Error (a string, a rejected value) as its text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of errorMessage: SDK errors append request details and stacks after it. */
export function errorLine(error: unknown): string {
  return errorMessage(error).split('\n')[0]!;
}
