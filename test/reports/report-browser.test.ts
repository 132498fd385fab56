// report.html in a real browser (headless Chromium): the demo's month, opened from disk, sorted and
// filtered; and the same month with life to date (dated by September's run), its oldest open items.
import { mkdirSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEALS } from '../../src/cli/commands/demo.js';
import { parseCsv } from '../../src/csv/csv-parser.js';
import { renderReportPage, PAGE_ROWS_SHOWN } from '../../src/reports/html/render-page.js';
import type { Status } from '../../src/core/status.js';
import { report, row } from '../alerts/fixtures.js';
import { reconHere as recon } from '../helpers/cli.js';
import { launchChromium, noBrowserReason } from '../helpers/browser.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const SCRIPT_NAME = '<script>alert("x")</script>';
const LONG_NAME = 'W'.repeat(300);
const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';

if (noBrowserReason) console.warn(`report.html browser tests skipped: ${noBrowserReason}`);

/** Header-keyed rows of one of the run's CSV files. */
async function csvRows(dir: string, name: string): Promise<Record<string, string>[]> {
  const [header, ...rows] = parseCsv(await readFile(join(dir, name), 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const plain = (shown: string) => shown.replace(/[^0-9.-]/g, '');

describe.skipIf(noBrowserReason !== undefined)('report.html in Chromium', () => {
  let data: string;
  let out: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    data = await mkdtemp(join(tmpdir(), 'recon-page-data-'));
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
        `X0000002,L1,CX2,"${FORMULA_NAME.replaceAll('"', '""')}",SMB,Support,6000.00,EUR,12,2026-06-01,2026-07-01,\r\n` +
        // One long unbroken name: it must wrap, not widen the table past its amounts.
        `W0000001,L1,CW1,${LONG_NAME},SMB,Support,6000.00,USD,12,2026-06-01,2026-07-01,\r\n`,
    );
    // Two more amounts that do not parse: with the generator's one, a data-quality group of three.
    await appendFile(
      join(data, 'entries.csv'),
      'BAD-AMOUNT-1,D0000001,Subscription,2026-10,"1,05",USD\r\nBAD-AMOUNT-2,D0000002,Support,2026-10,12..5,USD\r\n',
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
    // A currency's five totals are one compact list on a phone (five bordered cards took ~270 px),
    // so the first currency's figures are on the first screen.
    const totals = await phone.$eval('#totals .currency .kpis', (el) => el.getBoundingClientRect());
    expect(totals.height).toBeLessThan(220);
    expect(totals.bottom).toBeLessThan(844);
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

  it('keeps a long unbroken value inside the table, amounts in view', async () => {
    const width = await page.$eval('#rows', (t) => t.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(1366);
    const cell = page.locator('#rows tbody td.cust', { hasText: LONG_NAME.slice(0, 40) });
    expect(await cell.count()).toBe(1);
  });

  it('keeps a deal id and its revenue type on one line each at 1366 px', async () => {
    // The generator's ids (D0000001) and types (Maintenance) once broke mid-word: the explanation
    // column took the room and every cell may break anywhere.
    // Lines a text takes: the boxes of a range over it (one per line it wraps onto).
    const lines = await page.$$eval('#rows tbody td.deal', (cells) =>
      cells.slice(0, 20).map((td) => {
        // No DOM types in the tests' compile: the range comes from the cell's own document.
        const range = td.ownerDocument.createRange();
        const boxes = (node: typeof td.firstChild) => {
          range.selectNodeContents(node!);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        };
        return [boxes(td.firstChild!), boxes(td.querySelector('small')!)];
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const [idLines, typeLines] of lines) expect([idLines, typeLines]).toEqual([1, 1]);
  });

  it('on a phone, a filter or search hides the cards it leaves out', async () => {
    const csv = await csvRows(out, 'discrepancies.csv');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(pathToFileURL(join(out, 'report.html')).href);
    const shownCards = () =>
      phone.$$eval(
        '#rows tbody tr',
        (trs) => trs.filter((tr) => tr.getBoundingClientRect().height > 0).length,
      );
    expect(await shownCards()).toBe(Math.min(csv.length, 1000));
    await phone.selectOption('#f-status', 'missing');
    expect(await shownCards()).toBe(csv.filter((r) => r.status === 'missing').length);
    await phone.selectOption('#f-status', '');
    await phone.fill('#f-text', csv[0]!.deal_id!);
    expect(await shownCards()).toBe(csv.filter((r) => r.deal_id!.includes(csv[0]!.deal_id!)).length);
    await phone.fill('#f-text', '');
    // The header row is hidden on a phone: the sorts are in a list (column 8 is the variance).
    const variances = () =>
      phone.$$eval('#rows tbody tr td:nth-child(8)', (tds) =>
        tds
          .filter((td) => td.getBoundingClientRect().height > 0)
          .map((td) => Number(td.getAttribute('data-v'))),
      );
    const all = csv.map((r) => Number(r.variance));
    await phone.selectOption('#f-sort', '7:1');
    expect(await variances()).toEqual([...all].sort((a, b) => a - b));
    await phone.selectOption('#f-sort', '7:-1');
    expect(await variances()).toEqual([...all].sort((a, b) => b - a));
    await phone.selectOption('#f-sort', '');
    expect(await variances()).toEqual(all);
    expect(await phone.isVisible('#f-sort')).toBe(true);
    await phone.close();
    expect(await page.isVisible('#f-sort')).toBe(false);
  });

  it('counts the data-quality rows by source, field and action, as data-quality.csv has them', async () => {
    const dq = await csvRows(out, 'data-quality.csv');
    const expected = new Map<string, number>();
    for (const r of dq) {
      const key = [r.source, r.field, r.action].join(' ');
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const shown = await page.$$eval('table.dq tbody tr', (trs) =>
      trs.map((tr) => [...tr.cells].map((td) => td.textContent ?? '')),
    );
    expect(new Map(shown.map((c) => [c.slice(0, 3).join(' '), Number(c[3])]))).toEqual(expected);
    expect(expected.get('entries recognized_amount rejected')).toBe(3);
    expect(shown.length).toBeLessThan(dq.length);
    expect(shown.every((c) => c[4]!.length > 0)).toBe(true);
  });

  it("the header's critical link opens the table filtered to the critical rows", async () => {
    const csv = await csvRows(out, 'discrepancies.csv');
    const critical = csv.filter((r) => r.severity === 'critical').length;
    expect(critical).toBeGreaterThan(0);
    const tab = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await tab.goto(pathToFileURL(join(out, 'report.html')).href);
    await tab.click('header .start a[href="#critical"]');
    await tab.waitForSelector('#f-severity');
    await expect
      .poll(() => tab.$eval('#f-severity', (el) => (el as unknown as { value: string }).value))
      .toBe('critical');
    expect(await tab.locator('#rows tbody tr:not([hidden])').count()).toBe(Math.min(critical, 1000));
    await tab.close();
  });

  it('prints how many rows match and are shown, so a filtered print is not taken for the whole list', async () => {
    const csv = await csvRows(out, 'discrepancies.csv');
    const missing = csv.filter((r) => r.status === 'missing').length;
    const print = await browser.newPage({ viewport: { width: 1122, height: 793 } });
    await print.goto(pathToFileURL(join(out, 'report.html')).href);
    await print.selectOption('#f-status', 'missing');
    await print.emulateMedia({ media: 'print' });
    expect(await print.isVisible('.shown')).toBe(true);
    expect(await print.textContent('.shown')).toContain(`${missing} of ${csv.length} rows match`);
    expect(await print.isVisible('#f-status')).toBe(false);
    await print.close();
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
    // An amount as the CSV writes it (no separators) finds its row too.
    const big = csv.find((r) => Math.abs(Number(r.variance)) >= 1000)!;
    await page.fill('#f-text', big.variance!);
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
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

  it('shows the first rows of the current order, and more on request', async () => {
    // 2,500 rows (the page carries up to 5,000): every fifth one under-recognized, variances all different.
    const statuses: Status[] = ['missing', 'over', 'duplicate', 'unexpected', 'under'];
    const rows = Array.from({ length: 2_500 }, (_, i) =>
      row({
        dealId: `D${String(i).padStart(5, '0')}`,
        status: statuses[i % 5]!,
        variance: ((i * 7_919) % 2_500) * 100 - 125_000,
      }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'recon-page-many-'));
    await writeFile(
      join(dir, 'report.html'),
      renderReportPage(report({ discrepancyCount: rows.length, top: rows.slice(0, 10) }), {
        rows,
        links: {},
      }),
    );
    const many = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    many.on('pageerror', (e) => consoleErrors.push(e.message));
    await many.goto(pathToFileURL(join(dir, 'report.html')).href);
    const visible = () =>
      many.$$eval('#rows tbody tr:not([hidden]) td:nth-child(3)', (tds) =>
        tds.map((td) => td.firstChild?.textContent ?? ''),
      );
    const variances = () =>
      many.$$eval('#rows tbody tr:not([hidden]) td:nth-child(8)', (tds) =>
        tds.map((td) => Number(td.getAttribute('data-v'))),
      );
    // As it opens: the first 1,000 rows in report order.
    expect(await visible()).toEqual(rows.slice(0, PAGE_ROWS_SHOWN).map((r) => r.dealId));
    expect(await many.textContent('#shown')).toBe('2,500');
    expect(await many.textContent('#visible')).toBe('1,000');
    expect(await many.isVisible('#more')).toBe(true);
    // Sorted by variance: the 1,000 smallest of all 2,500, ascending.
    await many.locator('#rows thead button', { hasText: /^Variance$/ }).click();
    const sorted = rows.map((r) => r.variance / 100).sort((a, b) => a - b);
    expect(await variances()).toEqual(sorted.slice(0, PAGE_ROWS_SHOWN));
    await many.click('#more');
    expect(await variances()).toEqual(sorted.slice(0, 2 * PAGE_ROWS_SHOWN));
    expect(await many.textContent('#visible')).toBe('2,000');
    // A filter that leaves fewer rows than the limit shows them all, in the sorted order; no "more".
    await many.selectOption('#f-status', 'under');
    const under = rows.filter((r) => r.status === 'under').map((r) => r.variance / 100);
    expect(await variances()).toEqual(under.sort((a, b) => a - b));
    expect(await many.textContent('#shown')).toBe('500');
    expect(await many.isVisible('#more')).toBe(false);
    expect(await many.isVisible('#limited')).toBe(false);
    await many.close();
    expect(consoleErrors).toEqual([]);
  });

  describe('with life to date', () => {
    let ltdOut: string;
    let ltdPage: Page;

    beforeAll(async () => {
      // September's run (no entries, no history) opens every key with expected revenue; October's run
      // continues them, dating those new in September 2026-09 (the others stay undated). A big deal
      // named <script> from September is the largest of those, so it heads the oldest open items.
      const september = await mkdtemp(join(tmpdir(), 'recon-page-sep-'));
      ltdOut = await mkdtemp(join(tmpdir(), 'recon-page-ltd-'));
      const deals = join(data, 'deals-ltd.csv');
      await writeFile(
        deals,
        (await readFile(join(data, 'deals.csv'), 'utf8')) +
          `X0000003,L1,CX3,"${SCRIPT_NAME.replaceAll('"', '""')}",Enterprise,Subscription,120000000.00,USD,12,2026-09-01,2026-09-01,\r\n`,
      );
      await writeFile(
        join(data, 'no-entries.csv'),
        'entry_id,deal_id,revenue_type,recognition_period,recognized_amount,currency\r\n',
      );
      await writeFile(join(data, 'no-history.csv'), 'deal_id,revenue_type,currency,recognized_amount\r\n');
      const common = ['--deals', deals, '--history', join(data, 'no-history.csv'), '--quiet'];
      const sep = await recon([
        'run',
        '--period',
        '2026-09',
        ...common,
        '--entries',
        join(data, 'no-entries.csv'),
        '--out',
        september,
        '--run-id',
        'browser-sep',
      ]);
      expect(sep.code).toBe(0);
      const oct = await recon([
        'run',
        '--period',
        '2026-10',
        ...common,
        '--entries',
        join(data, 'entries.csv'),
        '--previous',
        september,
        '--out',
        ltdOut,
        '--run-id',
        'browser-ltd',
      ]);
      expect(oct.code).toBe(0);
      ltdPage = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      ltdPage.on('pageerror', (e) => consoleErrors.push(e.message));
      ltdPage.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      await ltdPage.goto(pathToFileURL(join(ltdOut, 'report.html')).href, { waitUntil: 'load' });
    }, 120_000);

    it('lists the oldest open items of open-items.csv near the aging chart, names as text', async () => {
      const items = await csvRows(ltdOut, 'open-items.csv');
      // Oldest first (open_since, undated last); ties keep the file's order (largest gap first).
      const expected = items
        .map((r, i) => ({ r, i }))
        .sort((a, b) => {
          const x = a.r.open_since || '9999-99';
          const y = b.r.open_since || '9999-99';
          return x < y ? -1 : x > y ? 1 : a.i - b.i;
        })
        .slice(0, 5)
        .map(({ r }) => [r.deal_id, r.customer_name, r.open_since, r.age_months, r.ltd_variance]);
      expect(expected[0]).toEqual([
        'X0000003',
        SCRIPT_NAME,
        '2026-09',
        '2',
        (await csvRows(ltdOut, 'open-items.csv')).find((r) => r.deal_id === 'X0000003')!.ltd_variance,
      ]);
      // Each cell's first text: the deal (not its type), the customer (not its id), since, months, gap.
      const cells = await ltdPage.$$eval('#aging table.oldest tbody td', (tds) =>
        tds.map((td) => td.firstChild?.textContent ?? ''),
      );
      const shown = Array.from({ length: cells.length / 5 }, (_, i) => cells.slice(i * 5, i * 5 + 5));
      expect(shown.map(([deal, name, since, age, gap]) => [deal, name, since, age, plain(gap!)])).toEqual(
        expected,
      );
      // Near the aging chart: in its section, after the aging tables.
      expect(await ltdPage.$$eval('#aging table', (ts) => ts.map((t) => t.getAttribute('class')))).toEqual([
        'aging with-bars',
        'aging with-bars',
        'oldest',
      ]);
      expect(dialogs).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await ltdPage.screenshot({ path: join(ARTIFACTS, 'report-ltd-laptop.png'), fullPage: true });
      const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
      await phone.goto(pathToFileURL(join(ltdOut, 'report.html')).href + '#aging');
      await phone.screenshot({ path: join(ARTIFACTS, 'report-ltd-phone.png') });
      // The gap to date is never cut: the oldest items' table fits its box on a phone.
      const [tableWidth, boxWidth] = await phone.$eval('table.oldest', (t) => [
        t.scrollWidth,
        t.parentElement!.clientWidth,
      ]);
      expect(tableWidth).toBeLessThanOrEqual(boxWidth);
      await phone.close();
    });

    it('explains each row as discrepancies.csv does, to-date clause included, and filters by to_date', async () => {
      const csv = await csvRows(ltdOut, 'discrepancies.csv');
      const explanations = await ltdPage.$$eval('#rows tbody td.expl', (tds) =>
        tds.map((td) => td.firstChild?.textContent ?? ''),
      );
      expect(explanations).toEqual(csv.slice(0, explanations.length).map((r) => r.explanation));
      expect(explanations.some((x) => x.includes('to date'))).toBe(true);
      const visible = ltdPage.locator('#rows tbody tr:not([hidden])');
      for (const toDate of ['open', 'timing']) {
        await ltdPage.selectOption('#f-todate', toDate);
        expect(await visible.count()).toBe(csv.filter((r) => r.to_date === toDate).length);
      }
      await ltdPage.selectOption('#f-todate', '');
      expect(await visible.count()).toBe(Math.min(csv.length, 1000));
    });
  });
});
