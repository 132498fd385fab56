// The Slack message: colours, content, escaping, and Slack's limits on an oversized run.
import { describe, expect, it } from 'vitest';
import {
  buildEscalationMessage,
  buildRunMessage,
  COLOUR_HEX,
  runColour,
  type SlackBlock,
  type SlackPayload,
} from '../../src/alerts/slack-message.js';
import { renderSlackText } from '../../src/alerts/slack-text.js';
import { joinWithin } from '../../src/alerts/slack-limits.js';
import { slackLimitProblem } from '../../tools/slack-sink/slack-sink.js';
import { amber, announcement, green, grey, red, row, usd } from './fixtures.js';

const allBlocks = (p: SlackPayload): SlackBlock[] => [
  ...(p.blocks ?? []),
  ...(p.attachments ?? []).flatMap((a) => a.blocks),
];
const texts = (p: SlackPayload): string[] =>
  allBlocks(p).flatMap((b) =>
    b.type === 'section'
      ? [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)]
      : b.type === 'context'
        ? b.elements.map((e) => e.text)
        : b.type === 'header'
          ? [b.text.text]
          : [],
  );

describe('colour', () => {
  it('green when nothing is beyond tolerance', () => {
    expect(runColour(green())).toBe('green');
    expect(buildRunMessage(green()).attachments?.[0]?.color).toBe(COLOUR_HEX.green);
  });
  it('amber with warnings only', () => {
    expect(runColour(amber())).toBe('amber');
    expect(buildRunMessage(amber()).attachments?.[0]?.color).toBe(COLOUR_HEX.amber);
  });
  it('red with any critical row', () => {
    expect(runColour(red())).toBe('red');
    expect(buildRunMessage(red()).attachments?.[0]?.color).toBe(COLOUR_HEX.red);
  });
  it('red when net variance is beyond 1% of expected, even without a critical row', () => {
    const justOver = amber();
    justOver.totals = [usd(100_000, 98_999)];
    expect(runColour(justOver)).toBe('red');
    const exactlyOne = amber();
    exactlyOne.totals = [usd(100_000, 99_000)];
    expect(runColour(exactlyOne)).toBe('amber');
  });
  it('a red run without a critical row says why it is red, in the summary and the escalation', () => {
    // 1,000.00 expected, 989.99 recognized: 10.01 net, past 1% (10.00); every row a warning.
    const run = amber();
    run.totals = [usd(100_000, 98_999)];
    const summary = buildRunMessage(run, { mentionGroups: ['S01ABC'] });
    expect(summary.text).toBe(
      '<!subteam^S01ABC> Revenue reconciliation 2026-10: net variance over 1% of expected',
    );
    expect(texts(summary).join('\n')).toContain(
      'the 2026-10 reconciliation needs attention: net variance over 1% of expected',
    );
    expect(texts(summary).join('\n')).not.toContain('critical discrepancies');
    const escalation = buildEscalationMessage(run);
    expect(escalation.text).toMatch(
      /^Escalation: net variance over 1% of expected in the 2026-10 revenue reconciliation/,
    );
    // With a critical row the words are the critical discrepancies.
    expect(buildRunMessage(red()).text).toBe('Revenue reconciliation 2026-10: critical discrepancies');
    expect(buildEscalationMessage(red()).text).toMatch(/^Escalation: critical discrepancies in the 2026-10/);
  });
  it('grey when the run failed, with the reason, escaped', () => {
    const message = buildRunMessage(grey());
    expect(message.attachments?.[0]?.color).toBe(COLOUR_HEX.grey);
    expect(texts(message).join('\n')).toContain('Login failed for user &lt;recon&gt; on Accounting');
  });
});

