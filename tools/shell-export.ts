// The settings a local stand-in prints, as lines a POSIX shell takes pasted as they are.

/** `export NAME='value'`: single quotes keep a connection string's `;` and `=` (a bare one ends at `;`). */
export function exportLine(name: string, value: string): string {
  return `export ${name}='${value.replaceAll("'", `'\\''`)}'`;
}

/** The name and value of a line exportLine() wrote, or undefined for any other line. */
export function readExportLine(line: string): [name: string, value: string] | undefined {
  const m = /^export ([A-Z_][A-Z0-9_]*)='(.*)'$/.exec(line);
  return m ? [m[1]!, m[2]!.replaceAll(`'\\''`, "'")] : undefined;
}
