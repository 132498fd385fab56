// report.html as a pure function of its view model: escaping, the CSP, the row cap, the aging section.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, safeHref } from '../../src/reports/html/escape.js';
import type { DiscrepancyRow, ReportPage } from '../../src/reports/html/page-model.js';
import { PAGE_SCRIPT } from '../../src/reports/html/page-script.js';
import { PAGE_STYLE } from '../../src/reports/html/page-style.js';
import { PAGE_ROW_CAP, renderReportPage } from '../../src/reports/html/render-page.js';

function row(overrides: Partial<DiscrepancyRow> = {}): DiscrepancyRow {
  return {
    dealId: 'D1',
    customerId: 'C1',
    customerName: 'Acme',
    segment: 'SMB',
    revenueType: 'Subscription',
    currency: 'USD',
    status: 'missing',
    severity: 'warning',
    expected: 100_000,
    recognized: 0,
    variance: -100_000,
    variancePct: '-100.00',
    entryIds: [],
    explanation: 'no revenue recognized; expected 1,000.00 (month 4 of 12)',
    ...overrides,
  };
}

function page(overrides: Partial<ReportPage> = {}): ReportPage {
  const rows = overrides.discrepancies?.rows ?? [row()];
  return {
    period: '2026-10',
    runId: '2026-10.run-1',
    trigger: 'cli',
    startedAt: '2026-11-01T06:00:00.000Z',
    finishedAt: '2026-11-01T06:00:04.000Z',
    verdict: 'amber',
    totals: [
      {
        currency: 'USD',
        expected: 123_456_789,
        recognized: 123_356_789,
        netVariance: -100_000,
        unrecognized: 100_000,
        overRecognized: 0,
        keys: 2,
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
    ],
    segments: [{ segment: 'SMB', currency: 'USD', expected: 123_456_789, recognized: 123_356_789 }],
    severity: { critical: 0, warning: rows.length },
    discrepancies: { total: rows.length, rows, csvHref: 'discrepancies.csv' },
    dataQuality: { total: 0, groups: [], csvHref: 'data-quality.csv' },
    inputs: [{ label: 'Deal lines', value: '2 read, 0 rejected' }],
    settings: [{ name: 'tolerance_pct', value: '1' }],
    files: [{ name: 'discrepancies.csv', href: 'discrepancies.csv', description: 'every discrepancy' }],
    ...overrides,
  };
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('report.html', () => {
  it('escapes every input value: a customer named <script> or a formula stays text', () => {
    const html = renderReportPage(
      page({
        discrepancies: {
          total: 2,
          csvHref: 'discrepancies.csv',
          rows: [
            row({ customerName: '<script>alert(1)</script>', segment: '"><img src=x onerror=alert(1)>' }),
            row({ dealId: 'D2', customerName: '=HYPERLINK("http://evil","x")', entryIds: ["E'1", 'E&2'] }),
          ],
        },
      }),
    );
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
    const html = renderReportPage(page());
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
    const html = renderReportPage(
      page({
        totals: [
          {
            currency: 'JPY',
            expected: 1_234_567,
            recognized: 0,
            netVariance: -1_234_567,
            unrecognized: 1_234_567,
            overRecognized: 0,
            keys: 1,
          },
          {
            currency: 'USD',
            expected: 123_456_789,
            recognized: 0,
            netVariance: -123_456_789,
            unrecognized: 123_456_789,
            overRecognized: 0,
            keys: 1,
          },
        ],
      }),
    );
    expect(html).toContain('data-total="expected">1,234,567<small>JPY</small>');
    expect(html).toContain('data-total="net variance">-1,234,567<small>JPY</small>');
    expect(html).toContain('data-total="expected">1,234,567.89<small>USD</small>');
  });

  it('says so when the table carries only the largest rows, linking the full CSV', () => {
    const rows = Array.from({ length: 3 }, (_, i) => row({ dealId: `D${i}` }));
    const capped = renderReportPage(
      page({ discrepancies: { total: 120_000, rows, csvHref: 'discrepancies.csv' } }),
    );
    expect(capped).toContain('This page shows the <b>3</b> largest of <b>120,000</b> discrepancies');
    expect(capped).toMatch(/id="cap-note">[^]*<a href="discrepancies.csv">discrepancies.csv<\/a>/);
    expect(renderReportPage(page())).not.toContain('cap-note');
    expect(PAGE_ROW_CAP).toBe(5000);
  });

  it('shows the open items by age only when the run has aging data', () => {
    expect(renderReportPage(page())).not.toContain('id="aging"');
    const html = renderReportPage(
      page({
        aging: [
          { currency: 'USD', bucket: '1', openItems: 3, shortfall: 150_000, excess: 0 },
          { currency: 'USD', bucket: '13+', openItems: 1, shortfall: 0, excess: 2_500_00 },
          { currency: 'USD', bucket: 'undated', openItems: 2, shortfall: 10_00, excess: 5_00 },
        ],
      }),
    );
    const aging = /<section id="aging">[^]*?<\/section>/.exec(html)![0];
    const cells = [
      ...aging.matchAll(
        /<tr><td>([^<]+)<\/td><td class="n">([^<]+)<\/td><td class="n[^"]*">([^<]+)<\/td><td class="n[^"]*">([^<]+)<\/td><\/tr>/g,
      ),
    ].map((m) => m.slice(1));
    // Every bucket in order, zeros included.
    expect(cells).toEqual([
      ['1 month', '3', '1,500.00', '0.00'],
      ['2-3 months', '0', '0.00', '0.00'],
      ['4-6 months', '0', '0.00', '0.00'],
      ['7-12 months', '0', '0.00', '0.00'],
      ['13+ months', '1', '0.00', '2,500.00'],
      ['undated', '2', '10.00', '5.00'],
    ]);
    expect(aging).toContain('<svg class="chart"');
    expect(html).toContain('<a href="#aging">');
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
