// Life to date where people meet it: the run report's open / closed totals, aging and oldest open items,
// the dashboard, report.html, and the Slack summary through the Slack stand-in (hand-computed month,
// dated by a previous run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackAlerter } from '../../src/alerts/slack-alerter.js';
import { buildRunMessage, type SlackPayload } from '../../src/alerts/slack-message.js';
import { renderSlackText } from '../../src/alerts/slack-text.js';
import { renderDashboard } from '../../src/cli/dashboard.js';
import { parseOpenItems } from '../../src/history/previous-open-items.js';
import { completedReport } from '../../src/pipeline/build-reports.js';
import { renderReportPage } from '../../src/reports/html/render-page.js';
import { silentLogger } from '../../src/pipeline/ports/logger.js';
import type { RunReport } from '../../src/reports/run-report.js';
import { startSlackSink, type SlackSink } from '../../tools/slack-sink/slack-sink.js';
import { amber } from '../alerts/fixtures.js';
import { deal, monthly, posting, runWithHistory } from './helpers.js';

const P = '2026-10';
// Every USD / EUR contract: 12,000.00 over 12 months from January, 1,000.00 a month; in October month 10.
const O1 = '0b6c1a2e-9f1d-4c3b-8a7e-5d4c3b2a1f00'; // February never posted: short 1,000.00, open since 2026-02
const O2 = 'Deal 7'; // May and June never posted: short 2,000.00, open since 2026-05
const O3 = 'jpy-0009'; // 700,000 JPY over 7 months from May; September and October missing: short 200,000
const O4 = 'new 1'; // from September; October missing: short 1,000.00, new this month
const O5 = 'undated-5'; // January never posted, but not in September's open items: undated
const O6 = 'EXCESS-6'; // 500.00 too much in September: over 500.00, open since 2026-09
const C1 = 'c1-closed'; // August missed, caught up in October: closed, 1,000.00 recovered
const C2 = 'eur-closed'; // 300.00 EUR too much in September, 300.00 less in October: closed, reversed

const deals = [
  deal({ deal_id: O1, start_date: '2026-01-01' }),
  deal({ deal_id: O2, start_date: '2026-01-01', customer_name: '<!channel> Globex & Co' }),
  deal({
    deal_id: O3,
    contract_value: '700000',
    currency: 'JPY',
    duration_months: '7',
    start_date: '2026-05-01',
  }),
  deal({ deal_id: O4, start_date: '2026-09-01' }),
  deal({ deal_id: O5, start_date: '2026-01-01' }),
  deal({ deal_id: O6, start_date: '2026-01-01' }),
  deal({ deal_id: C1, start_date: '2026-01-01' }),
  deal({ deal_id: C2, currency: 'EUR', start_date: '2026-01-01' }),
];
const history = [
  posting(O1, '2026-01', '1000.00'),
  ...monthly(O1, '2026-03', '2026-09', '1000.00'),
  ...monthly(O2, '2026-01', '2026-04', '1000.00'),
  ...monthly(O2, '2026-07', '2026-09', '1000.00'),
  ...monthly(O3, '2026-05', '2026-08', '100000', { currency: 'JPY' }),
  posting(O4, '2026-09', '1000.00'),
  ...monthly(O5, '2026-02', '2026-09', '1000.00'),
  ...monthly(O6, '2026-01', '2026-09', '1000.00'),
  posting(O6, '2026-09', '500.00'),
  ...monthly(C1, '2026-01', '2026-07', '1000.00'),
  posting(C1, '2026-09', '1000.00'),
  ...monthly(C2, '2026-01', '2026-09', '1000.00', { currency: 'EUR' }),
  posting(C2, '2026-09', '300.00', { currency: 'EUR' }),
];
const entries = [
  posting(O1, P, '1000.00'),
  posting(O2, P, '1000.00'),
  posting(O5, P, '1000.00'),
  posting(O6, P, '1000.00'),
  posting(C1, P, '2000.00'),
  posting(C2, P, '700.00', { currency: 'EUR' }),
];
// September's run, as its open-items.csv has it (the file the next month dates its items from).
const september = [
  'run_id,period,deal_id,customer_id,customer_name,segment,revenue_type,revenue_category,currency,month_status,ltd_expected,ltd_recognized,ltd_variance,ltd_tolerance,change,open_since,age_months,explanation',
  `run-sep,2026-09,${O1},C-1,Acme Inc,Enterprise,Subscription,recurring,USD,matched,9000.00,8000.00,-1000.00,1.00,continuing,2026-02,8,x`,
  `run-sep,2026-09,${O2},C-1,x,Enterprise,Subscription,recurring,USD,matched,9000.00,7000.00,-2000.00,1.00,continuing,2026-05,5,x`,
  `run-sep,2026-09,${O3},C-1,Acme Inc,Enterprise,Subscription,recurring,JPY,missing,500000,400000,-100000,1,new,2026-09,1,x`,
  `run-sep,2026-09,${O6},C-1,Acme Inc,Enterprise,Subscription,recurring,USD,over,9000.00,9500.00,500.00,1.00,new,2026-09,1,x`,
  `run-sep,2026-09,${C1},C-1,Acme Inc,Enterprise,Subscription,recurring,USD,matched,9000.00,8000.00,-1000.00,1.00,new,2026-08,2,x`,
  `run-sep,2026-09,${C2},C-1,Acme Inc,Enterprise,Subscription,recurring,EUR,over,9000.00,9300.00,300.00,1.00,new,2026-09,1,x`,
  '',
].join('\r\n');

