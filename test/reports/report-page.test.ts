// report.html as a pure function of the run report and its rows: escaping, the CSP, the row cap, life to date.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, safeHref } from '../../src/reports/html/escape.js';
import { PAGE_SCRIPT } from '../../src/reports/html/page-script.js';
import { PAGE_STYLE } from '../../src/reports/html/page-style.js';
import {
  PAGE_ROW_CAP,
  PAGE_ROWS_SHOWN,
  renderReportPage,
  type PageInputs,
} from '../../src/reports/html/render-page.js';
import type { LifeToDateSummary, ReportRow, RunReport } from '../../src/reports/run-report.js';
import type { ReconRow } from '../../src/rules/classify.js';
import { report as baseReport, row as baseRow } from '../alerts/fixtures.js';

function row(overrides: Partial<ReconRow> = {}): ReportRow {
  return baseRow({ dealId: 'D1', customerId: 'C1', customerName: 'Acme', segment: 'SMB', ...overrides });
}

const zeroStatus = { count: 0, expected: 0, recognized: 0, variance: 0 };

/** A completed run of one USD key matched and one missing (amber), with any field replaced. */
function report(overrides: Partial<RunReport> = {}): RunReport {
  return baseReport({
    runId: '2026-10.run-1',
    finishedAt: '2026-11-01T06:00:04.000Z',
    settings: { tolerance_pct: '1' },
    inputs: {
      deals: { source: 'csv', rows_read: 2, rows_rejected: 0 },
      entries: { source: 'csv', rows_read: 1, rows_rejected: 0, in_period: 1 },
      data_quality_issues: 0,
    },
    totals: [
      {
        currency: 'USD',
        expected: 123_456_789,
        recognized: 123_356_789,
        netVariance: -100_000,
        unrecognized: 100_000,
        overRecognized: 0,
      },
    ],
    statuses: [
      {
        status: 'matched',
        currency: 'USD',
        count: 1,
        expected: 123_356_789,
        recognized: 123_356_789,
        variance: 0,
      },
      { status: 'missing', currency: 'USD', count: 1, expected: 100_000, recognized: 0, variance: -100_000 },
      ...(
        ['under', 'over', 'duplicate', 'unexpected', 'orphan', 'misclassified', 'currency_mismatch'] as const
      ).map((status) => ({ status, currency: 'USD', ...zeroStatus })),
    ],
    segments: [{ segment: 'SMB', currency: 'USD', expected: 123_456_789, recognized: 123_356_789 }],
    dataQuality: [],
    discrepancyCount: 1,
    top: [row()],
    ...overrides,
  });
}

const links = { 'discrepancies.csv': 'discrepancies.csv', 'open-items.csv': 'open-items.csv' };
const render = (r: RunReport = report(), inputs: Partial<PageInputs> = {}) =>
  renderReportPage(r, { rows: r.top, links, ...inputs });

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const ltd = (overrides: Partial<LifeToDateSummary> = {}): LifeToDateSummary => ({
  previousRunId: 'run-sep',
  tolerancePct: '0',
  toleranceAbs: '1.00',
  keys: 6,
  totals: [
    {
      currency: 'USD',
      openItems: 6,
      openShortfall: 160_000,
      openExcess: 255_000,
      closedItems: 1,
      closedAmount: 30_000,
      recovered: 20_000,
      reversed: 10_000,
    },
  ],
  oldestOpenItems: [],
  aging: [
    { currency: 'USD', bucket: '1', openItems: 3, shortfall: 150_000, excess: 0 },
    { currency: 'USD', bucket: '13+', openItems: 1, shortfall: 0, excess: 2_500_00 },
    { currency: 'USD', bucket: 'undated', openItems: 2, shortfall: 10_00, excess: 5_00 },
  ],
  ...overrides,
});

/** USD totals 20.00 short of 1,000.00 expected: a net variance of 2%, past the 1% that turns a run red. */
const TWO_PERCENT_SHORT: RunReport['totals'] = [
  {
    currency: 'USD',
    expected: 100_000,
    recognized: 98_000,
    netVariance: -2_000,
    unrecognized: 2_000,
    overRecognized: 0,
  },
];

