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

const runs = Number(process.env.BENCH_RUNS ?? 3);
const results = [];
for (let i = 0; i < runs; i++) {
  const out = join(dataDir, `out-${i}`);
  const r = node([
    join(root, 'bin/recon.js'),
    'run',
    '--period',
    period,
    '--deals',
    join(dataDir, 'deals.csv'),
    '--entries',
    join(dataDir, 'entries.csv'),
    '--out',
    out,
    '--run-id',
    'bench',
    '--quiet',
  ]);
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
