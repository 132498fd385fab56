// Echoed input is cut at 200 characters and marked, so nothing quotes a megabyte back.
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { startReconciliation } from '../../functions/http-reconcile.js';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import { echo } from '../../src/core/echo.js';

describe('echo', () => {
  it('leaves 200 characters alone and cuts 201, saying how long the value was', () => {
    expect(echo('x'.repeat(200))).toBe('x'.repeat(200));
    expect(echo('y'.repeat(201))).toBe(`${'y'.repeat(200)}… [cut: 201 characters in all]`);
    expect(echo('z'.repeat(1_048_576))).toBe(`${'z'.repeat(200)}… [cut: 1,048,576 characters in all]`);
  });

  it('does not split a surrogate pair at the cut', () => {
    const text = `${'a'.repeat(199)}😀${'b'.repeat(10)}`;
    expect(echo(text)).toBe(`${'a'.repeat(199)}… [cut: 211 characters in all]`);
  });
});

describe('echoed values are cut', () => {
  it('a 15,000-character unknown field name in POST /api/reconciliations answers a short 400', async () => {
    // Just under the 16 KiB body limit (a larger body is a 413 before it is parsed).
    const name = 'f'.repeat(15_000);
    const response: HttpResponseInit = await startReconciliation(
      new HttpRequest({
        method: 'POST',
        url: 'https://recon.example/api/reconciliations',
        body: { string: JSON.stringify({ period: '2026-10', [name]: 1 }) },
      }),
      new InvocationContext({ functionName: 'startReconciliation', invocationId: 'echo-1' }),
    );
    const body = response.jsonBody as { error: string; field: string };
    expect(response.status).toBe(400);
    expect(body.field).toBe(`${'f'.repeat(200)}… [cut: 15,000 characters in all]`);
    expect(JSON.stringify(body).length).toBeLessThan(600);
  });

  it('an unknown 1 MB key of the rules is named cut', () => {
    expect(() => parseEngineSettings({ ['k'.repeat(1_000_000)]: 1 })).toThrow(
      `unknown setting ${'k'.repeat(200)}… [cut: 1,000,000 characters in all]`,
    );
  });
});
