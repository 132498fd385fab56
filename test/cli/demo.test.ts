// `recon demo` (what `npm run demo` runs), spawned for real: the whole month-end job on local stand-ins.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DEALS, DEMO_HISTORY_MONTHS } from '../../src/cli/commands/demo.js';
import { currencyDigits, formatMinorReadable, parseMoney } from '../../src/core/money.js';
import { generateMonth } from '../../src/generator/generate.js';
import { RECON_BIN } from '../helpers/cli.js';

/** The dashboard's life-to-date lines as the generator's ground truth says they must read. */
function lifeToDateLines(period: string): string[] {
  const { truth } = generateMonth({ deals: DEMO_DEALS, period, historyMonths: DEMO_HISTORY_MONTHS }).history!;
  const minor = (text: string, currency: string) => {
    const parsed = parseMoney(text, currencyDigits(currency));
    if (!parsed.ok) throw new Error(`bad amount ${text}`);
    return parsed.minor;
  };
  const totals = new Map<string, number[]>();
  const of = (c: string) => totals.get(c) ?? totals.set(c, [0, 0, 0, 0, 0, 0]).get(c)!;
  for (const k of truth.ltd) of(k.currency);
  for (const o of truth.openItems) {
    const t = of(o.currency);
    const v = minor(o.ltd_variance, o.currency);
    t[0]! += 1;
    if (v < 0) t[1]! -= v;
    else t[2]! += v;
  }
  for (const c of truth.closedItems) {
    const t = of(c.currency);
    const v = minor(c.ltd_variance_previous, c.currency);
    t[3]! += 1;
    if (v < 0) t[4]! -= v;
    else t[5]! += v;
  }
  const money = (m: number, c: string) => formatMinorReadable(m, currencyDigits(c));
  return [
    `Life to date (${truth.ltd.length} keys)`,
    ...[...totals.keys()].sort().map((c) => {
      const [open, short, over, closed, recovered, reversed] = totals.get(c)!;
      return `  ${c}  open to date ${open}  short ${money(short!, c)}  over ${money(over!, c)}  ·  closed this month ${closed}  recovered ${money(recovered!, c)}  reversed ${money(reversed!, c)}`;
    }),
  ];
}

/** Processes still in a process group (the demo's children inherit its group). */
function survivors(group: number): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return table.split('\n').filter((line) => line.trim().split(/\s+/)[1] === String(group));
}

describe('recon demo', () => {
  it('runs the month-end pipeline end to end, prints what finance sees, exits 0 and leaves no process behind', async () => {
    const out = await mkdtemp(join(tmpdir(), 'recon-demo-'));
    // detached: the demo leads its own process group, so anything it started can be found afterwards.
    const child = spawn(process.execPath, [RECON_BIN, 'demo', '--out', out], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/recon: |DeprecationWarning/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Revenue reconciliation \d{4}-\d{2} +run \S+ +COMPLETED/);
    for (const status of [
      'missing',
      'under',
      'over',
      'duplicate',
      'unexpected',
      'orphan',
      'misclassified',
      'currency_mismatch',
    ]) {
      expect(stdout).toMatch(new RegExp(`${status} [1-9]`));
    }
    // Links are SAS URLs on Azurite; the Slack message is shown as text, escalated (the month has critical rows).
    expect(stdout).toMatch(
      /discrepancies\.csv +http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/reports\/.*sig=/,
    );
    // The page a person opens is the first report listed, on the dashboard and in Slack.
    expect(stdout).toMatch(
      /Reports\n {2}report\.html +http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/reports\/.*sig=/,
    );
    expect(stdout).toMatch(/Reports \(links expire\)\n▌ • Open the report \(report\.html\)/);
    // A year of history in the Accounting table: the life-to-date view, with the generator's ground truth.
    const dashboardPeriod = /Revenue reconciliation (\d{4}-\d{2})/.exec(stdout)![1]!;
    const ltd = lifeToDateLines(dashboardPeriod);
    expect(stdout).toContain(`${ltd.join('\n')}\nOldest open items\n`);
    // Catch-ups, early recognition and late one-time lines closed; several currencies open.
    expect(ltd.filter((l) => / closed this month [1-9]/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(stdout).toMatch(/▌ Open items to date: EUR \d+ .* · JPY 1 .* · USD \d+ /);
    expect(stdout).toMatch(/▌ Closed this month: .*USD \d+ \(recovered [\d,.]+/);
    expect(stdout).toContain('Slack message to #finance');
    expect(stdout).toContain('Slack message to #escalation');
    const period = /Revenue reconciliation (\d{4}-\d{2})/.exec(stdout)![1]!;
    const [runDir] = readdirSync(join(out, period));
    for (const f of [
      'report.html',
      'discrepancies.csv',
      'summary.csv',
      'data-quality.csv',
      'reconciliation.xlsx',
      'open-items.csv',
      'closed-items.csv',
      'aging.csv',
      'manifest.json',
    ])
      expect(existsSync(join(out, period, runDir!, f))).toBe(true);
    // The demo month's page stays under 1 MB.
    expect(statSync(join(out, period, runDir!, 'report.html')).size).toBeLessThan(1024 * 1024);
    expect(survivors(child.pid!)).toEqual([]);
  }, 120_000);

  it('--serve killed with SIGKILL leaves no Azurite process behind', async () => {
    const out = await mkdtemp(join(tmpdir(), 'recon-demo-serve-'));
    // A small month: this case is about the processes, the first one about what the demo shows.
    const child = spawn(process.execPath, [RECON_BIN, 'demo', '--out', out, '--deals', '200', '--serve'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => stdout.includes('Press Ctrl-C to stop') && resolve());
      child.on('exit', (code) => reject(new Error(`demo exited (${code}) before serving: ${stdout}`)));
    });
    expect(stderr).toContain('starting the SQL Server emulator (200 deals for ');
    // 200 deals have a few hundred lines (5,000 have about 8,000).
    const lines = Number(/Inputs +deal lines (\d+)/.exec(stdout)?.[1]);
    expect(lines).toBeGreaterThanOrEqual(200);
    expect(lines).toBeLessThan(1000);
    const children = survivors(child.pid!).filter((line) => !line.trim().startsWith(`${child.pid} `));
    // Azurite blob and queue, each a child of the demo.
    expect(children.filter((line) => /azurite/.test(line))).toHaveLength(2);
    process.kill(child.pid!, 'SIGKILL');
    await exited;
    // They notice their parent is gone (their stdin pipe ends) and exit on their own.
    let left = survivors(child.pid!);
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = survivors(child.pid!);
    }
    expect(left).toEqual([]);
  }, 120_000);
});
