// Progress on stderr while inputs are read: at most a line a second, so short runs print none.
import type { ReadProgress } from '../pipeline/ports/record-source.js';

/** RECON_PROGRESS_MS changes the interval (0: a line per batch), e.g. to watch a slow SQL read closely. */
export function stderrProgress(intervalMs = Number(process.env.RECON_PROGRESS_MS ?? 1000)): ReadProgress {
  let last = Date.now();
  return (source, rows, fraction) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    const pct = fraction === undefined ? '' : ` (${Math.round(fraction * 100)}%)`;
    process.stderr.write(`reading ${source}: ${rows.toLocaleString('en-US')} rows${pct}\n`);
  };
}
