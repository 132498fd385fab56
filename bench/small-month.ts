// A typical company's month (issue 13): 5,000 deals, ~15,000 entries, `recon run` from process start to
// all reports. It takes under a second, so it is run many times, the builds taking turns on the same
// files, and the median and the best are told with the load average. `npm run bench` runs it first; alone:
//
//   node dist/bench/small-month.js [--runs 20] [--baseline DIR]   (BENCH_DATA=DIR as in bench/run.ts)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.BENCH_SMALL_RUNS ?? '20' },
    baseline: { type: 'string', default: process.env.BENCH_BASELINE },
  },
});
const runs = Number(values.runs);
const period = '2026-10';
const dir = join(process.env.BENCH_DATA ?? join(root, 'bench', 'data'), 'month-5000');
const builds: [string, string][] = [['this build', root]];
if (values.baseline) builds.push(['baseline', values.baseline]);

/** Wall seconds of one `recon run` of the build in `checkout`, the process's start included. */
function reconRun(checkout: string, out: string): number {
  const args = ['--period', period, '--deals', join(dir, 'deals.csv'), '--entries', join(dir, 'entries.csv')];
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [join(checkout, 'bin/recon.js'), 'run', ...args, '--out', out, '--run-id', 'bench', '--quiet', '--force'],
    { encoding: 'utf8' },
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`recon run (${checkout}) failed:\n${r.stderr}`);
  return wall;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

console.log(`preparing the typical month (5,000 deals) in ${dir} (cached)…`);
const generated = spawnSync(
  process.execPath,
  [join(root, 'dist/bench/generate-data.js'), dir, '5000', period],
  {
    stdio: 'inherit',
  },
);
if (generated.status !== 0) throw new Error('generating the typical month failed');
console.log(readFileSync(join(dir, 'complete.txt'), 'utf8').trim());

const walls = new Map(builds.map(([name]) => [name, [] as number[]]));
const loadBefore = load();
for (let i = 0; i < runs; i++)
  for (const [name, checkout] of builds)
    walls.get(name)!.push(reconRun(checkout, join(dir, `out-${name.replace(/\W/g, '-')}`)));
console.log(`\ntypical month, CSV → all reports, process start included (${runs} runs each, turn about):\n`);
console.log('| build | median | best | worst |');
console.log('|---|---|---|---|');
for (const [name, list] of walls)
  console.log(
    `| ${name} | ${median(list).toFixed(3)} s | ${Math.min(...list).toFixed(3)} s | ${Math.max(...list).toFixed(3)} s |`,
  );
console.log(`load average (1 / 5 / 15 min) before ${loadBefore}, after ${load()}`);
console.log('target (issue 13): at most 0.5 s');
