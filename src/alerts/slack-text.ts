// Renders a Slack payload as plain text, roughly as Slack would show it (console demo, logs of the sink).
import type { SlackBlock, SlackPayload } from './slack-message.js';

export interface TextOptions {
  /** Colour the bar with ANSI escapes (a terminal); plain otherwise. */
  ansi?: boolean;
  /** Show link targets after their labels; off by default since SAS URLs are long. */
  showUrls?: boolean;
}

const ANSI_BY_HEX: Record<string, string> = {
  '#2EB67D': '\u001b[32m',
  '#ECB22E': '\u001b[33m',
  '#E01E5A': '\u001b[31m',
  '#9E9E9E': '\u001b[90m',
};
const RESET = '\u001b[0m';

const EMOJI: Record<string, string> = {
  ':large_green_circle:': '🟢',
  ':large_yellow_circle:': '🟡',
  ':red_circle:': '🔴',
  ':white_circle:': '⚪',
  ':rotating_light:': '🚨',
};

/** mrkdwn → what a reader sees: links as labels, mentions as @names, entities decoded, emphasis marks dropped. */
export function mrkdwnToText(text: string, options: TextOptions = {}): string {
  return text
    .replace(
      /<!subteam\^([A-Z0-9]+)(?:\|([^>]+))?>/gi,
      (_m, id: string, label?: string) => label ?? `@group-${id}`,
    )
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) =>
      options.showUrls ? `${label} (${url})` : label,
    )
    .replace(/<([^>]+)>/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;])/gm, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;])/gm, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code)
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

function blockLines(block: SlackBlock, options: TextOptions): string[] {
  switch (block.type) {
    case 'header':
      return [mrkdwnToText(block.text.text, options).toUpperCase()];
    case 'divider':
      return ['─'.repeat(40)];
    case 'context':
      return block.elements.map((e) => mrkdwnToText(e.text, options));
    case 'section': {
      const lines = block.text ? mrkdwnToText(block.text.text, options).split('\n') : [];
      // Fields sit in two columns in Slack; one "label: value" per line reads better in a console.
      for (const field of block.fields ?? [])
        lines.push(mrkdwnToText(field.text, options).replace('\n', ': '));
      return lines;
    }
  }
}

export function renderSlackText(payload: SlackPayload, options: TextOptions = {}): string {
  const out: string[] = [];
  for (const block of payload.blocks ?? []) out.push(...blockLines(block, options));
  for (const attachment of payload.attachments ?? []) {
    const colour = options.ansi ? (ANSI_BY_HEX[attachment.color] ?? '') : '';
    const bar = `${colour}▌${colour ? RESET : ''} `;
    for (const block of attachment.blocks)
      for (const line of blockLines(block, options)) out.push(bar + line);
  }
  if (out.length === 0) out.push(mrkdwnToText(payload.text, options));
  return out.join('\n');
}
