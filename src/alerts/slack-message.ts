// Pure: a run announcement → the Slack message (Block Kit blocks inside a colour-bar attachment).
import type { ReconRow } from '../core/classify.js';
import type { Lifecycle } from '../core/lifecycle.js';
import { currencyDigitsOr2, formatMinorReadable, parseMoney, readableAmount } from '../core/money.js';
import { STATUSES } from '../core/status.js';
import type { Manifest } from '../reports/manifest.js';
import type { RunAnnouncement } from '../pipeline/ports/alerter.js';
import {
  clip,
  joinWithin,
  MAX_BLOCKS,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from './slack-limits.js';

export type AlertColour = 'green' | 'amber' | 'red' | 'grey';

/** Slack's own palette, so the bar reads the same as Slack's status colours. */
export const COLOUR_HEX: Record<AlertColour, string> = {
  green: '#2EB67D',
  amber: '#ECB22E',
  red: '#E01E5A',
  grey: '#9E9E9E',
};

interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

export interface SlackAttachment {
  color: string;
  fallback: string;
  blocks: SlackBlock[];
}

export interface SlackPayload {
  /** Notification and screen-reader text; mentions here are what make Slack notify. */
  text: string;
  blocks?: SlackBlock[];
  attachments?: SlackAttachment[];
}

/** Rows shown in the message; the rest are in discrepancies.csv. */
export const TOP_SHOWN = 5;
/** Net variance beyond this share of expected (per currency) turns the message red. */
const RED_NET_VARIANCE_PERCENT = 1n;

type TopRow = ReconRow & { lifecycle?: Lifecycle };

/**
 * Green: nothing beyond tolerance. Amber: warnings only. Red: any critical row, or a currency whose
 * net variance exceeds 1% of its expected total (when expected is zero, any net variance).
 * Grey: the run failed.
 */
export function runColour(run: RunAnnouncement): AlertColour {
  const m = run.manifest;
  if (m.status === 'failed') return 'grey';
  const critical = m.severity?.critical ?? run.top.filter((r) => r.severity === 'critical').length;
  if (critical > 0 || run.top.some((r) => r.severity === 'critical')) return 'red';
  if (m.totals.some(netVarianceBeyondLimit)) return 'red';
  const warnings = m.severity?.warning ?? 0;
  return warnings > 0 || run.discrepancyCount > 0 ? 'amber' : 'green';
}

function netVarianceBeyondLimit(t: Manifest['totals'][number]): boolean {
  const digits = currencyDigitsOr2(t.currency);
  const net = parseMoney(t.net_variance, digits);
  const expected = parseMoney(t.expected, digits);
  if (!net.ok || !expected.ok) return false;
  const absNet = BigInt(Math.abs(net.minor));
  const absExpected = BigInt(Math.abs(expected.minor));
  // Integer comparison: |net| > 1% of |expected|  ⇔  100·|net| > |expected|.
  return absNet * 100n > absExpected * RED_NET_VARIANCE_PERCENT;
}

const HEADLINE: Record<AlertColour, string> = {
  green: 'all matched within tolerance',
  amber: 'warnings to review',
  red: 'critical discrepancies',
  grey: 'run failed',
};

const EMOJI: Record<AlertColour, string> = {
  green: ':large_green_circle:',
  amber: ':large_yellow_circle:',
  red: ':red_circle:',
  grey: ':white_circle:',
};

/** "1,234.50" from a manifest amount in the currency's plain decimals. */
const money = (minor: number, currency: string) => formatMinorReadable(minor, currencyDigitsOr2(currency));

/** Slack mrkdwn treats & < > as markup; user data must not open links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const section = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, MAX_SECTION_TEXT) },
});
const context = (text: string): SlackBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clip(text, MAX_SECTION_TEXT) }],
});

export interface MessageOptions {
  /** Slack user group ids to mention (escalation when red). */
  mentionGroups?: string[];
}

export function mentionText(groups: string[]): string {
  return groups.map((id) => `<!subteam^${id}>`).join(' ');
}

