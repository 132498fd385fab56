// GET /api/health called as the host calls it (@azure/functions objects) against the SQL emulator, Azurite and the Slack stand-in.
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { health } from '../../functions/http-health.js';
import { resetServices } from '../../functions/runtime.js';
import { PreflightResultSchema, type PreflightResult } from '../../src/service/preflight.js';
import { AZURITE_KEY } from '../../tools/azurite/start-azurite.js';
import { startLocalStack, type LocalStack } from '../../tools/local-stack/local-stack.js';

let stack: LocalStack;
const logs: string[] = [];
const changed = new Set<string>();

function setEnv(values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) {
    process.env[k] = v;
    changed.add(k);
  }
}

function context(): InvocationContext {
  return new InvocationContext({
    functionName: 'health',
    invocationId: 'test-health',
    logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
  });
}

async function get(): Promise<{ response: HttpResponseInit; body: PreflightResult }> {
  const response = await health(
    new HttpRequest({ method: 'GET', url: 'https://recon.example/api/health' }),
    context(),
  );
  // The body is the typed result: parsing it with its schema fails on any other shape.
  return { response, body: PreflightResultSchema.parse(response.jsonBody) };
}

beforeAll(async () => {
  stack = await startLocalStack({ period: '2026-10', deals: 20, seed: 3 });
  setEnv({ ...stack.env, RUN_QUEUE_NAME: 'recon-runs-health' });
  resetServices();
}, 120_000);

afterAll(async () => {
  for (const key of changed) delete process.env[key];
  resetServices();
  await stack?.close();
});

describe('GET /api/health', () => {
  it('answers 200 with every check passed, and posts nothing to Slack', async () => {
    const { response, body } = await get();
    expect(body.checks.filter((c) => !c.ok)).toEqual([]);
    expect([response.status, body.ok]).toEqual([200, true]);
    expect(body.checks.map((c) => c.name)).toContain('report container');
    expect(stack.slack.requests).toEqual([]);
    expect(logs.some((l) => l.includes('health check passed'))).toBe(true);
  });

  it('answers 503 naming the failed check and its fix, with no secret in the body or the log', async () => {
    setEnv({ SQL_PASSWORD: 'Not-The-Passw0rd-42' });
    logs.length = 0;
    const { response, body } = await get();
    expect(response.status).toBe(503);
    expect(body.ok).toBe(false);
    const analytics = body.checks.find((c) => c.name === 'sql analytics')!;
    expect(analytics).toMatchObject({ ok: false });
    expect(analytics.fix).toMatch(/SQL_PASSWORD/);
    expect(logs.join('\n')).toMatch(/health check failed.*sql analytics/);
    const seen = `${JSON.stringify(response.jsonBody)}\n${logs.join('\n')}`;
    for (const secret of [
      'Not-The-Passw0rd-42',
      AZURITE_KEY,
      '/services/T000/B000/finance',
      '/services/T000/B000/escalation',
    ])
      expect(seen).not.toContain(secret);
    setEnv({ SQL_PASSWORD: stack.sql.password });
  });
});
