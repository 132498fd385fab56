// `recon check`: the preflight against the settings in the environment, one line per check.
import { preflightLines, runPreflight } from '../../service/preflight.js';
import { printable } from '../terminal-text.js';

/** Exit 0 when every check passed, 1 when one failed (a bad setting is a failed check here, not exit 2). */
export async function checkCommand(): Promise<number> {
  const result = await runPreflight(process.env);
  process.stdout.write(`${printable(preflightLines(result))}\n`);
  return result.ok ? 0 : 1;
}
