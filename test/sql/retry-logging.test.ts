// Every SQL retry and restart is logged (attempt, error number, wait) with the run it serves; storage failures say what broke where.
import { createServer, type Server } from 'node:net';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import { generateMonth } from '../../src/generator/generate.js';
import { runLogger, type Logger } from '../../src/pipeline/ports/logger.js';
import { reconcileSource } from '../../src/pipeline/reconcile-source.js';
import { inRun } from '../../src/pipeline/ports/run-context.js';
import { BlobReportStore } from '../../src/storage/blob-report-store.js';
import { createSqlSource } from '../../src/sources/sql/sql-source.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { WINDOW, readAll, settingsFor } from './helpers.js';

let emu: SqlEmulator;
let month: ReturnType<typeof generateMonth>;

beforeAll(async () => {
  month = generateMonth({ deals: 150, period: WINDOW.period, seed: 11 });
  emu = await startSqlEmulator({ deals: month.deals, entries: month.entries });
}, 60_000);
afterAll(async () => emu?.close());
beforeEach(() => emu.faults.clear());

function recording(): { log: Logger; lines: { level: string; line: string }[] } {
  const lines: { level: string; line: string }[] = [];
  // The services' logger: no run id of its own.
  return {
    log: runLogger((level, line) => lines.push({ level, line }), { component: 'recon-services' }),
    lines,
  };
}

describe('SQL retries are logged', () => {
  test('each retried login says attempt, error number and wait, and names the run it serves', async () => {
    emu.faults.add({ on: 'login', error: 40613, database: 'Analytics', times: 2 });
    const { log, lines } = recording();
    const waits: number[] = [];
    const source = createSqlSource(settingsFor(emu.appSettings, { SQL_MAX_RETRIES: '4' }), {
      log,
      baseDelayMs: 5,
      maxDelayMs: 20,
      sleep: async (ms) => void waits.push(ms),
    });
    const deals = await inRun({ run_id: '2026-10.retry-1', period: '2026-10', trigger: 'timer' }, () =>
      readAll(source.deals(WINDOW)),
    );
    expect(deals).toHaveLength(month.deals.length);
    const retries = lines.filter((l) => l.line.startsWith('SQL read failed; retrying'));
    expect(retries.map((l) => l.level)).toEqual(['warn', 'warn']);
    retries.forEach((r, i) => {
      expect(r.line).toContain('run_id=2026-10.retry-1 period=2026-10 trigger=timer');
      expect(r.line).toContain(`attempt=${i + 1} max_attempts=4 error_number=40613`);
      expect(r.line).toContain(`wait_ms=${waits[i]}`);
      expect(r.line).toContain('database=Analytics');
    });
    expect(waits).toHaveLength(2);
  }, 30_000);

  test('a failure that is not retried is logged as an error naming its number', async () => {
    emu.faults.add({ on: 'login', error: 18456, database: 'Accounting', times: Infinity });
    const { log, lines } = recording();
    const source = createSqlSource(settingsFor(emu.appSettings), { log, baseDelayMs: 1, maxDelayMs: 2 });
    await expect(readAll(source.entries(WINDOW))).rejects.toThrow(/18456/);
    expect(lines.map((l) => [l.level, l.line.split(' component=')[0]])).toEqual([
      ['error', 'SQL read failed; not retried (not transient)'],
    ]);
    expect(lines[0]!.line).toContain('error_number=18456');
  }, 30_000);

  test('a stream that broke after rows were read is logged, and so is the restart from the start', async () => {
    emu.faults.add({ on: 'query', dropAfterRows: 150, database: 'Analytics' });
    const { log, lines } = recording();
    const source = createSqlSource(settingsFor(emu.appSettings), {
      log,
      batchSize: 20,
      baseDelayMs: 1,
      maxDelayMs: 2,
    });
    const recon = await reconcileSource(source, WINDOW.period, parseEngineSettings({}), undefined, { log });
    expect(recon.inputs.deals.rows_read).toBe(month.deals.length);
    const broke = lines.find((l) => l.line.startsWith('SQL stream broke off after rows were read'));
    expect(broke?.line).toMatch(/source=deals .*attempt=1 .*rows_read=\d+/);
    const restart = lines.find((l) =>
      l.line.startsWith('source read broke off; reading it again from the start'),
    );
    expect(restart?.line).toMatch(/source=deals attempt=1 next_attempt=2 reason=/);
  }, 30_000);
});

describe('storage failures say what broke where', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // Accepts connections and hangs up at once: the SDK sees "socket hang up".
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('a write names the store, the blob and the socket error', async () => {
    const service = new BlobServiceClient(`http://127.0.0.1:${port}/devstoreaccount1`, undefined, {
      retryOptions: { maxTries: 1 },
    });
    const store = new BlobReportStore({
      service,
      container: 'reports',
      links: { signing: 'account-key', expiryHours: 1 },
      accountDescription: `127.0.0.1:${port}/devstoreaccount1`,
    });
    const file = { name: 'manifest.json', content: Buffer.from('{}'), contentType: 'application/json' };
    await expect(store.write({ period: '2026-10', runId: 'r1' }, file)).rejects.toThrow(
      `blob container reports on 127.0.0.1:${port}/devstoreaccount1: writing 2026-10/r1/manifest.json failed: socket hang up (ECONNRESET)`,
    );
    await expect(store.listRuns('2026-10')).rejects.toThrow(
      /: listing the runs of 2026-10 failed: socket hang up \(ECONNRESET\)$/,
    );
  });
});
