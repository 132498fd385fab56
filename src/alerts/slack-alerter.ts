// The Alerter on Slack incoming webhooks: one summary per run, an escalation when red, no double posts.
import type { Logger } from '../pipeline/ports/logger.js';
import type { AlertKey, AlertLedger } from './alert-ledger.js';
import type { Alerter, AlertResult } from '../pipeline/ports/alerter.js';
import type { RunReport } from '../reports/run-report.js';
import { buildEscalationMessage, buildRunMessage, runColour, type SlackPayload } from './slack-message.js';
import { DEFAULT_POST_POLICY, postWebhook, redact, type PostDeps, type PostPolicy } from './webhook-post.js';
import { errorLine, errorMessage } from '../core/error-message.js';

export interface SlackAlerterOptions {
  /** SLACK_WEBHOOK_URL: the summary channel. A secret (Key Vault reference): never logged. */
  webhookUrl?: string;
  /** SLACK_ESCALATION_WEBHOOK_URL: where red runs are escalated. Also a secret. */
  escalationWebhookUrl?: string;
  /** SLACK_ESCALATION_USER_GROUPS: user group ids (S0123…) mentioned when red. */
  userGroups?: string[];
  /** Remembers what was posted per run id; without one, a retried run may post again. */
  ledger?: AlertLedger;
  log?: Logger;
  policy?: Partial<PostPolicy>;
  deps?: PostDeps;
  now?: () => Date;
}

type Channel = AlertKey['channel'];

interface ChannelOutcome {
  channel: Channel;
  state: 'sent' | 'already' | 'failed';
  detail?: string;
}

export class SlackAlerter implements Alerter {
  private readonly policy: PostPolicy;

  constructor(private readonly options: SlackAlerterOptions) {
    this.policy = { ...DEFAULT_POST_POLICY, ...options.policy };
  }

  async announce(run: RunReport): Promise<AlertResult> {
    try {
      return await this.announceUnsafe(run);
    } catch (error) {
      // The contract: never throw. Anything unexpected (a ledger read failing) becomes a failed alert.
      const detail = this.scrub(`alert error: ${errorMessage(error)}`);
      this.options.log?.warn('slack alert failed', { detail });
      return { status: 'failed', detail };
    }
  }

  private async announceUnsafe(run: RunReport): Promise<AlertResult> {
    const { webhookUrl, escalationWebhookUrl } = this.options;
    if (!webhookUrl && !escalationWebhookUrl)
      return { status: 'skipped', detail: 'no Slack webhook configured' };
    const colour = runColour(run);
    const groups = this.options.userGroups ?? [];
    const outcomes: ChannelOutcome[] = [];
    // With storage down the ledger cannot be read: the alert goes out anyway (a repeat is better than
    // silence when the run itself could not be published) and says that storage is down.
    const storageDown = await this.ledgerProblem(run);
    const message = { mentionGroups: groups, ...(storageDown ? { storageDown } : {}) };
    const ledger = storageDown ? undefined : this.options.ledger;
    if (webhookUrl)
      outcomes.push(await this.post(run, 'summary', webhookUrl, buildRunMessage(run, message), ledger));
    if (colour === 'red' && escalationWebhookUrl) {
      outcomes.push(
        await this.post(
          run,
          'escalation',
          escalationWebhookUrl,
          buildEscalationMessage(run, message),
          ledger,
        ),
      );
    }
    if (outcomes.length === 0)
      return {
        status: 'skipped',
        detail: `${colour}: no escalation needed and no summary webhook configured`,
      };
    const detail = `${colour}; ${outcomes.map((o) => `${o.channel} ${o.state === 'already' ? 'already posted for this run id' : o.state}${o.detail ? ` (${o.detail})` : ''}`).join('; ')}`;
    if (outcomes.some((o) => o.state === 'failed')) {
      this.options.log?.warn('slack alert failed; the run stands', { detail });
      return { status: 'failed', detail };
    }
    if (outcomes.every((o) => o.state === 'already')) return { status: 'skipped', detail };
    this.options.log?.info('slack alert sent', { detail });
    return { status: 'sent', detail };
  }

  private async post(
    run: RunReport,
    channel: Channel,
    url: string,
    payload: SlackPayload,
    ledger: AlertLedger | undefined,
  ): Promise<ChannelOutcome> {
    const key: AlertKey = {
      period: run.period,
      runId: run.runId,
      outcome: run.status,
      channel,
    };
    if (ledger && (await ledger.wasPosted(key))) return { channel, state: 'already' };
    const result = await postWebhook(url, payload, this.policy, this.options.deps);
    if (!result.ok) return { channel, state: 'failed', detail: this.scrub(result.detail) };
    // Marked after Slack accepted it: a crash in between can repeat one post, never lose one.
    if (ledger) {
      await ledger.markPosted(key, (this.options.now ?? (() => new Date()))()).catch((error: unknown) => {
        this.options.log?.warn('could not record the Slack post; a retry of this run may post again', {
          detail: this.scrub(String(error)),
        });
      });
    }
    return {
      channel,
      state: 'sent',
      ...(result.attempts > 1 ? { detail: `after ${result.attempts} attempts` } : {}),
    };
  }

  /** Reads the ledger once up front: undefined when it answers, else what is wrong with storage. */
  private async ledgerProblem(run: RunReport): Promise<string | undefined> {
    const { ledger } = this.options;
    if (!ledger) return undefined;
    try {
      await ledger.wasPosted({
        period: run.period,
        runId: run.runId,
        outcome: run.status,
        channel: 'summary',
      });
      return undefined;
    } catch (error) {
      const detail = this.scrub(errorLine(error));
      this.options.log?.warn('report storage is down; alerting without the ledger', { detail });
      return detail;
    }
  }

  /** Belt and braces: no text leaves the alerter with a webhook URL in it. */
  private scrub(text: string): string {
    let out = text;
    for (const url of [this.options.webhookUrl, this.options.escalationWebhookUrl])
      if (url) out = redact(out, url);
    return out;
  }
}

/** The alerter as the app settings describe it (SLACK_*); pass a StoreAlertLedger on the run's report store. */
export function createSlackAlerter(
  settings: {
    SLACK_WEBHOOK_URL?: string;
    SLACK_ESCALATION_WEBHOOK_URL?: string;
    SLACK_ESCALATION_USER_GROUPS: string[];
    SLACK_TIMEOUT_MS: number;
  },
  extra: Pick<SlackAlerterOptions, 'ledger' | 'log'> = {},
): SlackAlerter {
  return new SlackAlerter({
    ...(settings.SLACK_WEBHOOK_URL ? { webhookUrl: settings.SLACK_WEBHOOK_URL } : {}),
    ...(settings.SLACK_ESCALATION_WEBHOOK_URL
      ? { escalationWebhookUrl: settings.SLACK_ESCALATION_WEBHOOK_URL }
      : {}),
    userGroups: settings.SLACK_ESCALATION_USER_GROUPS,
    policy: { timeoutMs: settings.SLACK_TIMEOUT_MS },
    ...extra,
  });
}