let report: RunReport;
let sink: SlackSink;

beforeAll(async () => {
  const run = await runWithHistory(
    P,
    deals,
    entries,
    history,
    {},
    {
      runId: 'run-sep',
      openSince: parseOpenItems(Buffer.from(september)),
    },
  );
  report = completedReport(
    {
      runId: 'run-oct',
      trigger: 'cli',
      startedAt: '2026-11-01T06:00:00.000Z',
      finishedAt: '2026-11-01T06:00:05.000Z',
      settings: {},
    },
    run.recon,
  );
  sink = await startSlackSink({ port: 0 });
});
afterAll(async () => {
  await sink?.close();
});

describe('the run report with history (2026-10)', () => {
  it('open to date and closed this month per currency: counts, shortfall, excess, recovered, reversed', () => {
    expect(report.lifeToDate).toMatchObject({ previousRunId: 'run-sep', keys: 8 });
    expect(report.lifeToDate!.totals).toEqual([
      {
        currency: 'EUR',
        openItems: 0,
        openShortfall: 0,
        openExcess: 0,
        closedItems: 1,
        closedAmount: 300_00,
        recovered: 0,
        reversed: 300_00,
      },
      {
        currency: 'JPY',
        openItems: 1,
        openShortfall: 200_000,
        openExcess: 0,
        closedItems: 0,
        closedAmount: 0,
        recovered: 0,
        reversed: 0,
      },
      {
        currency: 'USD',
        // O1 1,000 + O2 2,000 + O4 1,000 + O5 1,000 short; O6 500 over.
        openItems: 5,
        openShortfall: 5_000_00,
        openExcess: 500_00,
        closedItems: 1,
        closedAmount: 1_000_00,
        recovered: 1_000_00,
        reversed: 0,
      },
    ]);
  });

  it('the five oldest open items: dated oldest first (ties in open-items order), the undated one left out', () => {
    expect(
      report.lifeToDate!.oldestOpenItems.map((i) => [
        i.dealId,
        i.revenueType,
        i.currency,
        i.openSince,
        i.ageMonths,
        i.ltdVariance,
      ]),
    ).toEqual([
      [O1, 'Subscription', 'USD', '2026-02', 9, -1_000_00],
      [O2, 'Subscription', 'USD', '2026-05', 6, -2_000_00],
      [O3, 'Subscription', 'JPY', '2026-09', 2, -200_000],
      [O6, 'Subscription', 'USD', '2026-09', 2, 500_00],
      [O4, 'Subscription', 'USD', '2026-10', 1, -1_000_00],
    ]);
    expect(report.lifeToDate!.oldestOpenItems[1]!.customerName).toBe('<!channel> Globex & Co');
  });

  it('the dashboard shows open to date, closed this month and the oldest open items', () => {
    const text = renderDashboard(report);
    expect(text).toContain('Life to date (8 keys)');
    expect(text).toContain(
      '  EUR  open to date 0  short 0.00  over 0.00  ·  closed this month 1  recovered 0.00  reversed 300.00',
    );
    expect(text).toContain(
      '  JPY  open to date 1  short 200,000  over 0  ·  closed this month 0  recovered 0  reversed 0',
    );
    expect(text).toContain(
      '  USD  open to date 5  short 5,000.00  over 500.00  ·  closed this month 1  recovered 1,000.00  reversed 0.00',
    );
    const lines = text.split('\n');
    const oldest = lines.slice(
      lines.indexOf('Oldest open items') + 1,
      lines.indexOf('Oldest open items') + 6,
    );
    expect(oldest.map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      `${O1} Subscription USD since 2026-02 (9 mo) short 1,000.00`,
      `${O2} Subscription USD since 2026-05 (6 mo) short 2,000.00`,
      `${O3} Subscription JPY since 2026-09 (2 mo) short 200,000`,
      `${O6} Subscription USD since 2026-09 (2 mo) over 500.00`,
      `${O4} Subscription USD since 2026-10 (1 mo) short 1,000.00`,
    ]);
  });

  it('open items by age: every bucket per currency, zeros included', () => {
    const bucket = (currency: string) =>
      report
        .lifeToDate!.aging.filter((a) => a.currency === currency)
        .map((a) => [a.bucket, a.openItems, a.shortfall, a.excess]);
    expect(bucket('USD')).toEqual([
      ['1', 1, 1_000_00, 0], // O4
      ['2-3', 1, 0, 500_00], // O6
      ['4-6', 1, 2_000_00, 0], // O2
      ['7-12', 1, 1_000_00, 0], // O1
      ['13+', 0, 0, 0],
      ['undated', 1, 1_000_00, 0], // O5
    ]);
    expect(bucket('JPY')).toEqual([
      ['1', 0, 0, 0],
      ['2-3', 1, 200_000, 0], // O3
      ['4-6', 0, 0, 0],
      ['7-12', 0, 0, 0],
      ['13+', 0, 0, 0],
      ['undated', 0, 0, 0],
    ]);
    expect(bucket('EUR').every(([, n]) => n === 0)).toBe(true);
  });

  it('report.html lists the same oldest open items, the customer name escaped', () => {
    const html = renderReportPage(report, { rows: report.top, links: {} });
    const oldest = /<table class="oldest">[^]*?<\/table>/.exec(html)![0];
    const rows = [...oldest.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) =>
      m[1]!
        .replace(/<small>/g, ' ')
        .replace(/<[^>]+>/g, '|')
        .replace(/\|+/g, '|'),
    );
    // Deal and type (then the customer again, shown under the deal on a phone), customer, since, months, gap.
    expect(rows).toEqual([
      `|${O1} Subscription|Acme Inc|Acme Inc C-1|2026-02|9|-1,000.00|USD|`,
      `|${O2} Subscription|&lt;!channel&gt; Globex &amp; Co|&lt;!channel&gt; Globex &amp; Co C-1|2026-05|6|-2,000.00|USD|`,
      `|${O3} Subscription|Acme Inc|Acme Inc C-1|2026-09|2|-200,000|JPY|`,
      `|${O6} Subscription|Acme Inc|Acme Inc C-1|2026-09|2|500.00|USD|`,
      `|${O4} Subscription|Acme Inc|Acme Inc C-1|2026-10|1|-1,000.00|USD|`,
    ]);
    expect(html).toContain(
      '5 open to date: short 5,000.00, over 500.00 · closed this month 1: recovered 1,000.00, reversed 0.00',
    );
    // And first, under the header: the open items to date in all currencies (5 USD and 1 JPY), linked.
    expect(html).toMatch(
      /<div class="start">Start here: .*<a href="#aging">6 items open to date<\/a><\/div>/,
    );
    expect(html).toContain(
      `<dt>History rows</dt><dd>${history.length} read, 0 rejected, 0 ignored (of the period or later)</dd>`,
    );
  });

  it('Slack (through the stand-in) shows the same, with customer names escaped', async () => {
    const alerter = new SlackAlerter({ webhookUrl: sink.url('/services/T/B/ltd'), log: silentLogger });
    expect((await alerter.announce(report)).status).toBe('sent');
    const payload = sink.payloads.at(-1)!.body as SlackPayload;
    const raw = JSON.stringify(payload);
    expect(raw).not.toContain('<!channel>');
    expect(raw).toContain('&lt;!channel&gt; Globex &amp; Co');
    const lines = renderSlackText(payload).split('\n');
    expect(lines).toContain(
      '▌ Open items to date: JPY 1 (short 200,000 · over 0) · USD 5 (short 5,000.00 · over 500.00)',
    );
    expect(lines).toContain(
      '▌ Closed this month: EUR 1 (recovered 0.00 · reversed 300.00) · USD 1 (recovered 1,000.00)',
    );
    const at = lines.indexOf('▌ Oldest open items');
    expect(lines.slice(at + 1, at + 6)).toEqual([
      `▌ • ${O1} Acme Inc · Subscription · open since 2026-02 (9 months) · short 1,000.00 USD`,
      `▌ • ${O2} <!channel> Globex & Co · Subscription · open since 2026-05 (6 months) · short 2,000.00 USD`,
      `▌ • ${O3} Acme Inc · Subscription · open since 2026-09 (2 months) · short 200,000 JPY`,
      `▌ • ${O6} Acme Inc · Subscription · open since 2026-09 (2 months) · over 500.00 USD`,
      `▌ • ${O4} Acme Inc · Subscription · open since 2026-10 (1 month) · short 1,000.00 USD`,
    ]);
  });

  it('without history neither the dashboard nor Slack has a life-to-date part', () => {
    const plain = amber();
    expect(renderDashboard(plain)).not.toMatch(/Life to date|Oldest open items/);
    expect(JSON.stringify(buildRunMessage(plain))).not.toMatch(/Open items to date|Closed this month|Oldest/);
  });
});
