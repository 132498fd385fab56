// `npm run bench`: the month-end run from CSV files at production volume, wall time, rows/s and peak RSS.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deals = Number(process.env.BENCH_DEALS ?? 1_000_000);
const period = '2026-10';
const dataDir = join(root, 'bench', 'data', `month-${deals}`);

function node(args: string[], heapMb?: number) {
  const flags = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...flags, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  const [wall, rssKb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, rssMb: rssKb! / 1024, stdout: r.stdout };
}

console.log(`preparing ${deals.toLocaleString('en-US')} deals in ${dataDir} (cached after the first run)…`);
node([join(root, 'dist/bench/generate-data.js'), dataDir, String(deals), period], 16_384);
const sizeMb =
  (statSync(join(dataDir, 'deals.csv')).size + statSync(join(dataDir, 'entries.csv')).size) / 1e6;
console.log(readFileSync(join(dataDir, 'complete.txt'), 'utf8').trim(), `, ${sizeMb.toFixed(0)} MB of CSV`);

type Timed = ReturnType<typeof node>;

/** `recon run` on the folder's month, into a fresh output folder; `extra` adds options (--history). */
function reconRun(folder: string, out: string, extra: string[] = []) {
  return node([
    join(root, 'bin/recon.js'),
    'run',
    '--period',
    period,
    '--deals',
    join(folder, 'deals.csv'),
    '--entries',
    join(folder, 'entries.csv'),
    ...extra,
    '--out',
    out,
    '--run-id',
    'bench',
    '--quiet',
    '--force',
  ]);
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const results = [];
for (let i = 0; i < runs; i++) {
  const r = reconRun(dataDir, join(dataDir, `out-${i}`));
  results.push(r);
  console.log(`run ${i + 1}: ${r.wall.toFixed(2)} s wall, peak RSS ${r.rssMb.toFixed(0)} MB`);
}
const best = results.reduce((a, b) => (a.wall <= b.wall ? a : b));
const lines = readFileSync(join(dataDir, 'complete.txt'), 'utf8').match(/(\d+) lines, (\d+) entries/)!;
const rows = Number(lines[1]) + Number(lines[2]);
console.log(
  `\nCSV → all reports: best ${best.wall.toFixed(2)} s, ${(rows / best.wall / 1e6).toFixed(2)} M rows/s, ${(sizeMb / best.wall).toFixed(0)} MB/s, peak RSS ${Math.max(...results.map((r) => r.rssMb)).toFixed(0)} MB`,
);
console.log(`targets (issue 2): < 5 s wall, < 700 MB peak RSS`);

// Life to date (issue 14): the same month with its history aggregated per deal, type and currency (as the
// default HISTORY_QUERY hands it over), run with and without --history, alternately. BENCH_HISTORY=0 skips it.
if (process.env.BENCH_HISTORY !== '0') {
  const months = Number(process.env.BENCH_HISTORY_MONTHS ?? 1);
  const historyDir = join(root, 'bench', 'data', `month-${deals}-history-${months}`);
  console.log(`\npreparing the month with ${months} month(s) of history in ${historyDir} (cached)…`);
  node(
    [join(root, 'dist/bench/generate-data.js'), historyDir, String(deals), period, String(months)],
    16_384,
  );
  console.log(readFileSync(join(historyDir, 'complete.txt'), 'utf8').trim());
  const plain: Timed[] = [];
  const withHistory: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    const a = reconRun(historyDir, join(historyDir, `out-plain-${i}`));
    const b = reconRun(historyDir, join(historyDir, `out-history-${i}`), [
      '--history',
      join(historyDir, 'history.csv'),
    ]);
    plain.push(a);
    withHistory.push(b);
    console.log(
      `run ${i + 1}: without history ${a.wall.toFixed(2)} s (${a.rssMb.toFixed(0)} MB), with history ${b.wall.toFixed(2)} s (${b.rssMb.toFixed(0)} MB)`,
    );
  }
  const bestOf = (rs: Timed[]) => Math.min(...rs.map((r) => r.wall));
  const peak = (rs: Timed[]) => Math.max(...rs.map((r) => r.rssMb));
  console.log(
    `\nwith history: best ${bestOf(withHistory).toFixed(2)} s against ${bestOf(plain).toFixed(2)} s without: ` +
      `${(bestOf(withHistory) / bestOf(plain)).toFixed(2)}x; peak RSS ${peak(withHistory).toFixed(0)} MB against ${peak(plain).toFixed(0)} MB`,
  );
  console.log(`target (issue 14): at most 1.5x the run without history, within the same memory target`);
}
