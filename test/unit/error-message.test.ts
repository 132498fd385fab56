// What a caught value says: an Error's message (its first line for one-line reasons), anything else as text.
import { describe, expect, it } from 'vitest';
import { errorLine, errorMessage } from '../../src/core/error-message.js';

describe('errorMessage and errorLine', () => {
  it('take an Error’s message, and its first line', () => {
    const error = new Error('The specified container does not exist.\nRequestId:42\nTime:2026-12-03');
    expect(errorMessage(error)).toBe(
      'The specified container does not exist.\nRequestId:42\nTime:2026-12-03',
    );
    expect(errorLine(error)).toBe('The specified container does not exist.');
  });

  it('turn a thrown non-Error into its text', () => {
    expect(errorMessage('socket hang up')).toBe('socket hang up');
    expect(errorMessage(404)).toBe('404');
    expect(errorLine(undefined)).toBe('undefined');
  });
});
