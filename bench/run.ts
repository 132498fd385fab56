// `npm run bench`: the month-end run from CSV files at production volume, per id format and row order: wall time and peak RSS.
//
//   BENCH_DEALS=1000000   deals per month (default 1M)
//   BENCH_RUNS=3          runs per shape and build (the best is reported)
//   BENCH_SHAPES=padded/grouped,int/random,guid/random,text/random (empty: none)
//   BENCH_BASELINE=DIR    another checkout (built) to run side by side, turn about, on the same files
//   BENCH_DATA=DIR        where the months are written (default bench/data; a tmpfs keeps them in memory)
//   BENCH_HISTORY=0       skip the life-to-date case (the month with history, with and without --history)
//   BENCH_HISTORY_MONTHS=1
//   BENCH_SCALING=0       skip the scaling case (padded grouped at BENCH_DEALS and twice as many, alternately)
//   BENCH_SQL=0           skip the SQL path (dist/bench/sql.js, run last)
//   BENCH_SMALL_RUNS=20   runs per build of the typical company's month (dist/bench/small-month.js, run
//                         first; 0 skips it)
//   --peers               also run DuckDB on each shape's files (the core rules in SQL, bench/duckdb-peer.ts),
//                         installed into BENCH_DATA/peers on first use: a yardstick, not a dependency
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deals = Number(process.env.BENCH_DEALS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const period = '2026-10';
const dataRoot = process.env.BENCH_DATA ?? join(root, 'bench', 'data');
const shapes = (process.env.BENCH_SHAPES ?? 'padded/grouped,int/random,guid/random,text/random')
  .split(',')
  .filter((s) => s !== '')
  .map((s) => s.split('/') as [string, string]);
const builds: [string, string][] = [['this build', root]];
if (process.env.BENCH_BASELINE) builds.push(['baseline', process.env.BENCH_BASELINE]);
const { values: flags } = parseArgs({ options: { peers: { type: 'boolean', default: false } } });
const DUCKDB = '@duckdb/node-api@1.5.6-r.1';
const DUCKDB_NAME = 'DuckDB, core rules';
const peersDir = join(dataRoot, 'peers');

// The typical company's month first (its own script, which also runs alone, with the same baseline).
if (process.env.BENCH_SMALL_RUNS !== '0') {
  const small = spawnSync(process.execPath, [join(root, 'dist/bench/small-month.js')], { stdio: 'inherit' });
  if (small.status !== 0) process.exitCode = small.status ?? 1;
}

function node(args: string[], heapMb?: number) {
  const flags = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...flags, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  const [wall, rssKb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, rssMb: rssKb! / 1024 };
}

type Timed = ReturnType<typeof node>;

/** `recon run` of the build in `checkout` on the folder's month, into `out`; `extra` adds options (--history). */
function reconRun(checkout: string, folder: string, out: string, extra: string[] = []): Timed {
  return node([
    join(checkout, 'bin/recon.js'),
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

/** Writes the month into `dir` once (the generator keeps it in memory: a large heap); later runs reuse it. */
function prepareMonth(
  dir: string,
  n: number,
  historyMonths: number,
  ids = 'padded',
  order = 'grouped',
): void {
  node(
    [join(root, 'dist/bench/generate-data.js'), dir, String(n), period, String(historyMonths), ids, order],
    16_384,
  );
}

type Contender = readonly [name: string, run: () => Timed];

/**
 * Runs each contender once per round, `runs` rounds, so the VM's drift falls on all alike, printing
 * a line per run: each contender's runs, in the contenders' order.
 */
function turnAbout(contenders: readonly Contender[]): Timed[][] {
  const results = contenders.map((): Timed[] => []);
  // Every other round in reverse order: on the month with history, the build that always ran first
  // in its round was seen to come out slower than when it ran second (docs/performance.md).
  const ks = [...contenders.keys()];
  for (let i = 0; i < runs; i++) {
    for (const k of i % 2 === 0 ? ks : [...ks].reverse()) {
      const [name, run] = contenders[k]!;
      const r = run();
      results[k]!.push(r);
      console.log(`  ${name} run ${i + 1}: ${timedLine(r)}`);
    }
  }
  return results;
}

const bestOf = (rs: Timed[]) => Math.min(...rs.map((r) => r.wall));
const peakOf = (rs: Timed[]) => Math.max(...rs.map((r) => r.rssMb));
const timedLine = (r: Timed) => `${r.wall.toFixed(2)} s wall, peak RSS ${r.rssMb.toFixed(0)} MB`;

/** Installs the pinned DuckDB client into the scratch folder once (npm registry), outside the project's dependencies. */
function installPeers(): void {
  if (existsSync(join(peersDir, 'node_modules', '@duckdb', 'node-api'))) return;
  console.log(`installing ${DUCKDB} into ${peersDir} (once)…`);
  const r = spawnSync(
    'npm',
    ['install', '--prefix', peersDir, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', DUCKDB],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`npm install ${DUCKDB} failed`);
}

/** DuckDB's run of the core rules on the folder's month (one process, like recon), into `out`. */
function duckdbRun(folder: string, out: string): Timed {
  return node([
    join(root, 'dist/bench/duckdb-peer.js'),
    peersDir,
    join(folder, 'deals.csv'),
    join(folder, 'entries.csv'),
    period,
    out,
  ]);
}

interface Figures {
  shape: string;
  build: string;
  best: number;
  rssMb: number;
  rows: number;
  sizeMb: number;
}

const table: Figures[] = [];
for (const [ids, order] of shapes) {
  const dir = join(dataRoot, `month-${deals}-${ids}-${order}`);
  console.log(
    `preparing ${deals.toLocaleString('en-US')} deals, ${ids} ids, ${order} order, in ${dir} (cached)…`,
  );
  prepareMonth(dir, deals, 0, ids, order);
  const sizeMb = (statSync(join(dir, 'deals.csv')).size + statSync(join(dir, 'entries.csv')).size) / 1e6;
  const counts = readFileSync(join(dir, 'complete.txt'), 'utf8').match(/(\d+) lines, (\d+) entries/)!;
  const rows = Number(counts[1]) + Number(counts[2]);
  const contenders: Contender[] = builds.map(([name, checkout]) => [
    name,
    () => reconRun(checkout, dir, join(dir, `out-${name.replace(/\W/g, '-')}`)),
  ]);
  if (flags.peers) {
    installPeers();
    contenders.push([DUCKDB_NAME, () => duckdbRun(dir, join(dir, 'duckdb-discrepancies.csv'))]);
  }
  const results = turnAbout(contenders);
  for (const [k, [name]] of contenders.entries()) {
    const list = results[k]!;
    table.push({
      shape: `${ids} ids, ${order}`,
      build: name,
      best: bestOf(list),
      rssMb: peakOf(list),
      rows,
      sizeMb,
    });
  }
}

const padded = (build: string) => table.find((f) => f.build === build && f.shape.startsWith('padded'))?.best;
const duckdb = (shape: string) => table.find((f) => f.build === DUCKDB_NAME && f.shape === shape)?.best;
console.log(`\n${deals.toLocaleString('en-US')} deals, CSV → all reports (best of ${runs}):\n`);
console.log('| shape | build | wall | peak RSS | rows/s | vs padded grouped | vs DuckDB |');
console.log('|---|---|---|---|---|---|---|');
for (const f of table) {
  const base = padded(f.build);
  const peer = f.build === DUCKDB_NAME ? undefined : duckdb(f.shape);
  console.log(
    `| ${f.shape} | ${f.build} | ${f.best.toFixed(2)} s | ${f.rssMb.toFixed(0)} MB | ${(f.rows / f.best / 1e6).toFixed(2)} M | ${base ? `${(f.best / base).toFixed(2)}×` : ''} | ${peer ? `${(f.best / peer).toFixed(2)}×` : ''} |`,
  );
}
console.log(
  '\ntargets (issue 13): every shape within 10% of padded grouped and at least as fast as DuckDB (--peers); < 5 s wall and < 700 MB peak RSS at 1M deals',
);

// Life to date (issue 14): the same month with its history aggregated per deal, type and currency (as the
// default HISTORY_QUERY hands it over), run with and without --history, alternately. BENCH_HISTORY=0 skips it.
if (process.env.BENCH_HISTORY !== '0') {
  const months = Number(process.env.BENCH_HISTORY_MONTHS ?? 1);
  const historyDir = join(dataRoot, `month-${deals}-history-${months}`);
  console.log(`\npreparing the month with ${months} month(s) of history in ${historyDir} (cached)…`);
  prepareMonth(historyDir, deals, months);
  console.log(readFileSync(join(historyDir, 'complete.txt'), 'utf8').trim());
  // Every build (BENCH_BASELINE too) without and with history, turn about run by run.
  const contenders = builds.flatMap(([name, checkout]): Contender[] => {
    const out = (kind: string) => join(historyDir, `out-${kind}-${name.replace(/\W/g, '-')}`);
    const history = ['--history', join(historyDir, 'history.csv')];
    return [
      [`${name} without history`, () => reconRun(checkout, historyDir, out('plain'))],
      [`${name} with history`, () => reconRun(checkout, historyDir, out('history'), history)],
    ];
  });
  const results = turnAbout(contenders);
  console.log('');
  for (const [k, [name]] of builds.entries()) {
    const plain = results[2 * k]!;
    const withHistory = results[2 * k + 1]!;
    console.log(
      `${name}, with history: best ${bestOf(withHistory).toFixed(2)} s against ${bestOf(plain).toFixed(2)} s without: ` +
        `${(bestOf(withHistory) / bestOf(plain)).toFixed(2)}x; peak RSS ${peakOf(withHistory).toFixed(0)} MB against ${peakOf(plain).toFixed(0)} MB`,
    );
  }
  console.log(`target (issue 14): at most 1.5x the run without history, within the same memory target`);
}

// Scaling (issue 13): the padded grouped month at BENCH_DEALS and at twice as many, alternately; time and
// memory should grow linearly (twice the deals at most twice the peak RSS).
if (process.env.BENCH_SCALING !== '0') {
  const sizes = [deals, 2 * deals];
  const dirs = sizes.map((n) => join(dataRoot, `month-${n}-padded-grouped`));
  for (const [k, n] of sizes.entries()) {
    console.log(
      `\npreparing ${n.toLocaleString('en-US')} deals, padded ids, grouped order, in ${dirs[k]} (cached)…`,
    );
    prepareMonth(dirs[k]!, n, 0);
  }
  const [one, two] = turnAbout(
    sizes.map((n, k): Contender => [
      `${n.toLocaleString('en-US')} deals`,
      () => reconRun(root, dirs[k]!, join(dirs[k]!, 'out-scaling')),
    ]),
  ) as [Timed[], Timed[]];
  console.log(
    `\nscaling: ${sizes[1]!.toLocaleString('en-US')} deals ${bestOf(two).toFixed(2)} s and ${peakOf(two).toFixed(0)} MB against ` +
      `${bestOf(one).toFixed(2)} s and ${peakOf(one).toFixed(0)} MB: time ${(bestOf(two) / bestOf(one)).toFixed(2)}x, memory ${(peakOf(two) / peakOf(one)).toFixed(2)}x`,
  );
  console.log('target (issue 13): linear growth; twice the deals at most twice the peak RSS');
}

// The SQL path last (its own script, which also runs alone: `node dist/bench/sql.js --deals N`).
if (process.env.BENCH_SQL !== '0') {
  const sql = spawnSync(process.execPath, [join(root, 'dist/bench/sql.js')], { stdio: 'inherit' });
  if (sql.status !== 0) process.exitCode = sql.status ?? 1;
}