describe('report.html', () => {
  it('escapes every input value: a customer named <script> or a formula stays text', () => {
    const rows = [
      row({ customerName: '<script>alert(1)</script>', segment: '"><img src=x onerror=alert(1)>' }),
      row({ dealId: 'D2', customerName: '=HYPERLINK("http://evil","x")', entryIds: ["E'1", 'E&2'] }),
    ];
    const html = render(report({ discrepancyCount: 2 }), { rows });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)');
    expect(html).toContain('E&#39;1; E&amp;2');
    // The only script element is the page's own.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('allows only its own inline style and script, by the hash of their exact text', () => {
    const html = render();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(csp.replaceAll('&#39;', "'")).toBe(
      `default-src 'none'; style-src ${hash(PAGE_STYLE)}; script-src ${hash(PAGE_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`,
    );
    expect(html).toContain(`<style>${PAGE_STYLE}</style>`);
    expect(html).toContain(`<script>${PAGE_SCRIPT}</script>`);
    // Nothing to fetch: no src attribute, no stylesheet link, no inline handler or style attribute.
    expect(html).not.toMatch(/\ssrc=|<link|\son[a-z]+=|\sstyle=/);
  });

  it('shows amounts with the currency digits and thousands separators', () => {
    const html = render(
      report({
        totals: [
          {
            currency: 'JPY',
            expected: 1_234_567,
            recognized: 0,
            netVariance: -1_234_567,
            unrecognized: 1_234_567,
            overRecognized: 0,
          },
          {
            currency: 'USD',
            expected: 123_456_789,
            recognized: 0,
            netVariance: -123_456_789,
            unrecognized: 123_456_789,
            overRecognized: 0,
          },
        ],
      }),
    );
    expect(html).toContain('data-total="expected">1,234,567<small>JPY</small>');
    expect(html).toContain('data-total="net variance">-1,234,567<small>JPY</small>');
    expect(html).toContain('data-total="expected">1,234,567.89<small>USD</small>');
    // Keys per currency are the report's status counts.
    expect(html).toContain('<b>USD</b>2 keys reconciled');
    expect(html).not.toContain('1 keys');
    // USD has 2 keys, JPY none in the statuses: USD's totals come first, though J sorts before U.
    expect(html.indexOf('data-total="expected">1,234,567.89<small>USD')).toBeLessThan(
      html.indexOf('data-total="expected">1,234,567<small>JPY'),
    );
  });

  it("shows the run's colour by the one rule of run-colour: net variance beyond 1% of expected is red", () => {
    const verdict = (r: RunReport) => /<span class="verdict (\w+)">/.exec(render(r))![1];
    expect(verdict(report())).toBe('amber');
    const far = report({ totals: TWO_PERCENT_SHORT });
    expect(verdict(far)).toBe('red');
    expect(verdict(report({ severity: { critical: 0, warning: 0 }, discrepancyCount: 0, top: [] }))).toBe(
      'green',
    );
  });

  it('says under the header what to look at first, each linked to its section', () => {
    const start = (r: RunReport) => /<div class="start">([^]*?)<\/div>/.exec(render(r))?.[1];
    const base = report();
    const busy = report({
      severity: { critical: 3, warning: 1 },
      inputs: { ...base.inputs!, data_quality_issues: 1 },
    });
    expect(start(busy)).toBe(
      'Start here: <a href="#critical">3 critical discrepancies</a> · <a href="#data-quality">1 input row rejected or flagged</a>',
    );
    const quiet = report({ severity: { critical: 0, warning: 0 }, discrepancyCount: 0, top: [] });
    expect(start(quiet)).toBeUndefined();
  });

  it('lists the segment tables in the currency order of the other sections', () => {
    const html = render(
      report({
        segments: [
          { segment: 'Enterprise', currency: 'USD', expected: 100, recognized: 100 },
          { segment: 'Enterprise', currency: 'EUR', expected: 100, recognized: 90 },
          { segment: 'SMB', currency: 'JPY', expected: 5, recognized: 5 },
        ],
      }),
    );
    const order = [...html.matchAll(/<table class="segments with-bars" data-currency="(\w+)"/g)].map(
      (m) => m[1],
    );
    expect(order).toEqual(['EUR', 'JPY', 'USD']);
  });

  it('says why in the verdict: critical rows, a net variance, or matched with rows left out', () => {
    const words = (r: RunReport) => /<span class="verdict \w+">([^<]*)<\/span>/.exec(render(r))![1];
    // No critical row, net variance 20.00 of 1,000.00 expected (2%): red for the net variance.
    const net = report({
      severity: { critical: 0, warning: 1 },
      totals: TWO_PERCENT_SHORT,
    });
    expect(words(net)).toBe('Net variance over 1% of expected');
    const clean = { severity: { critical: 0, warning: 0 }, discrepancyCount: 0, top: [] };
    expect(words(report(clean))).toBe('All matched within tolerance');
    const base = report(clean);
    const withDq = report({ ...clean, inputs: { ...base.inputs!, data_quality_issues: 1 } });
    expect(words(withDq)).toBe('All matched within tolerance · 1 input row left out or flagged');
    expect(render(report({ discrepancyCount: 1 }))).toContain('· 1 discrepancy (');
  });

  it('says so when the table carries only the largest rows, linking the full CSV', () => {
    const rows = Array.from({ length: 3 }, (_, i) => row({ dealId: `D${i}` }));
    const capped = render(report({ discrepancyCount: 120_000 }), { rows });
    expect(capped).toContain('This page shows the <b>3</b> largest of <b>120,000</b> discrepancies');
    expect(capped).toMatch(/id="cap-note">[^]*<a href="discrepancies.csv">discrepancies.csv<\/a>/);
    // The filter counter says its counts are of the page's rows, not of every discrepancy.
    expect(capped).toContain("of 3 rows match (of this page's rows: the largest 3 of 120,000)");
    expect(render()).not.toContain('cap-note');
    expect(render()).not.toContain("of this page's rows");
    expect(PAGE_ROW_CAP).toBe(5000);
  });

  it('marks the rows beyond the first PAGE_ROWS_SHOWN hidden, with a button for more', () => {
    const rows = Array.from({ length: PAGE_ROWS_SHOWN + 2 }, (_, i) => row({ dealId: `D${i}` }));
    const html = render(report({ discrepancyCount: rows.length }), { rows });
    const trs = [
      ...html.matchAll(/<tr data-status="[^"]*" data-severity="[^"]*" data-segment="[^"]*"( hidden)?>/g),
    ];
    expect(trs).toHaveLength(PAGE_ROWS_SHOWN + 2);
    expect(trs.filter((m) => m[1] === ' hidden')).toHaveLength(2);
    expect(trs.slice(-2).every((m) => m[1] === ' hidden')).toBe(true);
    expect(html).toContain('<button type="button" id="more">Show 1,000 more rows</button>');
    expect(html).toContain('<span id="limited">; the first <b id="visible">1,000</b> are shown</span>');
    // A table of fewer rows shows them all, and hides the button.
    expect(render()).toContain('<button type="button" id="more" hidden>');
  });

  it('shows the open items by age only when the run has life to date', () => {
    expect(render()).not.toContain('id="aging"');
    const html = render(report({ lifeToDate: ltd() }));
    const aging = /<section id="aging">[^]*?<\/section>/.exec(html)![0];
    const cells = [...aging.matchAll(/<table class="aging[^]*?<\/table>/g)]
      .flatMap((t) => [...t[0].matchAll(/<tbody>([^]*?)<\/tbody>/g)])
      .flatMap((b) => [...b[1]!.matchAll(/<tr>(.*?)<\/tr>/g)])
      .map((r) =>
        [...r[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) =>
          c[1]!.replace(/<svg[^]*?<\/svg>/g, '').replace(/<[^>]+>/g, ''),
        ),
      );
    // Every bucket in order, zeros included.
    expect(cells).toEqual([
      ['1 month', '3', '1,500.00', '0.00'],
      ['2-3 months', '0', '0.00', '0.00'],
      ['4-6 months', '0', '0.00', '0.00'],
      ['7-12 months', '0', '0.00', '0.00'],
      ['13+ months', '1', '0.00', '2,500.00'],
      ['undated', '2', '10.00', '5.00'],
    ]);
    // Each bucket's bar sits in its row: the shortfall, then the excess, scaled to the largest bucket
    // (13+: 2,500.00 over); 1 month: 1,500.00 short is 0.6 of it.
    expect(aging).toContain(
      '<rect x="0" y="0" width="0" height="10" class="bar-short"/><rect x="0" y="0" width="1000" height="10" class="bar-excess"/>',
    );
    expect(aging).toContain(
      '<rect x="0" y="0" width="600" height="10" class="bar-short"/><rect x="600" y="0" width="0" height="10" class="bar-excess"/>',
    );
    expect(aging).toContain(
      '6 open to date: short 1,600.00, over 2,550.00 · closed this month 1: recovered 200.00, reversed 100.00',
    );
    // The LTD tolerance in force is stated, also at its defaults (not in the settings list then).
    expect(aging).toContain(
      'A key is open to date when its gap to date passes 1.00 (in each key&#39;s currency).',
    );
    const given = render(report({ lifeToDate: ltd({ tolerancePct: '0.5', toleranceAbs: '2.00' }) }));
    expect(given).toContain(
      'passes the larger of 0.5% of its expected to date and 2.00 (in each key&#39;s currency).',
    );
    // No oldest list when nothing is open.
    expect(aging).not.toContain('class="oldest"');
    expect(html).toContain('<a href="#aging">');
  });

  it('lists the oldest open items in the report order, escaped, undated ones last', () => {
    const html = render(
      report({
        lifeToDate: ltd({
          oldestOpenItems: [
            {
              dealId: 'D-OLD',
              customerId: 'C9',
              customerName: '<script>alert("old")</script>',
              revenueType: 'Subscription',
              currency: 'USD',
              openSince: '2025-09',
              ageMonths: 14,
              ltdVariance: -150_000,
            },
            {
              dealId: 'D&2',
              customerId: 'C8',
              customerName: '=1+1',
              revenueType: 'Support',
              currency: 'EUR',
              openSince: '',
              ltdVariance: 2_500_00,
            },
          ],
        }),
      }),
    );
    const oldest = /<table class="oldest">[^]*?<\/table>/.exec(html)![0];
    const rows = [...oldest.matchAll(/<tr>(.*?)<\/tr>/g)]
      .slice(1)
      .map((m) =>
        [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, ' ').trim()),
      );
    expect(rows).toEqual([
      [
        // The customer again under the deal, shown on a phone only.
        'D-OLD Subscription  &lt;script&gt;alert(&quot;old&quot;)&lt;/script&gt;',
        '&lt;script&gt;alert(&quot;old&quot;)&lt;/script&gt; C9',
        '2025-09',
        '14',
        '-1,500.00 USD',
      ],
      ['D&amp;2 Support  =1+1', '=1+1 C8', 'undated', '', '2,500.00 EUR'],
    ]);
    expect(html).not.toContain('<script>alert("old")');
    expect(html).toMatch(
      /Oldest open items<span class="hint">every open item is in <a href="open-items.csv">/,
    );
  });

  it('lets only file names and http(s)/file URLs be links', () => {
    expect(safeHref('discrepancies.csv')).toBe('discrepancies.csv');
    expect(safeHref('https://a.blob.core.windows.net/r/x.csv?sv=1&sig=2')).toBe(
      'https://a.blob.core.windows.net/r/x.csv?sv=1&amp;sig=2',
    );
    expect(safeHref('javascript:alert(1)')).toBe('#');
    expect(safeHref('data:text/html,x')).toBe('#');
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });
});
