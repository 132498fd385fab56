// Text from the inputs (deal ids, file headers, error reasons) made safe to print on a terminal.

/** C0 and C1 control characters: an escape sequence in a deal_id could rewrite the screen or the window title. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Each line with its control characters shown as U+FFFD; lines are joined with "\n". */
export function printable(lines: string[]): string {
  return lines.map((line) => line.replace(CONTROL, '\uFFFD')).join('\n');
}