/** The run summary posted to the main channel. */
export function buildRunMessage(run: RunAnnouncement, options: MessageOptions = {}): SlackPayload {
  const colour = runColour(run);
  const m = run.manifest;
  const title = `${EMOJI[colour]} Revenue reconciliation ${m.period}: ${HEADLINE[colour]}`;
  const mentions =
    colour === 'red' && options.mentionGroups?.length ? mentionText(options.mentionGroups) : '';
  const fallback = `Revenue reconciliation ${m.period}: ${HEADLINE[colour]}`;
  const blocks = colour === 'grey' ? failedBlocks(run) : completedBlocks(run);
  const top: SlackBlock[] = mentions
    ? [section(`${mentions} critical findings in the ${m.period} reconciliation need attention`)]
    : [];
  const body = fitBlocks(blocks, MAX_BLOCKS - top.length - 1);
  return {
    text: mentions ? `${mentions} ${fallback}` : fallback,
    ...(top.length ? { blocks: top } : {}),
    attachments: [
      {
        color: COLOUR_HEX[colour],
        fallback,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: clip(title, MAX_HEADER_TEXT), emoji: true } },
          ...body,
        ],
      },
    ],
  };
}

/** The short escalation posted to the escalation channel when the run is red. */
export function buildEscalationMessage(run: RunAnnouncement, options: MessageOptions = {}): SlackPayload {
  const m = run.manifest;
  const mentions = options.mentionGroups?.length ? `${mentionText(options.mentionGroups)} ` : '';
  const critical = run.top.filter((r) => r.severity === 'critical');
  const text = `${mentions}Escalation: critical discrepancies in the ${m.period} revenue reconciliation (run ${m.run_id})`;
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(`:rotating_light: Escalation: revenue reconciliation ${m.period}`, MAX_HEADER_TEXT),
        emoji: true,
      },
    },
    section(escapeKeepMentions(text, mentions)),
    section(totalsLines(m).join('\n') || 'No totals recorded.'),
  ];
  const rows = (critical.length ? critical : run.top).slice(0, TOP_SHOWN);
  if (rows.length) blocks.push(section(joinWithin(rows.map(rowLine), MAX_SECTION_TEXT)));
  if (m.severity)
    blocks.push(
      context(
        `${m.severity.critical} critical · ${m.severity.warning} warning · ${run.discrepancyCount} discrepancies in total`,
      ),
    );
  const links = linkLines(run.links);
  if (links.length) blocks.push(section(joinWithin(links, MAX_SECTION_TEXT)));
  return {
    text,
    attachments: [{ color: COLOUR_HEX.red, fallback: text, blocks: fitBlocks(blocks, MAX_BLOCKS) }],
  };
}

function escapeKeepMentions(text: string, mentions: string): string {
  return mentions ? mentions + escapeMrkdwn(text.slice(mentions.length)) : escapeMrkdwn(text);
}

function failedBlocks(run: RunAnnouncement): SlackBlock[] {
  const m = run.manifest;
  return [
    section(
      `*The run did not complete; no reports were published.*\n*Reason:* ${escapeMrkdwn(m.failure_reason ?? 'unknown')}`,
    ),
    context(runContext(m)),
  ];
}

function runContext(m: Manifest): string {
  return `Run \`${escapeMrkdwn(m.run_id)}\` · trigger ${m.trigger} · started ${m.started_at} · finished ${m.finished_at}`;
}

function totalsLines(m: Manifest): string[] {
  return m.totals.map((t) => {
    const c = t.currency;
    const recovered = t.recovered !== undefined ? ` · recovered ${readableAmount(t.recovered, c)}` : '';
    return `*${escapeMrkdwn(c)}* expected ${readableAmount(t.expected, c)} · recognized ${readableAmount(t.recognized, c)} · net variance ${readableAmount(t.net_variance, c)} · unrecognized ${readableAmount(t.unrecognized, c)}${recovered}`;
  });
}

