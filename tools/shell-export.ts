// The settings a local stand-in prints, as lines a POSIX shell takes pasted as they are.

/** `export NAME='value'`: single quotes keep a connection string's `;` and `=` (a bare one ends at `;`). */
export function exportLine(name: string, value: string): string {
  return `export ${name}='${value.replaceAll("'", `'\\''`)}'`;
}
