// `node dist/bench/report-page.js DIR`: how fast a run's report.html opens, sorts and filters in headless
// Chromium (the system's, as the browser tests use it). Prints the median of a few rounds.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node dist/bench/report-page.js RUN_FOLDER (holding report.html)');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath))
  throw new Error(`no Chromium at ${executablePath} (apt-get install chromium)`);
const file = resolve(join(dir, 'report.html'));
const rounds = Number(process.env.PAGE_ROUNDS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// In-page code as text: it runs in the browser, and this project compiles without the DOM types.
const NEXT_FRAME = 'new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))';
const DOM_CONTENT_LOADED = "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd";
const ACTIONS = {
  sort: "[...document.querySelectorAll('#rows thead button')].find((b) => b.textContent === 'Variance').click()",
  filter:
    "(() => { const s = document.getElementById('f-status'); s.value = 'missing'; s.dispatchEvent(new Event('change')); })()",
};
/** Runs the action, then waits for the next painted frame: the work itself and the table's relayout. */
const timedAction = (action: string) =>
  `(() => { const t0 = performance.now(); ${action}; return ${NEXT_FRAME}.then(() => performance.now() - t0); })()`;

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const timings: Record<string, number[]> = {
  open: [],
  domContentLoaded: [],
  sort: [],
  sortBack: [],
  filter: [],
};
let rows = 0;
for (let round = 0; round < rounds; round++) {
  // A new context each round: nothing cached from the round before.
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  // The first frame after load: the table is laid out and painted.
  await page.evaluate(NEXT_FRAME);
  timings.open!.push(performance.now() - started);
  timings.domContentLoaded!.push(await page.evaluate<number>(DOM_CONTENT_LOADED));
  rows = await page.locator('#rows tbody tr').count();
  timings.sort!.push(await page.evaluate<number>(timedAction(ACTIONS.sort)));
  timings.sortBack!.push(await page.evaluate<number>(timedAction(ACTIONS.sort)));
  timings.filter!.push(await page.evaluate<number>(timedAction(ACTIONS.filter)));
  await context.close();
}
await browser.close();

const mb = statSync(file).size / 1e6;
console.log(
  `${file}: ${mb.toFixed(2)} MB, ${rows.toLocaleString('en-US')} table rows, median of ${rounds} rounds`,
);
for (const [name, xs] of Object.entries(timings))
  console.log(
    `  ${name.padEnd(17)} ${median(xs).toFixed(0).padStart(6)} ms   (all: ${xs.map((x) => x.toFixed(0)).join(', ')})`,
  );