function completedBlocks(run: RunAnnouncement): SlackBlock[] {
  const m = run.manifest;
  const blocks: SlackBlock[] = [context(runContext(m))];

  // Totals: one currency gets a tidy field grid; several get one line each (fields cap at 10).
  const [only] = m.totals;
  if (m.totals.length === 1 && only) {
    const c = only.currency;
    const field = (label: string, amount: string): TextObject => ({
      type: 'mrkdwn',
      text: clip(`*${label}*\n${readableAmount(amount, c)} ${escapeMrkdwn(c)}`, MAX_FIELD_TEXT),
    });
    const fields = [
      field('Expected', only.expected),
      field('Recognized', only.recognized),
      field('Net variance', only.net_variance),
      field('Unrecognized', only.unrecognized),
    ];
    if (only.recovered !== undefined) fields.push(field('Recovered since last run', only.recovered));
    blocks.push({ type: 'section', fields });
  } else if (m.totals.length > 1) {
    blocks.push(
      section(
        joinWithin(totalsLines(m), MAX_SECTION_TEXT, (n) => `_and ${n} more currencies (see summary.csv)_`),
      ),
    );
  }

  const counts = STATUSES.filter((s) => (m.counts?.[s] ?? 0) > 0).map(
    (s) => `${s.replace('_', ' ')} ${m.counts?.[s]}`,
  );
  const severity = m.severity ? ` · *${m.severity.critical}* critical, *${m.severity.warning}* warning` : '';
  blocks.push(
    section(`*By status:* ${counts.length ? counts.join(' · ') : 'nothing classified'}${severity}`),
  );

  if (m.history) {
    const h = m.history;
    blocks.push(
      section(
        `*Since run \`${escapeMrkdwn(h.previous_run_id)}\`:* ${h.new} new · ${h.persisting} persisting · ${h.resolved} resolved`,
      ),
    );
  }

  if (run.top.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push(
      section(`*Largest discrepancies* (${Math.min(run.top.length, TOP_SHOWN)} of ${run.discrepancyCount})`),
    );
    for (const row of run.top.slice(0, TOP_SHOWN)) blocks.push(section(rowLine(row)));
    const hidden = run.discrepancyCount - Math.min(run.top.length, TOP_SHOWN);
    if (hidden > 0) blocks.push(context(`and ${hidden} more in discrepancies.csv`));
  }

  const links = linkLines(run.links);
  if (links.length) {
    blocks.push({ type: 'divider' });
    blocks.push(
      section(
        joinWithin([`*Reports* (links expire)`, ...links], MAX_SECTION_TEXT, (n) => `_and ${n} more files_`),
      ),
    );
  }
  return blocks;
}

function rowLine(r: TopRow): string {
  const who = r.customerName ? ` ${escapeMrkdwn(r.customerName)}` : '';
  const life = r.lifecycle ? ` · ${r.lifecycle}` : '';
  const head = `*${escapeMrkdwn(r.dealId || '(no deal)')}*${who} · ${escapeMrkdwn(r.revenueType)} · *${r.status.replace('_', ' ')}* (${r.severity}${life})`;
  const amounts = `variance ${money(r.variance, r.currency)} ${r.currency} (expected ${money(r.expected, r.currency)}, recognized ${money(r.recognized, r.currency)})`;
  // The explanation is the useful part but can be long (many entry ids): keep the row readable.
  return clip(`${head}\n${amounts}\n${escapeMrkdwn(r.explanation)}`, 1000);
}

/** The page a person opens: linked first, under a label that says what it is. */
const REPORT_PAGE = 'report.html';

function linkLines(links: Record<string, string>): string[] {
  const ordered = Object.entries(links).sort(
    ([a], [b]) => Number(b === REPORT_PAGE) - Number(a === REPORT_PAGE),
  );
  // Slack links are <url|label>; a "|" or ">" inside the URL would break the markup, so encode them.
  return ordered.map(([name, url]) => {
    const label = name === REPORT_PAGE ? `Open the report (${name})` : name;
    return `• <${url.replaceAll('|', '%7C').replaceAll('>', '%3E')}|${escapeMrkdwn(label)}>`;
  });
}

/** At most `max` blocks: the tail is replaced by a context block that says how many were left out. */
export function fitBlocks(blocks: SlackBlock[], max: number): SlackBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  const dropped = blocks.length - kept.length;
  return [...kept, context(`and ${dropped} more (see the reports)`)];
}
