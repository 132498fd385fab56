// When work moves to a worker thread: the environment's override, else the size.
import { afterEach, describe, expect, it } from 'vitest';
import { threadChoiceFromEnv, usesThread } from '../../src/core/thread-choice.js';

const VARIABLE = 'RECON_TEST_THREAD_CHOICE';

afterEach(() => {
  delete process.env[VARIABLE];
});

describe('threadChoiceFromEnv and usesThread', () => {
  it('reads 1 as always, 0 as never, anything else or nothing as auto', () => {
    const choices = [undefined, '1', '0', 'yes', ''].map((value) => {
      if (value === undefined) delete process.env[VARIABLE];
      else process.env[VARIABLE] = value;
      return threadChoiceFromEnv(VARIABLE);
    });
    expect(choices).toEqual(['auto', 'always', 'never', 'auto', 'auto']);
  });

  it('asks the size only under auto', () => {
    let asked = 0;
    const large = (answer: boolean) => () => {
      asked++;
      return answer;
    };
    expect([usesThread('always', large(false)), usesThread('never', large(true))]).toEqual([true, false]);
    expect(asked).toBe(0);
    expect([usesThread('auto', large(true)), usesThread('auto', large(false))]).toEqual([true, false]);
    expect(asked).toBe(2);
  });
});
