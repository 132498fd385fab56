// report.html in a real browser (headless Chromium): the demo's month, opened from disk, sorted and filtered.
import { mkdirSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEALS } from '../../src/cli/commands/demo.js';
import { parseCsv } from '../../src/csv/csv-parser.js';
import { recon } from '../helpers/cli.js';
import { launchChromium, noBrowserReason } from '../helpers/browser.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const SCRIPT_NAME = '<script>alert("x")</script>';
const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';

if (noBrowserReason) console.warn(`report.html browser tests skipped: ${noBrowserReason}`);

/** Header-keyed rows of one of the run's CSV files. */
async function csvRows(dir: string, name: string): Promise<Record<string, string>[]> {
  const [header, ...rows] = parseCsv(await readFile(join(dir, name), 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const plain = (shown: string) => shown.replace(/[^0-9.-]/g, '');

describe.skipIf(noBrowserReason !== undefined)('report.html in Chromium', () => {
  let out: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    const data = await mkdtemp(join(tmpdir(), 'recon-page-data-'));
    out = await mkdtemp(join(tmpdir(), 'recon-page-'));
    const generated = await recon([
      'generate',
      '--deals',
      String(DEMO_DEALS),
      '--period',
      '2026-10',
      '--out',
      data,
    ]);
    expect(generated.code).toBe(0);
    // Two customers whose names are markup and a formula: the page must show them as text.
    await appendFile(
      join(data, 'deals.csv'),
      `X0000001,L1,CX1,"${SCRIPT_NAME.replaceAll('"', '""')}",Enterprise,Subscription,12000.00,USD,12,2026-06-01,2026-07-01,\r\n` +
        `X0000002,L1,CX2,"${FORMULA_NAME.replaceAll('"', '""')}",SMB,Support,6000.00,EUR,12,2026-06-01,2026-07-01,\r\n`,
    );
    const run = await recon([
      'run',
      '--period',
      '2026-10',
      '--deals',
      join(data, 'deals.csv'),
      '--entries',
      join(data, 'entries.csv'),
      '--out',
      out,
      '--run-id',
      'browser-1',
    ]);
    expect(run.code).toBe(0);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(join(out, 'report.html')).href) requests.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('opens from disk with no console error and no request, and keeps a screenshot', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-laptop.png'), fullPage: false });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(pathToFileURL(join(out, 'report.html')).href);
    await phone.screenshot({ path: join(ARTIFACTS, 'report-phone.png') });
    await phone.close();
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    // The demo month's page stays small enough to mail around.
    expect((await stat(join(out, 'report.html'))).size).toBeLessThan(1024 * 1024);
  });

  it('shows the totals of summary.csv', async () => {
    const totals = (await csvRows(out, 'summary.csv')).filter((r) => r.segment === 'ALL');
    expect(totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
    for (const t of totals) {
      const shown = await page.$$eval(`.currency[data-currency="${t.currency}"] [data-total]`, (els) =>
        els.map((el) => [el.getAttribute('data-total'), el.firstChild?.textContent ?? '']),
      );
      expect(Object.fromEntries(shown.map(([k, v]) => [k, plain(v!)]))).toEqual({
        expected: t.expected,
        recognized: t.recognized,
        'net variance': t.net_variance,
        unrecognized: t.unrecognized,
        'over-recognized': t.over_recognized,
      });
      // On screen with thousands separators and the currency's digits.
      expect(shown[0]![1]).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    }
  });

  it('sorts by variance, both ways', async () => {
    const csv = await csvRows(out, 'discrepancies.csv');
    const variances = csv.map((r) => Number(r.variance));
    const visible = () =>
      page.$$eval('#rows tbody tr:not([hidden]) td:nth-child(8)', (tds) =>
        tds.map((td) => Number(td.getAttribute('data-v'))),
      );
    expect((await visible()).length).toBe(csv.length);
    const header = page.locator('#rows thead button', { hasText: /^Variance$/ });
    await header.click();
    expect(await visible()).toEqual([...variances].sort((a, b) => a - b));
    await header.click();
    expect(await visible()).toEqual([...variances].sort((a, b) => b - a));
  });

  it('filters by status, severity and text', async () => {
    const csv = await csvRows(out, 'discrepancies.csv');
    const rows = page.locator('#rows tbody tr:not([hidden])');
    await page.selectOption('#f-status', 'missing');
    const missing = csv.filter((r) => r.status === 'missing');
    expect(await rows.count()).toBe(missing.length);
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status'))))).toEqual(
      new Set(['missing']),
    );
    expect(await page.textContent('#shown')).toBe(String(missing.length));
    await page.selectOption('#f-severity', 'critical');
    expect(await rows.count()).toBe(missing.filter((r) => r.severity === 'critical').length);
    await page.selectOption('#f-severity', '');
    await page.selectOption('#f-status', '');
    const anEntry = csv.find((r) => (r.entry_ids ?? '').includes(';'))!;
    await page.fill('#f-text', anEntry.entry_ids!.split(';')[1]!);
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(await rows.first().locator('td').nth(2).textContent()).toContain(anEntry.deal_id);
    await page.fill('#f-text', '');
    expect(await rows.count()).toBe(csv.length);
  });

  it('shows a <script> or formula customer name as text', async () => {
    await page.fill('#f-text', 'X000000');
    const names = await page.$$eval('#rows tbody tr:not([hidden]) td.cust', (tds) =>
      tds.map((td) => td.firstChild?.textContent),
    );
    expect(names.sort()).toEqual([FORMULA_NAME, SCRIPT_NAME].sort());
    expect(dialogs).toEqual([]);
    await page.fill('#f-text', '');
  });
});
