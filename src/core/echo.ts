// Input quoted back to a person (errors, 400 answers, data-quality values) is cut to a readable length, marked as cut.

/** About what a person reads of a quoted value; the rest only makes messages, manifests and reports huge. */
export const ECHO_MAX_CHARS = 200;

/**
 * The text itself when short, else its first ECHO_MAX_CHARS characters followed by a mark saying how
 * long it was, so nobody mistakes the cut value for the whole one. A surrogate pair is not split.
 */
export function echo(text: string, max = ECHO_MAX_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… [cut: ${text.length.toLocaleString('en-US')} characters in all]`;
}
