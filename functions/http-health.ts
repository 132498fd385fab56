// GET /api/health: the preflight (`recon check`) with the app's own settings and identity, after `azd up`.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { preflightLines, runPreflight } from '../src/service/preflight.js';
import { contextLogger, serviceOverrides } from './runtime.js';

/**
 * 200 with the checks when all pass, 503 with them when one fails. The body is the same typed result
 * `recon check` prints, with every secret already taken out, so it can be shown and logged as is.
 */
export async function health(_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const credential = serviceOverrides().credential;
  const result = await runPreflight(process.env, credential ? { credential } : {});
  const log = contextLogger(context);
  const failed = result.checks.filter((c) => !c.ok).map((c) => c.name);
  if (result.ok) log.info('health check passed', { checks: String(result.checks.length) });
  else
    log.warn('health check failed', {
      failed: failed.join(', '),
      lines: preflightLines(result)
        .filter((l) => l.startsWith('FAILED'))
        .join(' | '),
    });
  return { status: result.ok ? 200 : 503, jsonBody: result };
}
