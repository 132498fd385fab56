// Starts the SQL Server emulator: a TCP server speaking TDS 7.4 over two seeded PGlite databases.
import net from 'node:net';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
import { DATABASES, EmulatedDatabase, seedDeals, seedEntries, type DatabaseName } from './databases.js';
import { Faults } from './faults.js';
import { Session, type SessionContext } from './session.js';
import { selfSignedCertificate } from './tls-handshake.js';

export interface SqlEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  user?: string;
  password?: string;
  /** Offer TLS to clients that ask for encryption (default true). */
  tls?: boolean;
  /** When set, tokens must be HS256 JWTs signed with this secret; otherwise unsigned tokens pass. */
  tokenSecret?: string;
  deals?: Iterable<DealLineRow>;
  entries?: Iterable<EntryRow>;
  log?: (line: string) => void;
}

export interface SqlEmulator {
  host: string;
  port: number;
  user: string;
  password: string;
  connectionStrings: Record<DatabaseName, string>;
  /** App settings (environment names) that point the service's SQL sources at this emulator. */
  appSettings: Record<string, string>;
  faults: Faults;
  databases: Record<DatabaseName, EmulatedDatabase>;
  stats: { logins: number; queries: number; rowsSent: number };
  seeded: { deals: number; entries: number };
  close(): Promise<void>;
}

export const DEFAULT_USER = 'recon';
/** A fixed local-only password: the emulator holds demo data and listens on localhost. */
export const DEFAULT_PASSWORD = 'Emulator-Passw0rd!';

export async function startSqlEmulator(options: SqlEmulatorOptions = {}): Promise<SqlEmulator> {
  const host = options.host ?? '127.0.0.1';
  const user = options.user ?? DEFAULT_USER;
  const password = options.password ?? DEFAULT_PASSWORD;
  const tls = options.tls ?? true;
  // Read here, not in a closure: a closure over `options` would keep the seed rows alive as long as the server.
  const requestedPort = options.port ?? 0;
  if (tls) selfSignedCertificate();
  const [analytics, accounting] = await Promise.all(DATABASES.map((d) => EmulatedDatabase.create(d)));
  const databases = { Analytics: analytics!, Accounting: accounting! };
  const seeded = {
    deals: options.deals ? await seedDeals(databases.Analytics, options.deals) : 0,
    entries: options.entries ? await seedEntries(databases.Accounting, options.entries) : 0,
  };
  const faults = new Faults();
  const stats = { logins: 0, queries: 0, rowsSent: 0 };
  const ctx: SessionContext = {
    databases,
    faults,
    user,
    password,
    tls,
    tokenSecret: options.tokenSecret,
    stats,
    log: options.log ?? (() => undefined),
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    void new Session(socket, ctx).run();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const connectionStrings = Object.fromEntries(
    DATABASES.map((d) => [
      d,
      `Server=${host},${port};Database=${d};User Id=${user};Password=${password};Encrypt=${tls};TrustServerCertificate=true`,
    ]),
  ) as Record<DatabaseName, string>;
  // Clients are pointed at "localhost" rather than 127.0.0.1: TLS clients send the server name as SNI,
  // and Node warns (DEP0123) when that is an IP address.
  const serverName = host === '127.0.0.1' ? 'localhost' : host;
  const appSettings: Record<string, string> = {
    ANALYTICS_SQL_SERVER: serverName,
    ANALYTICS_SQL_PORT: String(port),
    ANALYTICS_SQL_DATABASE: 'Analytics',
    ACCOUNTING_SQL_SERVER: serverName,
    ACCOUNTING_SQL_PORT: String(port),
    ACCOUNTING_SQL_DATABASE: 'Accounting',
    SQL_AUTHENTICATION: 'sql-login',
    SQL_USER: user,
    SQL_PASSWORD: password,
    SQL_ENCRYPT: String(tls),
    SQL_TRUST_SERVER_CERTIFICATE: 'true',
  };
  return {
    host,
    port,
    user,
    password,
    connectionStrings,
    appSettings,
    faults,
    databases,
    stats,
    seeded,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(Object.values(databases).map((d) => d.close()));
    },
  };
}
