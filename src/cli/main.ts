// The `recon` command line: parses arguments and calls the one pipeline; importable, bin/recon.js runs it.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SettingsError } from '../core/engine-settings.js';
import { echo } from '../core/echo.js';
import { printable } from './terminal-text.js';
import { USAGE } from './usage.js';
import { UsageError } from './usage-error.js';
import { errorMessage } from '../core/error-message.js';

const OPTIONS = {
  period: { type: 'string' },
  deals: { type: 'string' },
  entries: { type: 'string' },
  out: { type: 'string' },
  'run-id': { type: 'string' },
  config: { type: 'string' },
  history: { type: 'string' },
  previous: { type: 'string' },
  seed: { type: 'string' },
  ids: { type: 'string' },
  order: { type: 'string' },
  'history-months': { type: 'string' },
  quiet: { type: 'boolean' },
  force: { type: 'boolean' },
  serve: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options each command reads: any other is refused rather than silently ignored. */
const COMMAND_OPTIONS: Record<string, readonly (keyof typeof OPTIONS)[]> = {
  run: ['period', 'deals', 'entries', 'out', 'run-id', 'config', 'history', 'previous', 'quiet', 'force'],
  generate: ['deals', 'period', 'out', 'seed', 'ids', 'order', 'history-months'],
  demo: ['out', 'period', 'run-id', 'deals', 'serve'],
  check: [],
};

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    // Node's own message comes in several lines; one line reads better than control marks.
    return fail(2, (error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
  const { values, positionals, tokens } = parsed;
  // parseArgs keeps the last of a repeated option: `--period 2026-10 --period 2026-11` would run
  // November without a word, where the user most likely meant one of them.
  const repeated = repeatedOption(tokens);
  if (repeated !== undefined) return fail(2, `--${repeated} is given more than once; give it once`);
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (positionals.length > 1) return fail(2, `unexpected argument "${echo(positionals[1]!)}"`);
  const allowed = COMMAND_OPTIONS[command];
  const unused = allowed
    ? Object.keys(values).find((option) => !allowed.includes(option as keyof typeof OPTIONS))
    : undefined;
  if (unused !== undefined) return fail(2, `${command} does not take --${echo(unused)} (try recon --help)`);
  try {
    switch (command) {
      // Each command loads its own modules: `recon run` on files never loads the Azure and SQL clients.
      case 'run':
        return await (await import('./commands/run.js')).runCommand(values);
      case 'generate':
        return await (await import('./commands/generate.js')).generateCommand(values);
      case 'demo':
        return await (await import('./commands/demo.js')).demoCommand(values);
      case 'check':
        return await (await import('./commands/check.js')).checkCommand();
      default:
        return fail(2, `unknown command "${echo(command)}" (try recon --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingsError) return fail(2, error.message);
    return fail(1, errorMessage(error));
  }
}

function repeatedOption(tokens: readonly { kind: string; name?: string }[]): string | undefined {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    if (seen.has(token.name)) return token.name;
    seen.add(token.name);
  }
  return undefined;
}

function fail(code: number, reason: string): number {
  process.stderr.write(`${printable([`recon: ${reason}`])}\n`);
  return code;
}

/** Runs the command line as the `recon` process (bin/recon.js): sets the exit code, never throws. */
export async function runAsProcess(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    process.exitCode = fail(1, errorMessage(error));
  }
}

// Run straight (`node dist/src/cli/main.js …`), the module is the process too; imported (bin/recon.js,
// tests), it only exports.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href)
  void runAsProcess(process.argv.slice(2));
