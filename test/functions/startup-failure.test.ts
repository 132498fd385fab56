// A bad setting stops the app at load, and the failure reaches Application Insights first (a local ingestion stand-in here).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const app = fileURLToPath(new URL('../../dist/functions/index.js', import.meta.url));
const DEPLOYED: Record<string, string> = {
  ANALYTICS_SQL_SERVER: 'analytics.database.windows.net',
  ACCOUNTING_SQL_SERVER: 'accounting.database.windows.net',
  REPORTS_STORAGE_ACCOUNT_URL: 'https://strptexample.blob.core.windows.net',
  RUN_QUEUE_SERVICE_URL: 'https://stexample.queue.core.windows.net',
  // Bound by the host itself (%RECON_TIMER_SCHEDULE%, %RUN_QUEUE_NAME%): the Bicep sets both.
  RECON_TIMER_SCHEDULE: '0 0 6 1 * *',
  RUN_QUEUE_NAME: 'recon-runs',
};

let server: Server;
let port: number;
let caFile: string;
const received: unknown[] = [];

beforeAll(async () => {
  // The exporter speaks only https: a certificate for 127.0.0.1 that the child process trusts.
  const dir = mkdtempSync(join(tmpdir(), 'recon-ingest-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  caFile = join(dir, 'cert.pem');
  // Answers like the Application Insights ingestion endpoint (POST /v2.1/track, JSON lines, maybe gzip).
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(caFile) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const text = body.toString('utf8').trim();
        const items = text.startsWith('[')
          ? (JSON.parse(text) as unknown[])
          : text.split('\n').map((l) => JSON.parse(l) as unknown);
        received.push(...items);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function loadApp(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${fixtures}list-registrations.mjs`, app], {
      env: {
        ...process.env,
        ...DEPLOYED,
        ...env,
        NODE_PATH: `${fixtures}host-modules`,
        NODE_EXTRA_CA_CERTS: caFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a bad setting at load', () => {
  it('still fails the load naming the setting, after sending an error record with event=startup_failed', async () => {
    const r = await loadApp({
      SQL_ENCRYPT: 'maybe',
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://127.0.0.1:${port}/`,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('invalid setting SQL_ENCRYPT');
    // Nothing registered: the listing is never printed.
    expect(r.stdout).not.toContain('"bindings"');
    const text = JSON.stringify(received);
    expect(text).toContain('the app failed to start: no function is registered until this is fixed');
    const record = received.find((i) => JSON.stringify(i).includes('startup_failed')) as {
      data: { baseData: { severityLevel: string; properties: Record<string, string> } };
    };
    expect(record.data.baseData.severityLevel).toBe('Error');
    expect(record.data.baseData.properties).toMatchObject({
      event: 'startup_failed',
      error_type: 'SettingsError',
    });
    expect(record.data.baseData.properties.reason).toContain('SQL_ENCRYPT');
  }, 60_000);
});
