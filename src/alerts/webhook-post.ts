// Posts JSON to a Slack incoming webhook with timeouts and retries; never throws and never reveals the URL.

export interface PostPolicy {
  /** Timeout of one request (SLACK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff delay; doubles each retry, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the post fails and the run goes on. */
  maxRetryAfterMs: number;
}

export const DEFAULT_POST_POLICY: PostPolicy = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 60_000,
};

export interface PostResult {
  ok: boolean;
  attempts: number;
  /** Safe to log: status codes, Slack's short error text, error names; never the URL. */
  detail: string;
}

export interface PostDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Removes the webhook URL (and its secret path) from any text before it leaves this module. */
export function redact(text: string, url: string): string {
  let out = text.split(url).join('[webhook]');
  try {
    const { pathname } = new URL(url);
    if (pathname.length > 1) out = out.split(pathname).join('/[redacted]');
  } catch {
    // Not a URL: nothing more to take out.
  }
  return out;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}

/**
 * Whether the request may have reached Slack although no answer came: a timeout or a connection
 * broken after it was set up. Incoming webhooks are not idempotent (a repeat is a second message),
 * so such a request is not repeated. Failures before anything was sent (refused, unknown host) are.
 */
export function mayHaveBeenDelivered(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const notSent = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
  ];
  return !(typeof code === 'string' && notSent.includes(code));
}

export async function postWebhook(
  url: string,
  body: unknown,
  policy: PostPolicy,
  deps: PostDeps = {},
): Promise<PostResult> {
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const payload = JSON.stringify(body);
  const backoff = (retry: number) => {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    // "Equal jitter": at least half the ceiling, so retries from many runs spread but never hammer.
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  };
  let last = 'not attempted';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    let wait: number | undefined;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = (await response.text().catch(() => '')).slice(0, 200);
      if (response.ok) return { ok: true, attempts: attempt, detail: `HTTP ${response.status}` };
      last = `HTTP ${response.status}${text ? ` ${text}` : ''}`;
      if (response.status === 429) {
        const asked = retryAfterMs(response.headers.get('retry-after')) ?? backoff(attempt - 1);
        if (asked > policy.maxRetryAfterMs)
          return {
            ok: false,
            attempts: attempt,
            detail: redact(`${last}; Retry-After ${Math.round(asked / 1000)} s is too long to wait`, url),
          };
        wait = asked;
      } else if (response.status >= 500) {
        wait = backoff(attempt - 1);
      } else {
        // 4xx other than 429 (invalid_payload, no_service, channel_is_archived): a retry cannot help.
        return { ok: false, attempts: attempt, detail: redact(last, url) };
      }
    } catch (error) {
      last = errorText(error);
      if (mayHaveBeenDelivered(error))
        return {
          ok: false,
          attempts: attempt,
          detail: redact(
            `${last}; not retried: Slack may have posted it (a repeat would post it twice)`,
            url,
          ),
        };
      wait = backoff(attempt - 1);
    }
    if (attempt < policy.maxAttempts) await sleep(wait);
  }
  return {
    ok: false,
    attempts: policy.maxAttempts,
    detail: redact(`${last} after ${policy.maxAttempts} attempts`, url),
  };
}