describe('content', () => {
  it('shows period, totals, counts, top discrepancies with explanations, new vs persisting, and links', () => {
    const text = texts(buildRunMessage(red())).join('\n');
    expect(text).toContain('2026-10');
    expect(text).toContain('1,000,000.00 USD');
    expect(text).toContain('990,000.00 USD');
    expect(text).toContain('-10,000.00 USD');
    expect(text).toMatch(/missing 1/);
    expect(text).toContain('1 new · 0 persisting · 2 resolved');
    expect(text).toContain('D-BIG');
    expect(text).toContain('no revenue recognized; expected 1,000.00 (month 4 of 12)');
    expect(text).toContain('(critical · new)');
    expect(text).toContain('|discrepancies.csv>');
  });

  it('links report.html first, under a label that says what it opens', () => {
    const run = red();
    run.links = {
      'discrepancies.csv': 'https://acct.blob.core.windows.net/reports/2026-10/r/discrepancies.csv?sig=a',
      'report.html': 'https://acct.blob.core.windows.net/reports/2026-10/r/report.html?sig=b',
    };
    const links = texts(buildRunMessage(run))
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('• <'));
    expect(links).toEqual([
      '• <https://acct.blob.core.windows.net/reports/2026-10/r/report.html?sig=b|Open the report (report.html)>',
      '• <https://acct.blob.core.windows.net/reports/2026-10/r/discrepancies.csv?sig=a|discrepancies.csv>',
    ]);
  });

  it('mentions user groups only when red', () => {
    expect(buildRunMessage(red(), { mentionGroups: ['S01ABC'] }).text).toContain('<!subteam^S01ABC>');
    expect(buildRunMessage(amber(), { mentionGroups: ['S01ABC'] }).text).not.toContain('subteam');
  });

  it('user data cannot inject mentions or links', () => {
    const a = announcement({ top: [row({ customerName: '<!channel> <https://evil|click>' })] });
    const text = texts(buildRunMessage(a)).join('\n');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('the escalation lists the critical rows and mentions the groups', () => {
    const message = buildEscalationMessage(red(), { mentionGroups: ['S01ABC', 'S02DEF'] });
    expect(message.text.startsWith('<!subteam^S01ABC> <!subteam^S02DEF> Escalation')).toBe(true);
    expect(texts(message).join('\n')).toContain('D-BIG');
  });

  it('renders as plain text as Slack would show it', () => {
    const text = renderSlackText(buildRunMessage(red(), { mentionGroups: ['S01ABC'] }));
    expect(text).toContain('@group-S01ABC');
    expect(text).toContain('REVENUE RECONCILIATION 2026-10: CRITICAL DISCREPANCIES');
    expect(text).toContain('• discrepancies.csv');
    expect(text).not.toContain('sig=abc');
    expect(text).not.toContain('&lt;');
    expect(renderSlackText(buildRunMessage(red()), { showUrls: true })).toContain('sig=abc');
  });
});

describe('limits', () => {
  it('an oversized run stays within 50 blocks and 3,000 characters per section, saying "and N more"', () => {
    const huge = announcement({
      totals: Array.from({ length: 300 }, (_, i) => ({
        ...usd(12_345_678_900, 100),
        currency: `X${String(i).padStart(2, '0')}`,
      })),
      severity: { critical: 5000, warning: 5000 },
      top: Array.from({ length: 200 }, (_, i) =>
        row({
          dealId: `D-${i}`,
          severity: 'critical',
          explanation: `entries ${'E1;'.repeat(3000)} have the same amount`,
        }),
      ),
      discrepancyCount: 10_000,
      links: Object.fromEntries(
        Array.from({ length: 400 }, (_, i) => [
          `file-${i}.csv`,
          `https://acct.blob.core.windows.net/r/${i}?sig=${'s'.repeat(200)}`,
        ]),
      ),
    });
    for (const message of [
      buildRunMessage(huge, { mentionGroups: Array.from({ length: 30 }, (_, i) => `S${i}`) }),
      buildEscalationMessage(huge),
    ]) {
      expect(slackLimitProblem(message)).toBeUndefined();
      expect(allBlocks(message).length).toBeLessThanOrEqual(50);
      for (const t of texts(message)) expect(t.length).toBeLessThanOrEqual(3000);
    }
    const text = texts(buildRunMessage(huge)).join('\n');
    expect(text).toContain('and 9995 more in discrepancies.csv');
    expect(text).toMatch(/and \d+ more currencies/);
    expect(text).toMatch(/and \d+ more files/);
  });

  it('joinWithin keeps whole lines and counts the rest', () => {
    expect(joinWithin(['aaaa', 'bbbb', 'cccc'], 12, (n) => `+${n}`)).toBe('aaaa\nbbbb\n+1');
    expect(joinWithin(['aaaa', 'bbbb'], 9)).toBe('aaaa\nbbbb');
    expect(joinWithin(['x'.repeat(100)], 10)).toHaveLength(10);
  });
});
