// Whether a piece of work moves to a worker thread: by its size, unless an environment variable forces it either way.

/** `auto` decides by size; `always` and `never` are forced (tests compare both ways; one-core hosts and debuggers turn threads off). */
export type ThreadChoice = 'auto' | 'always' | 'never';

/** `variable`=1 is `always`, =0 `never`, anything else (or unset) `auto`. */
export function threadChoiceFromEnv(variable: string): ThreadChoice {
  const value = process.env[variable];
  return value === '0' ? 'never' : value === '1' ? 'always' : 'auto';
}

/** Whether to use the thread under `choice`; `large` answers for `auto` (and is only asked then). */
export function usesThread(choice: ThreadChoice, large: () => boolean): boolean {
  return choice === 'auto' ? large() : choice === 'always';
}
