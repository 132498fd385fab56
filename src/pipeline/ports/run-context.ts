// Which run the current code works for (run_id, period, trigger), carried through async calls, so every log line of a run carries them.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RunFields {
  run_id: string;
  period: string;
  trigger: string;
}

const current = new AsyncLocalStorage<RunFields>();

/** Runs `fn` as part of the run: long-lived parts (SQL retries, lock renewals) logging meanwhile name it. */
export function inRun<T>(fields: RunFields, fn: () => Promise<T>): Promise<T> {
  return current.run(fields, fn);
}

/** The run the caller works for, if any. */
export function currentRun(): RunFields | undefined {
  return current.getStore();
}
