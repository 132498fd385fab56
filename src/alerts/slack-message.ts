// Pure: a run report → the Slack message (Block Kit blocks inside a colour-bar attachment).
import { currencyDigits, formatMinorReadable } from '../core/money.js';
import { STATUSES } from '../core/status.js';
import { redReason, runColour, type RunColour } from '../reports/run-colour.js';
import type { LifeToDateSummary, OldestOpenItem, ReportRow, RunReport } from '../reports/run-report.js';
import {
  clip,
  joinWithin,
  MAX_BLOCKS,
  MAX_FIELD_TEXT,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from './slack-limits.js';

export type AlertColour = RunColour;
export { runColour };

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
const HEADLINE: Record<Exclude<AlertColour, 'red'>, string> = {
  green: 'all matched within tolerance',
  amber: 'warnings to review',
  grey: 'run failed',
};

/** The headline's words: a red run says why it is red (critical rows, or the net variance alone). */
const headline = (colour: AlertColour, run: RunReport) =>
  colour === 'red' ? redReason(run) : HEADLINE[colour];

const EMOJI: Record<AlertColour, string> = {
  green: ':large_green_circle:',
  amber: ':large_yellow_circle:',
  red: ':red_circle:',
  grey: ':white_circle:',
};

/** "1,234.50": an amount in minor units in human form. */
const money = (minor: number, currency: string) => formatMinorReadable(minor, currencyDigits(currency));

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
  /** Report storage could not be read while alerting (an outage): said first, so nobody waits for links. */
  storageDown?: string;
}

export function mentionText(groups: string[]): string {
  return groups.map((id) => `<!subteam^${id}>`).join(' ');
}

/** The run summary posted to the main channel. */
export function buildRunMessage(run: RunReport, options: MessageOptions = {}): SlackPayload {
  const colour = runColour(run);
  const m = run;
  const title = `${EMOJI[colour]} Revenue reconciliation ${m.period}: ${headline(colour, run)}`;
  const mentions =
    colour === 'red' && options.mentionGroups?.length ? mentionText(options.mentionGroups) : '';
  const fallback = `Revenue reconciliation ${m.period}: ${headline(colour, run)}`;
  const blocks = colour === 'grey' ? failedBlocks(run) : completedBlocks(run);
  const top: SlackBlock[] = [
    ...(options.storageDown
      ? [
          section(
            `:warning: *Report storage is down*: ${clip(options.storageDown, 300)}. This run's manifest and reports may be missing until it is back.`,
          ),
        ]
      : []),
    ...(mentions
      ? [section(`${mentions} the ${m.period} reconciliation needs attention: ${redReason(run)}`)]
      : []),
  ];
  const body = fitBlocks(blocks, MAX_BLOCKS - top.length - 1);
  return {
    text: `${mentions ? `${mentions} ${fallback}` : fallback}${options.storageDown ? ' (report storage is down)' : ''}`,
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
export function buildEscalationMessage(run: RunReport, options: MessageOptions = {}): SlackPayload {
  const m = run;
  const mentions = options.mentionGroups?.length ? `${mentionText(options.mentionGroups)} ` : '';
  const shown = run.top.slice(0, TOP_SHOWN);
  const critical = shown.filter((r) => r.severity === 'critical');
  const text = `${mentions}Escalation: ${redReason(run)} in the ${m.period} revenue reconciliation (run ${m.runId})`;
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
  const rows = critical.length ? critical : shown;
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

function failedBlocks(run: RunReport): SlackBlock[] {
  const m = run;
  return [
    section(
      `*The run did not complete; no reports were published.*\n*Reason:* ${escapeMrkdwn(m.failureReason ?? 'unknown')}`,
    ),
    context(runContext(m)),
  ];
}

function runContext(m: RunReport): string {
  return `Run \`${escapeMrkdwn(m.runId)}\` · trigger ${m.trigger} · started ${m.startedAt} · finished ${m.finishedAt}`;
}

function totalsLines(m: RunReport): string[] {
  return m.totals.map((t) => {
    const c = t.currency;
    const recovered = t.recovered !== undefined ? ` · recovered ${money(t.recovered, c)}` : '';
    return `*${escapeMrkdwn(c)}* expected ${money(t.expected, c)} · recognized ${money(t.recognized, c)} · net variance ${money(t.netVariance, c)} · unrecognized ${money(t.unrecognized, c)}${recovered}`;
  });
}

function completedBlocks(run: RunReport): SlackBlock[] {
  const m = run;
  const blocks: SlackBlock[] = [context(runContext(m))];

  // Totals: one currency gets a tidy field grid; several get one line each (fields cap at 10).
  const [only] = m.totals;
  if (m.totals.length === 1 && only) {
    const c = only.currency;
    const field = (label: string, amount: number): TextObject => ({
      type: 'mrkdwn',
      text: clip(`*${label}*\n${money(amount, c)} ${escapeMrkdwn(c)}`, MAX_FIELD_TEXT),
    });
    const fields = [
      field('Expected', only.expected),
      field('Recognized', only.recognized),
      field('Net variance', only.netVariance),
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
        `*Since run \`${escapeMrkdwn(h.previousRunId)}\`:* ${h.new} new · ${h.persisting} persisting · ${h.resolved} resolved`,
      ),
    );
  }

  if (m.lifeToDate) blocks.push(...lifeToDateBlocks(m.lifeToDate));

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

/** Life to date: what is open to date, what closed this month, and the oldest open items. */
function lifeToDateBlocks(ltd: LifeToDateSummary): SlackBlock[] {
  const open = ltd.totals
    .filter((t) => t.openItems > 0)
    .map(
      (t) =>
        `${escapeMrkdwn(t.currency)} ${t.openItems} (short ${money(t.openShortfall, t.currency)} · over ${money(t.openExcess, t.currency)})`,
    );
  const closed = ltd.totals
    .filter((t) => t.closedItems > 0)
    .map((t) => {
      const parts = [`recovered ${money(t.recovered, t.currency)}`];
      if (t.reversed > 0) parts.push(`reversed ${money(t.reversed, t.currency)}`);
      return `${escapeMrkdwn(t.currency)} ${t.closedItems} (${parts.join(' · ')})`;
    });
  const blocks: SlackBlock[] = [
    { type: 'divider' },
    section(
      `*Open items to date:* ${open.length ? open.join(' · ') : 'none'}\n*Closed this month:* ${closed.length ? closed.join(' · ') : 'none'}`,
    ),
  ];
  if (ltd.oldestOpenItems.length > 0)
    blocks.push(
      section(joinWithin([`*Oldest open items*`, ...ltd.oldestOpenItems.map(oldestLine)], MAX_SECTION_TEXT)),
    );
  return blocks;
}

function oldestLine(i: OldestOpenItem): string {
  const who = i.customerName ? ` ${escapeMrkdwn(i.customerName)}` : '';
  const since = i.openSince ? `open since ${i.openSince} (${ageText(i.ageMonths ?? 0)})` : 'open, undated';
  const gap = `${i.ltdVariance < 0 ? 'short' : 'over'} ${money(Math.abs(i.ltdVariance), i.currency)} ${escapeMrkdwn(i.currency)}`;
  return clip(
    `• *${escapeMrkdwn(i.dealId)}*${who} · ${escapeMrkdwn(i.revenueType)} · ${since} · ${gap}`,
    500,
  );
}

const ageText = (months: number) => `${months} ${months === 1 ? 'month' : 'months'}`;

function rowLine(r: ReportRow): string {
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
