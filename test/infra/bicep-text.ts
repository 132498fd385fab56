// Reads infra/ Bicep as text for the tests (no Bicep CLI needed): object literals of a variable, resource blocks, parameters.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const infraDir = join(repoRoot, 'infra');

export function readRepoFile(relative: string): string {
  return readFileSync(join(repoRoot, relative), 'utf8');
}

/** Every .bicep file under infra/, relative to the repo root. */
export function bicepFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const relPath = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path, relPath);
      else if (entry.name.endsWith('.bicep')) out.push(relPath);
    }
  };
  walk(infraDir, 'infra');
  return out.sort();
}

/** The text with comments blanked out (same length, so offsets still line up); strings are kept. */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Index just past the Bicep string literal that opens at `start` (escapes with backslash; ''' multi-line strings). */
function stringEnd(text: string, start: number): number {
  if (text.startsWith("'''", start)) {
    const end = text.indexOf("'''", start + 3);
    return end === -1 ? text.length : end + 3;
  }
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === "'") return i + 1;
    else i += 1;
  }
  return text.length;
}

/** The balanced `{ ... }` (or `[ ... ]`) that opens at `open`, in comment-free text; strings are skipped. */
export function balancedBlock(text: string, open: number): string {
  const opener = text[open];
  const closer = opener === '{' ? '}' : opener === '[' ? ']' : undefined;
  if (!closer) throw new Error(`no block opens at offset ${open}`);
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      i = stringEnd(text, i);
      continue;
    }
    if (c === opener) depth += 1;
    else if (c === closer) {
      depth -= 1;
      if (depth === 0) return text.slice(open, i + 1);
    }
    i += 1;
  }
  throw new Error('unbalanced block');
}

/** Keys of an object literal block, at its top level only, in source order. */
export function topLevelKeys(block: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let lineStart = true;
  let i = 0;
  while (i < block.length) {
    const c = block[i]!;
    if (c === "'" && !(depth === 1 && lineStart)) {
      i = stringEnd(block, i);
      lineStart = false;
      continue;
    }
    if (depth === 1 && lineStart && /[A-Za-z_']/.test(c)) {
      const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)|'([^']*)')\s*:/.exec(block.slice(i));
      if (m) keys.push(m[1] ?? m[2]!);
      lineStart = false;
    }
    if (c === '{' || c === '[' || c === '(') depth += 1;
    else if (c === '}' || c === ']' || c === ')') depth -= 1;
    if (c === '\n') lineStart = true;
    else if (c !== ' ' && c !== '\t' && c !== '\r') lineStart = false;
    i += 1;
  }
  return keys;
}

/** The object literal assigned by `var <name> = {`. */
export function varObject(text: string, name: string): string {
  const clean = stripComments(text);
  const m = new RegExp(`^var\\s+${name}\\s*=\\s*\\{`, 'm').exec(clean);
  if (!m) throw new Error(`no "var ${name} = {" found`);
  return balancedBlock(clean, m.index + m[0].length - 1);
}

export interface ResourceBlock {
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  /** The resource body, comments removed. */
  body: string;
  /** The comment lines right above the declaration. */
  leadingComment: string;
}

/** Every `resource` declaration of a Bicep file. */
export function resources(text: string): ResourceBlock[] {
  const clean = stripComments(text);
  const out: ResourceBlock[] = [];
  const re = /^resource\s+(\w+)\s+'([^'@]+)@([^']+)'\s+(existing\s+)?=\s+(?:if\s*\([^\n]*\)\s*)?\{/gm;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    const before = text.slice(0, m.index).split('\n');
    before.pop();
    const comment: string[] = [];
    while (before.length > 0 && /^\s*\/\//.test(before[before.length - 1]!))
      comment.unshift(before.pop()!.trim());
    out.push({
      symbol: m[1]!,
      type: m[2]!,
      apiVersion: m[3]!,
      existing: Boolean(m[4]),
      body: balancedBlock(clean, m.index + m[0].length - 1),
      leadingComment: comment.join('\n'),
    });
  }
  return out;
}

export interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  secure: boolean;
}

/** The `param` declarations of a Bicep file, with whether each has a default and @secure(). */
export function params(text: string): BicepParam[] {
  const clean = stripComments(text);
  const out: BicepParam[] = [];
  const lines = clean.split('\n');
  lines.forEach((line, index) => {
    const m = /^param\s+(\w+)\s+(\w+)(\s*=.*)?$/.exec(line.trim());
    if (!m) return;
    let secure = false;
    for (let j = index - 1; j >= 0 && lines[j]!.trim().startsWith('@'); j -= 1) {
      if (lines[j]!.trim().startsWith('@secure()')) secure = true;
    }
    out.push({ name: m[1]!, type: m[2]!, hasDefault: Boolean(m[3]), secure });
  });
  return out;
}
