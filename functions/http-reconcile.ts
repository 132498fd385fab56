// On-demand runs over HTTP: start one (queued, 202), read one run's status, list a period's runs.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { listPeriodRuns, readRun, type RunRecord } from '../src/history/run-history.js';
import { newRunId } from '../src/service/run-id.js';
import { admitStart } from '../src/service/admission.js';
import { waitingRequestsOf, requestFile } from '../src/service/queued-requests.js';
import { inFlightOf } from '../src/service/run-progress.js';
import {
  BODY_SHAPE,
  describeRequestError,
  periodOfRunId,
  PeriodSchema,
  serviceRunId,
  StartRunBodySchema,
  type RunMessage,
} from '../src/service/run-requests.js';
import { contextLogger, getServices } from './runtime.js';
import { echo } from '../src/core/echo.js';

const json = (status: number, body: unknown): HttpResponseInit => ({ status, jsonBody: body });
const badRequest = (field: string, reason: string) =>
  json(400, { error: `${field} ${reason}`, field, reason });
/** A run request is {"period", "notify", "force"}: far under this. */
const MAX_BODY_BYTES = 16 * 1024;
const tooLarge = () =>
  json(413, {
    error: `(body) must be at most ${MAX_BODY_BYTES} bytes (a JSON object like {"period": "2026-10"})`,
    field: '(body)',
    reason: `must be at most ${MAX_BODY_BYTES} bytes`,
  });

/**
 * The body is JSON: a request that says it is something else (a form, as `curl -d` sends without a
 * content-type header) is refused naming the header. One without a content-type, or with
 * text/plain (what a string body gets by default, and what browsers send to skip a preflight), is
 * read as JSON.
 */
function unsupportedContentType(request: HttpRequest): HttpResponseInit | undefined {
  const header = request.headers.get('content-type');
  if (header === null || header.trim() === '') return undefined;
  const media = header.split(';')[0]!.trim().toLowerCase();
  if (media === 'application/json' || media === 'text/plain' || /^application\/[\w.+-]+\+json$/.test(media))
    return undefined;
  const reason = `must be application/json, not "${echo(header)}"`;
  return json(415, { error: `content-type ${reason}`, field: 'content-type', reason });
}

export async function startReconciliation(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const unsupported = unsupportedContentType(request);
  if (unsupported) return unsupported;
  // The body is a few fields: a larger one is refused before it is read, or once read past the limit.
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return tooLarge();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return badRequest('(body)', BODY_SHAPE);
  }
  const parsed = StartRunBodySchema.safeParse(body);
  if (!parsed.success) {
    const { field, reason } = describeRequestError(parsed.error, body);
    return badRequest(field, reason);
  }
  const { period, notify, force } = parsed.data;
  const runId = serviceRunId(period, newRunId());
  const log = contextLogger(context, { run_id: runId });
  const services = getServices();
  const holder = await services.storage.lock.holder?.(period);
  const runs = holder ? [] : await listPeriodRuns(services.storage.store, period);
  const requests = holder ? [] : await waitingRequestsOf(services.storage.store, runs);
  const decision = admitStart({ force }, { ...(holder ? { holder } : {}), runs, requests }, new Date());
  switch (decision.kind) {
    case 'running':
      return json(409, {
        error: `run in progress for ${period} since ${decision.holder.since}`,
        period,
        runId: decision.holder.runId,
      });
    case 'completed':
      return json(409, {
        error: `${period} was already reconciled by run ${decision.runId}; send "force": true to run it again`,
        period,
        runId: decision.runId,
        statusUrl: statusUrl(request, decision.runId),
      });
    case 'queued':
      return json(409, {
        error: `a run of ${period} is already queued (run ${decision.runId}, requested at ${decision.requestedAt})`,
        period,
        runId: decision.runId,
        statusUrl: statusUrl(request, decision.runId),
      });
    case 'queue':
      break;
  }
  const message: RunMessage = {
    runId,
    period,
    notify,
    force,
    trigger: 'http',
    requestedAt: new Date().toISOString(),
    waits: 0,
  };
  await services.storage.store.write({ period, runId }, requestFile(message));
  await services.queue().send(message);
  log.info('run queued', { period });
  return json(202, { runId, period, status: 'queued', statusUrl: statusUrl(request, runId) });
}

export async function getReconciliation(
  request: HttpRequest,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const runId = request.params.runId ?? '';
  const period = periodOfRunId(runId);
  if (!period)
    return badRequest('runId', 'must be a run id returned by POST /api/reconciliations ("YYYY-MM.…")');
  const services = getServices();
  const { store, lock } = services.storage;
  const record = await readRun(store, { period, runId });
  if (record.status === 'incomplete') {
    const listed = async () => (await store.listRuns(period)).includes(runId);
    const state = await inFlightOf(store, record, await lock.holder?.(period), listed);
    switch (state.status) {
      case 'running':
      case 'incomplete':
        return json(200, { runId, period, ...state });
      case 'pending':
        return json(404, {
          error: `no finished run ${runId} yet: it is queued`,
          runId,
          period,
          status: 'pending',
        });
      case 'unknown':
        return json(404, {
          error: `no run ${runId}: it was never requested (or its reports were deleted)`,
          runId,
          period,
          status: 'unknown',
        });
    }
  }
  const links: Record<string, string> = {};
  for (const file of record.manifest?.files ?? [])
    links[file.name] = await services.storage.store.link({ period, runId }, file.name);
  // The page a person opens first, named on its own so a caller need not know the file names.
  const report = links['report.html'];
  return json(200, { ...summarize(record), ...(report ? { reportUrl: report } : {}), links });
}

export async function listReconciliations(
  request: HttpRequest,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const period = PeriodSchema.safeParse(request.query.get('period') ?? undefined);
  if (!period.success)
    return badRequest(
      'period',
      request.query.get('period') === null
        ? 'is required (?period=YYYY-MM)'
        : 'must be a calendar month "YYYY-MM"',
    );
  const { store, lock } = getServices().storage;
  const runs = await listPeriodRuns(store, period.data);
  // A run without a manifest is shown as the status endpoint shows it: running, pending or incomplete.
  const holder = runs.some((r) => r.status === 'incomplete') ? await lock.holder?.(period.data) : undefined;
  const listed = await Promise.all(
    runs.map(async (r) =>
      r.status === 'incomplete'
        ? { ...summarize(r), ...(await inFlightOf(store, r, holder, async () => true)) }
        : summarize(r),
    ),
  );
  return json(200, { period: period.data, runs: listed });
}

function summarize(r: RunRecord) {
  return {
    runId: r.runId,
    period: r.period,
    status: r.status,
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    ...(r.failureReason ? { failureReason: r.failureReason } : {}),
    ...(r.skipReason ? { skipReason: r.skipReason } : {}),
    ...(r.manifest
      ? {
          totals: r.manifest.totals,
          counts: r.manifest.counts,
          severity: r.manifest.severity,
          history: r.manifest.history,
          // Open items to date and closed this month, per currency (with history only).
          ...(r.manifest.life_to_date ? { lifeToDate: r.manifest.life_to_date } : {}),
        }
      : {}),
  };
}

function statusUrl(request: HttpRequest, runId: string): string {
  return new URL(`/api/reconciliations/${encodeURIComponent(runId)}`, request.url).href;
}
