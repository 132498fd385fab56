// Progress on stderr for long reads: at most one line a second, only when stderr is watched by a person or a log.
import type { ReadProgress } from '../sources/record-source.js';

export function stderrProgress(intervalMs = 1000): ReadProgress {
  let last = Date.now();
  return (source, rows, fraction) => {
    const now = Date.now();
    if (now - last < intervalMs && fraction !== 1) return;
    if (fraction === 1 && now - last < intervalMs && rows < 100_000) return;
    last = now;
    const pct = fraction === undefined ? '' : ` (${Math.round(fraction * 100)}%)`;
    process.stderr.write(`reading ${source}: ${rows.toLocaleString('en-US')} rows${pct}\n`);
  };
}
