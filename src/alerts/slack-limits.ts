// Slack's Block Kit limits and the helpers that keep text inside them with an honest "and N more".

export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_HEADER_TEXT = 150;
export const MAX_FIELD_TEXT = 2000;

/** Cuts text to `limit` characters, ending with an ellipsis when cut. */
export function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, Math.max(0, limit - 1))}…`;
}

/**
 * Joins lines while they fit in `limit`, then says how many were left out, e.g. "and 12 more".
 * A single line longer than the limit is clipped rather than dropped.
 */
export function joinWithin(
  lines: string[],
  limit: number,
  more: (n: number) => string = (n) => `_and ${n} more_`,
): string {
  const whole = lines.join('\n');
  if (whole.length <= limit) return whole;
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const left = lines.length - i - 1;
    // Room for this line, and for the "and N more" note if anything would still follow.
    const tail = left > 0 ? more(left).length + 1 : 0;
    const cost = (out.length > 0 ? 1 : 0) + line.length;
    if (used + cost + tail <= limit) {
      out.push(line);
      used += cost;
      continue;
    }
    if (out.length === 0) {
      const note = more(lines.length - 1);
      const room = limit - (lines.length > 1 ? note.length + 1 : 0);
      out.push(clip(line, room));
      if (lines.length > 1) out.push(note);
      return out.join('\n');
    }
    out.push(more(lines.length - i));
    return out.join('\n');
  }
  return out.join('\n');
}
