// A full garbage collection between the stages of a large run, so one stage does not grow on the last one's garbage.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this many input rows a collection costs more than it saves. */
const LARGE_RUN_ROWS = 200_000;

let gc: (() => void) | null | undefined;

/**
 * V8 collects when its heap grows, not when a stage ends: at a million deals the books of the read
 * stage (hundreds of MB of typed arrays) were still uncollected while the reports were rendered,
 * which set the run's peak memory. `gc` is exposed at run time rather than by a node flag, so the
 * CLI, the tests and the Functions host all get it.
 */
export function collectGarbageAfterLargeStage(rowsRead: number): void {
  if (rowsRead < LARGE_RUN_ROWS) return;
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
