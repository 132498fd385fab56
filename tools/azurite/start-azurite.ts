// Starts Azurite (blob + queue) from node_modules on free ports for tests and the demo, and stops it without leftovers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Azurite's published development account: the key is public and only valid against the emulator. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteHandle {
  blobPort: number;
  queuePort: number;
  blobUrl: string;
  connectionString: string;
  /** Process ids of the two services (tests check that none survives close()). */
  pids: number[];
  /** Stops both services and waits for the processes to exit; safe to call twice. */
  close(): Promise<void>;
}

export interface StartAzuriteOptions {
  /** Echo Azurite's own output (debugging). */
  verbose?: boolean;
  /** How long to wait for a service to report its port. */
  startTimeoutMs?: number;
}

const require = createRequire(import.meta.url);

function azuriteEntry(service: 'blob' | 'queue'): string {
  // Resolve the package, not a path relative to this file, so it works from src and from dist.
  const pkg = require.resolve('azurite/package.json');
  return join(dirname(pkg), 'dist', 'src', service, 'main.js');
}

/**
 * Loaded into each Azurite process before Azurite itself: it exits when its stdin ends, which happens
 * when the process that started it is gone, even killed with SIGKILL (no exit handler runs then).
 * A data: URL, so it works the same from src (tests) and dist (the demo) with no file to find.
 */
const EXIT_WITH_PARENT = 'data:text/javascript,process.stdin.on("end",()=>process.exit(0)).resume().unref();';

interface Service {
  child: ChildProcess;
  port: number;
}

async function startService(
  service: 'blob' | 'queue',
  location: string,
  options: StartAzuriteOptions,
): Promise<Service> {
  const args = [
    '--import',
    EXIT_WITH_PARENT,
    azuriteEntry(service),
    `--${service}Host`,
    '127.0.0.1',
    `--${service}Port`,
    '0',
    '--inMemoryPersistence',
    '--skipApiVersionCheck',
    '--loose',
    // Azurite reports usage to Application Insights by default; tests and demos must not phone home.
    '--disableTelemetry',
  ];
  // --location cannot be combined with in-memory persistence; a scratch working directory keeps any
  // stray bookkeeping file out of the repository instead.
  // stdin is a pipe from this process that nobody writes to: it ends only when this process is gone.
  const child = spawn(process.execPath, args, { cwd: location, stdio: ['pipe', 'pipe', 'pipe'] });
  const listening = new RegExp(
    `Azurite ${service === 'blob' ? 'Blob' : 'Queue'} service successfully listens on https?://[^:]+:(\\d+)`,
    'i',
  );
  let output = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(
      () =>
        fail(
          new Error(
            `Azurite ${service} did not start within ${options.startTimeoutMs ?? 30_000} ms: ${output.trim()}`,
          ),
        ),
      options.startTimeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.verbose) process.stderr.write(chunk);
      const match = listening.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    const onExit = (code: number | null) =>
      fail(new Error(`Azurite ${service} exited (code ${code}) before listening: ${output.trim()}`));
    function fail(error: Error) {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(error);
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (e) => fail(e));
  });
  // Keep draining the pipes: a full pipe would block Azurite's logging and then its requests.
  child.stdout!.on('data', () => undefined);
  child.stderr!.on('data', () => undefined);
  return { child, port };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  // Azurite closes its servers on SIGTERM; if it hangs, it is killed outright.
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function startAzurite(options: StartAzuriteOptions = {}): Promise<AzuriteHandle> {
  // Scratch working directory for the emulator, removed on close.
  const location = await mkdtemp(join(tmpdir(), 'azurite-'));
  const started: Service[] = [];
  const closeAll = async () => {
    await Promise.all(started.map((s) => stop(s.child)));
    await rm(location, { recursive: true, force: true });
  };
  // A test run that is killed must not leave Azurite behind.
  const onParentExit = () => started.forEach((s) => s.child.exitCode === null && s.child.kill('SIGKILL'));
  process.once('exit', onParentExit);
  try {
    started.push(await startService('blob', location, options));
    started.push(await startService('queue', location, options));
  } catch (error) {
    process.off('exit', onParentExit);
    await closeAll();
    throw error;
  }
  const [blob, queue] = started as [Service, Service];
  const blobUrl = `http://127.0.0.1:${blob.port}/${AZURITE_ACCOUNT}`;
  let closing: Promise<void> | undefined;
  return {
    blobPort: blob.port,
    queuePort: queue.port,
    blobUrl,
    pids: started.map((s) => s.child.pid ?? -1),
    connectionString:
      [
        'DefaultEndpointsProtocol=http',
        `AccountName=${AZURITE_ACCOUNT}`,
        `AccountKey=${AZURITE_KEY}`,
        `BlobEndpoint=${blobUrl}`,
        `QueueEndpoint=http://127.0.0.1:${queue.port}/${AZURITE_ACCOUNT}`,
      ].join(';') + ';',
    close: () => {
      closing ??= closeAll().finally(() => process.off('exit', onParentExit));
      return closing;
    },
  };
}
