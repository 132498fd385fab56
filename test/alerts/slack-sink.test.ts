// The Slack stand-in itself: records accepted payloads, enforces Slack's limits, fails on request, closes cleanly.
import { describe, expect, it } from 'vitest';
import { startSlackSink } from '../../tools/slack-sink/slack-sink.js';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('startSlackSink', () => {
  it('records payloads per path and answers ok', async () => {
    const sink = await startSlackSink({ port: 0 });
    try {
      const res = await post(sink.url('/services/A/B/C'), { text: 'hello' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('ok');
      expect(sink.payloads).toEqual([{ path: '/services/A/B/C', body: { text: 'hello' } }]);
      expect((await sink.waitForPayloads(1)).length).toBe(1);
    } finally {
      await sink.close();
    }
  });

  it('rejects what Slack would reject: too many blocks, an over-long section, bad JSON', async () => {
    const sink = await startSlackSink();
    try {
      const block = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
      expect((await post(sink.url(), { text: 't', blocks: Array(51).fill(block) })).status).toBe(400);
      expect(
        (
          await post(sink.url(), {
            text: 't',
            attachments: [{ blocks: [{ ...block, text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }],
          })
        ).status,
      ).toBe(400);
      expect((await fetch(sink.url(), { method: 'POST', body: '{' })).status).toBe(400);
      expect(sink.payloads).toHaveLength(0);
    } finally {
      await sink.close();
    }
  });

  it('answers queued failures in order, then recovers; close() does not wait for a hung request', async () => {
    const sink = await startSlackSink();
    sink.failNext({ status: 429, retryAfterSeconds: 7 }, { status: 500 }, { hang: true });
    const limited = await post(sink.url(), { text: 'a' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await post(sink.url(), { text: 'b' })).status).toBe(500);
    const hung = post(sink.url(), { text: 'c' }).then(
      (r) => r.status,
      () => 'aborted',
    );
    while (sink.requests.length < 3) await new Promise((r) => setTimeout(r, 5));
    await sink.close();
    expect(await hung).toBe('aborted');
    expect(sink.requests.map((r) => r.outcome)).toEqual(['429', '500', 'hang']);
  });
});
