// One client connection: PRELOGIN (+TLS), LOGIN7 (SQL login or FEDAUTH), then SQL batches, RPCs and ATTENTION.
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { checkAccessToken } from './access-token.js';
import { DATABASES, type DatabaseName, type EmulatedDatabase } from './databases.js';
import { injectedError, type Faults } from './faults.js';
import {
  Encrypt,
  parseFedAuthToken,
  parseLogin7,
  parsePrelogin,
  preloginResponse,
  type Login7,
} from './login-packets.js';
import { MessageReader, MessageWriter, PacketType, sendMessage, type TdsMessage } from './tds-packets.js';
import * as tok from './tds-tokens.js';
import { CATALOG } from './catalog.js';
import { describeResultSet } from './describe-result-set.js';
import { parseTypeName, type SqlType } from './sql-types.js';
import { readParamValue, rowToken, colMetadata, type Column } from './tds-types.js';
import { TlsHandshake } from './tls-handshake.js';
import type { Select, Stmt } from './tsql-ast.js';
import { outsideSubset, TsqlError } from './tsql-error.js';
import { parseBatch, parseParamDeclarations } from './tsql-parser.js';
import { Translator, type TranslateOptions } from './tsql-to-pg.js';

export interface SessionContext {
  databases: Record<DatabaseName, EmulatedDatabase>;
  faults: Faults;
  user: string;
  password: string;
  tls: boolean;
  tokenSecret: string | undefined;
  stats: { logins: number; queries: number; rowsSent: number };
  log: (line: string) => void;
}

const STS_URL = 'https://login.microsoftonline.com/common/';
const SPN = 'https://database.windows.net/';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Session {
  private readonly reader: MessageReader;
  private out: Writable;
  private packetSize = 4096;
  private database: DatabaseName = 'Analytics';
  private userName = '';
  private attention = false;
  private busy = false;
  private closed = false;
  private attentionAcked = false;
  private tranCount = 0;
  private transactionId = 0;
  private implicitTransactions = false;
  private lastRowCount = 0;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: SessionContext,
  ) {
    this.out = socket;
    this.reader = new MessageReader(() => this.onAttention());
    socket.on('data', this.fromSocket);
    socket.on('close', () => {
      this.closed = true;
      this.reader.end();
    });
    socket.on('error', () => undefined);
  }

  private readonly fromSocket = (chunk: Buffer): void => this.reader.push(chunk);
  private readonly output = (): Writable => this.out;

  private onAttention(): void {
    this.attention = true;
    // Idle: acknowledge at once. Busy: the running statement stops and acknowledges.
    if (!this.busy)
      void this.send(tok.done(tok.TokenType.DONE, tok.DoneStatus.ATTN, 0)).then(
        () => (this.attention = false),
      );
  }

  private send(payload: Buffer, type: number = PacketType.TABULAR_RESULT): Promise<void> {
    return sendMessage(this.output, type, this.packetSize, payload);
  }

  async run(): Promise<void> {
    try {
      let m = await this.reader.next();
      if (m?.type === PacketType.PRELOGIN) {
        m = await this.prelogin(m);
      }
      if (!m || m.type !== PacketType.LOGIN7) return this.close();
      if (!(await this.login(parseLogin7(m.payload)))) return this.close();
      for (;;) {
        const next = await this.reader.next();
        if (!next) return;
        this.busy = true;
        this.attentionAcked = false;
        try {
          if (next.type === PacketType.SQL_BATCH) await this.batch(next.payload);
          else if (next.type === PacketType.RPC) await this.rpc(next.payload);
          else if (next.type === PacketType.TRANSACTION_MANAGER) await this.transactionManager(next.payload);
          else
            await this.send(
              Buffer.concat([
                tok.errorToken({
                  number: 40000,
                  class: 16,
                  state: 1,
                  message: `Unsupported TDS message type ${next.type}.`,
                }),
                tok.done(tok.TokenType.DONE, tok.DoneStatus.ERROR, 0),
              ]),
            );
        } finally {
          this.busy = false;
          this.attention = false;
        }
      }
    } catch (error) {
      this.ctx.log(`session error: ${(error as Error).message}`);
      this.close();
    }
  }

  private close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private async prelogin(m: TdsMessage): Promise<TdsMessage | undefined> {
    const req = parsePrelogin(m.payload);
    const wantsTls = req.encryption === Encrypt.ON || req.encryption === Encrypt.REQ;
    const useTls = wantsTls && this.ctx.tls;
    await this.send(preloginResponse(useTls ? Encrypt.ON : Encrypt.NOT_SUP, req.fedAuthRequired));
    if (!useTls) return this.reader.next();
    const tls = new TlsHandshake();
    for (;;) {
      const msg = await this.reader.next();
      if (!msg) return undefined;
      if (msg.type !== PacketType.PRELOGIN) throw new Error('expected a TLS handshake inside PRELOGIN');
      const answer = await tls.feed(msg.payload);
      await this.send(answer, PacketType.PRELOGIN);
      if (tls.secure) break;
    }
    // From here TLS records travel bare on the socket, and TDS packets travel inside TLS.
    this.socket.off('data', this.fromSocket);
    this.socket.on('data', (d: Buffer) => tls.encrypted.write(d));
    tls.switchToRaw((b) => this.socket.write(b));
    tls.cleartext.on('data', (d: Buffer) => this.reader.push(d));
    this.out = tls.cleartext;
    return this.reader.next();
  }

  private async loginFailed(message: tok.ServerMessage): Promise<false> {
    this.ctx.log(`login failed: ${message.number} ${message.message}`);
    await this.send(
      Buffer.concat([tok.errorToken(message), tok.done(tok.TokenType.DONE, tok.DoneStatus.ERROR, 0)]),
    );
    return false;
  }

  private async login(login: Login7): Promise<boolean> {
    this.packetSize = Math.min(Math.max(login.packetSize || 4096, 512), 32767);
    const wanted = login.database || 'Analytics';
    const db = DATABASES.find((d) => d.toLowerCase() === wanted.toLowerCase());
    this.userName = login.fedAuth ? '<token-identified principal>' : login.userName;
    this.ctx.stats.logins++;
    for (const f of this.ctx.faults.take('login', wanted)) {
      if (f.delayMs) await sleep(f.delayMs);
      if (f.error) return this.loginFailed(injectedError(f.error, wanted, this.userName));
    }
    if (!db)
      return this.loginFailed({
        number: 4060,
        class: 11,
        state: 1,
        message: `Cannot open database "${wanted}" requested by the login. The login failed.`,
      });
    this.database = db;
    const tokenFailure = (reason: string): tok.ServerMessage => ({
      number: 18456,
      class: 14,
      state: 1,
      message: `Login failed for user '<token-identified principal>'. ${reason[0]!.toUpperCase()}${reason.slice(1)}.`,
    });
    let ackFedAuth = false;
    if (login.fedAuth?.library === 'securitytoken') {
      const check = checkAccessToken(login.fedAuth.token, { hmacSecret: this.ctx.tokenSecret });
      if (!check.ok) return this.loginFailed(tokenFailure(check.reason));
      this.userName = check.principal;
      ackFedAuth = true;
    } else if (login.fedAuth?.library === 'msal') {
      await this.send(tok.fedAuthInfo(STS_URL, SPN));
      const m = await this.reader.next();
      if (!m || m.type !== PacketType.FEDAUTH_TOKEN) return false;
      const check = checkAccessToken(parseFedAuthToken(m.payload), { hmacSecret: this.ctx.tokenSecret });
      if (!check.ok) return this.loginFailed(tokenFailure(check.reason));
      this.userName = check.principal;
    } else if (
      login.userName.toLowerCase() !== this.ctx.user.toLowerCase() ||
      login.password !== this.ctx.password
    ) {
      return this.loginFailed({
        number: 18456,
        class: 14,
        state: 1,
        message: `Login failed for user '${login.userName}'.`,
      });
    }
    this.ctx.log(`login ok: ${this.userName} on ${db}${login.readOnlyIntent ? ' (read-only intent)' : ''}`);
    await this.send(
      Buffer.concat([
        tok.envChangeText(1, db, 'master'),
        tok.infoToken({ number: 5701, class: 0, state: 2, message: `Changed database context to '${db}'.` }),
        tok.envChangeCollation(),
        tok.envChangeText(2, 'us_english', ''),
        tok.infoToken({
          number: 5703,
          class: 0,
          state: 1,
          message: 'Changed language setting to us_english.',
        }),
        tok.loginAck(),
        tok.envChangeText(4, String(this.packetSize), '4096'),
        ackFedAuth ? tok.featureExtAckFedAuth() : Buffer.alloc(0),
        tok.done(tok.TokenType.DONE, tok.DoneStatus.FINAL, 0, 0),
      ]),
    );
    return true;
  }

  private async batch(payload: Buffer): Promise<void> {
    const text = payload.toString('ucs2', skipAllHeaders(payload));
    const w = new MessageWriter(this.output, PacketType.TABULAR_RESULT, this.packetSize);
    await this.runText(w, text, new Map(), new Map(), tok.TokenType.DONE, false);
    await w.end();
  }

  /** Parses and runs a batch's statements; false when one failed (the rest is skipped, as SQL Server does on most errors). */
  private async runText(
    w: MessageWriter,
    text: string,
    types: Map<string, SqlType>,
    values: Map<string, unknown>,
    doneType: number,
    inProc: boolean,
  ): Promise<boolean> {
    let statements: Stmt[];
    try {
      statements = parseBatch(text);
    } catch (error) {
      // A batch that does not parse counts as a query that failed (driver SET batches do not count).
      this.ctx.stats.queries++;
      return this.fail(w, error, doneType);
    }
    if (statements.length === 0) {
      if (!inProc) w.append(tok.done(doneType, 0, 0, 0));
      return true;
    }
    for (let i = 0; i < statements.length; i++) {
      const more = inProc || i < statements.length - 1 ? tok.DoneStatus.MORE : 0;
      const ok = await this.statement(w, statements[i]!, types, values, doneType, more);
      if (!ok) return false;
    }
    return true;
  }

  private translateOptions(types: Map<string, SqlType>): TranslateOptions {
    const n = (v: number): { sql: string; type: SqlType } => ({ sql: String(v), type: { base: 'int' } });
    const s = (v: string, len = 128): { sql: string; type: SqlType } => ({
      sql: `'${v.replace(/'/g, "''")}'::varchar`,
      type: { base: 'nvarchar', len },
    });
    return {
      database: this.database,
      tables: CATALOG[this.database],
      otherDatabases: DATABASES.filter((d) => d !== this.database),
      params: types,
      user: this.userName,
      sysvars: {
        '@@trancount': n(this.tranCount),
        '@@version': s('Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) (TDS emulator on PGlite)', 300),
        '@@spid': { sql: '51', type: { base: 'smallint' } },
        '@@servername': s('sql-emulator'),
        '@@servicename': s('MSSQLSERVER'),
        '@@rowcount': n(this.lastRowCount),
        '@@error': n(0),
        '@@language': s('us_english'),
        '@@datefirst': { sql: '7', type: { base: 'tinyint' } },
        '@@max_precision': { sql: '38', type: { base: 'tinyint' } },
        '@@textsize': n(2147483647),
        '@@options': n(5176),
        '@@nestlevel': n(0),
        '@@lock_timeout': n(-1),
        '@@identity': { sql: 'CAST(NULL AS numeric(38,0))', type: { base: 'decimal', len: 38, scale: 0 } },
      },
    };
  }

  private async transactionChange(w: MessageWriter, kind: 'begin' | 'commit' | 'rollback'): Promise<void> {
    w.append(tok.envChangeTransaction(kind, this.transactionId));
  }

  /** Runs one statement; false when it failed or was cancelled (the rest of the batch is skipped). */
  private async statement(
    w: MessageWriter,
    stmt: Stmt,
    types: Map<string, SqlType>,
    values: Map<string, unknown>,
    doneType: number,
    more: number,
  ): Promise<boolean> {
    const doneOk = (): true => {
      w.append(tok.done(doneType, more, 0, 0xc1));
      return true;
    };
    try {
      switch (stmt.k) {
        case 'empty':
          return doneOk();
        case 'set':
          this.setOption(stmt.option, stmt.value);
          return doneOk();
        case 'use': {
          const db = DATABASES.find((d) => d.toLowerCase() === stmt.db.toLowerCase());
          if (!db)
            throw new TsqlError(
              911,
              `Database '${stmt.db}' does not exist. Make sure that the name is entered correctly.`,
              16,
              1,
            );
          const old = this.database;
          this.database = db;
          w.append(tok.envChangeText(1, db, old));
          w.append(
            tok.infoToken({
              number: 5701,
              class: 0,
              state: 1,
              message: `Changed database context to '${db}'.`,
            }),
          );
          return doneOk();
        }
        case 'begin':
          if (this.tranCount++ === 0) {
            this.transactionId++;
            await this.transactionChange(w, 'begin');
          }
          return doneOk();
        case 'commit':
          if (this.tranCount === 0)
            throw new TsqlError(
              3902,
              'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.',
              16,
              1,
            );
          if (--this.tranCount === 0) await this.transactionChange(w, 'commit');
          return doneOk();
        case 'rollback':
          if (this.tranCount === 0)
            throw new TsqlError(
              3903,
              'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.',
              16,
              1,
            );
          this.tranCount = 0;
          await this.transactionChange(w, 'rollback');
          return doneOk();
        case 'if': {
          const tr = new Translator(this.translateOptions(types));
          const c = tr.condition(stmt.cond);
          const v = await this.ctx.databases[this.database].scalar(
            c.text,
            c.params.map((p) => pgValue(values.get(p))),
          );
          const branch = Number(v) === 1 ? stmt.then : stmt.else;
          return branch ? this.statement(w, branch, types, values, doneType, more) : doneOk();
        }
        case 'exec':
          return await this.exec(w, stmt, types, values, doneType, more);
        case 'select':
          return await this.select(w, stmt.q, types, values, doneType, more);
      }
    } catch (error) {
      return this.fail(w, error, doneType);
    }
  }

  private setOption(option: string, value: string): void {
    const o = option.toLowerCase();
    const v = value.toLowerCase();
    if (o === 'implicit_transactions') {
      this.implicitTransactions = v === 'on';
      return;
    }
    if (SET_OPTIONS_ACCEPTED.has(o)) return;
    if (o === 'rowcount' && (v === '0' || v === '')) return;
    if (o === 'language' && (v === 'us_english' || v === 'english')) return;
    if (o === 'dateformat' && v === 'mdy') return;
    if (o === 'datefirst' && v === '7') return;
    if ((o === 'fmtonly' || o === 'parseonly' || o === 'noexec') && v === 'off') return;
    if (['rowcount', 'language', 'dateformat', 'datefirst', 'fmtonly', 'parseonly', 'noexec'].includes(o))
      throw outsideSubset(`SET ${option.toUpperCase()} ${value.toUpperCase()}`);
    throw new TsqlError(195, `'${option}' is not a recognized SET option.`, 15, 1);
  }

  private async exec(
    w: MessageWriter,
    stmt: Stmt & { k: 'exec' },
    types: Map<string, SqlType>,
    values: Map<string, unknown>,
    doneType: number,
    more: number,
  ): Promise<boolean> {
    const proc = stmt.proc.toLowerCase();
    const arg = (name: string, position: number): string | undefined => {
      const a = stmt.args.find((x) => x.name === name) ?? stmt.args.filter((x) => !x.name)[position];
      if (!a) return undefined;
      if (a.e.k === 'str') return a.e.v;
      if (a.e.k === 'var') {
        const v = values.get(a.e.name.toLowerCase());
        if (!types.has(a.e.name.toLowerCase()))
          throw new TsqlError(137, `Must declare the scalar variable "${a.e.name}".`, 15, 2);
        return v === null || v === undefined ? undefined : String(v);
      }
      if (a.e.k === 'null') return undefined;
      throw new TsqlError(214, `Procedure expects parameter '${name}' of type 'nvarchar(max)'.`, 16, 1);
    };
    if (proc === 'sp_describe_first_result_set') {
      const ok = await this.describeFirstResultSet(w, arg('@tsql', 0), arg('@params', 1), doneType);
      if (ok) w.append(tok.done(doneType, more, 0, 0xc1));
      return ok;
    }
    if (proc === 'sp_executesql') {
      const text = arg('@stmt', 0) ?? '';
      const decl = arg('@params', 1);
      const inner = decl ? paramTypes(decl) : new Map<string, SqlType>();
      const innerValues = new Map<string, unknown>();
      for (const a of stmt.args.slice(2)) {
        if (!a.name) continue;
        innerValues.set(
          a.name,
          a.e.k === 'str'
            ? a.e.v
            : a.e.k === 'num'
              ? a.e.v
              : a.e.k === 'var'
                ? values.get(a.e.name.toLowerCase())
                : null,
        );
      }
      return this.runText(w, text, inner, innerValues, doneType, true);
    }
    throw new TsqlError(2812, `Could not find stored procedure '${stmt.proc}'.`, 16, 62);
  }

  private async select(
    w: MessageWriter,
    q: Select,
    types: Map<string, SqlType>,
    values: Map<string, unknown>,
    doneType: number,
    more: number,
  ): Promise<boolean> {
    this.ctx.stats.queries++;
    let dropAfter: number | undefined;
    for (const f of this.ctx.faults.take('query', this.database)) {
      if (f.delayMs) await sleep(f.delayMs);
      if (f.error) return this.fault(w, injectedError(f.error, this.database, this.userName), doneType);
      if (f.dropAfterRows !== undefined) dropAfter = f.dropAfterRows;
    }
    if (this.attention) return this.cancelled(w);
    const translation = new Translator(this.translateOptions(types)).translate(q);
    if (this.implicitTransactions && this.tranCount === 0 && /\bFROM\b/.test(translation.text)) {
      this.tranCount = 1;
      this.transactionId++;
      await this.transactionChange(w, 'begin');
    }
    const columns: Column[] = translation.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
    }));
    let count = 0;
    try {
      await this.ctx.databases[this.database].stream(
        translation.text,
        translation.params.map((p) => pgValue(values.get(p))),
        async () => {
          w.append(colMetadata(columns));
        },
        async (rows) => {
          for (const row of rows) {
            if (dropAfter !== undefined && count >= dropAfter) {
              // A connection lost mid-result: exactly dropAfter rows reach the client, then the socket is cut.
              await w.flushAll();
              this.ctx.log(`fault: dropping the connection after ${count} rows`);
              this.closed = true;
              setTimeout(() => this.socket.destroy(), 50);
              return false;
            }
            w.append(rowToken(columns, row));
            count++;
          }
          this.ctx.stats.rowsSent += rows.length;
          await w.flushFull();
          return !this.attention && !this.closed;
        },
      );
    } catch (error) {
      return this.fail(w, error, doneType);
    }
    if (this.closed) return false;
    if (this.attention) return this.cancelled(w);
    this.lastRowCount = count;
    w.append(tok.done(doneType, tok.DoneStatus.COUNT | more, count, 0xc1));
    return true;
  }

  private async describeFirstResultSet(
    w: MessageWriter,
    tsql: string | undefined,
    params: string | undefined,
    doneType: number,
  ): Promise<boolean> {
    try {
      const types = params ? paramTypes(params) : new Map<string, SqlType>();
      const statements = parseBatch(tsql ?? '');
      const first = statements.find((x): x is Stmt & { k: 'select' } => x.k === 'select');
      const columns = first ? new Translator(this.translateOptions(types)).translate(first.q) : undefined;
      if (first && columns) {
        // Compile it too, so that what PostgreSQL refuses is refused here, not at run time.
        await this.ctx.databases[this.database].scalar(
          `SELECT 1 FROM (${columns.text}) q LIMIT 0`,
          columns.params.map(() => null),
        );
      }
      w.append(describeResultSet(columns?.columns ?? [], this.database));
      return true;
    } catch (error) {
      this.fail(w, error, doneType, false);
      return this.fail(
        w,
        new TsqlError(11501, 'The batch could not be analyzed because of compile errors.', 16, 1),
        doneType,
      );
    }
  }

  private cancelled(w: MessageWriter): false {
    // The DONE(ATTN) acknowledgement ends the response: nothing may follow it.
    w.append(tok.done(tok.TokenType.DONE, tok.DoneStatus.ATTN, 0));
    this.attention = false;
    this.attentionAcked = true;
    return false;
  }

  /** An injected fault: Azure's connection-ending errors (severity 20 and up) also close the connection. */
  private fault(w: MessageWriter, m: tok.ServerMessage, doneType: number): false {
    this.fail(w, m, doneType);
    if (m.class >= 20) this.closeAfterSend(w);
    return false;
  }

  private closeAfterSend(w: MessageWriter): void {
    this.closed = true;
    void w.end().then(() => setTimeout(() => this.socket.destroy(), 20));
  }

  private fail(w: MessageWriter, error: unknown, doneType: number, done = true): false {
    const m: tok.ServerMessage =
      error instanceof TsqlError
        ? error.toServerMessage()
        : typeof error === 'object' && error !== null && 'number' in error && 'class' in error
          ? (error as tok.ServerMessage)
          : { number: 50000, class: 16, state: 1, message: `Emulator error: ${(error as Error).message}` };
    this.ctx.log(`query error: ${m.number} ${m.message}`);
    w.append(tok.errorToken(m));
    if (done) w.append(tok.done(doneType, tok.DoneStatus.ERROR, 0, 0xc1));
    return false;
  }

  private async rpc(payload: Buffer): Promise<void> {
    const w = new MessageWriter(this.output, PacketType.TABULAR_RESULT, this.packetSize);
    let offset = skipAllHeaders(payload);
    const nameLen = payload.readUInt16LE(offset);
    offset += 2;
    let proc: string;
    if (nameLen === 0xffff) {
      const id = payload.readUInt16LE(offset);
      offset += 2;
      proc = id === 10 ? 'sp_executesql' : `procedure id ${id}`;
    } else {
      proc = payload.toString('ucs2', offset, offset + nameLen * 2);
      offset += nameLen * 2;
    }
    offset += 2; // option flags
    const params: { name: string; value: unknown }[] = [];
    try {
      while (offset < payload.length && payload[offset] !== 0xff && payload[offset] !== 0x80) {
        const len = payload[offset++]!;
        const name = payload.toString('ucs2', offset, offset + len * 2);
        offset += len * 2 + 1; // status flags
        const r = readParamValue(payload, offset);
        offset = r.offset;
        params.push({ name: name.toLowerCase(), value: r.value });
      }
    } catch (error) {
      this.fail(
        w,
        new TsqlError(
          8016,
          `The incoming tabular data stream (TDS) remote procedure call (RPC) protocol stream is incorrect. ${(error as Error).message}`,
          16,
          1,
        ),
        tok.TokenType.DONEPROC,
      );
      return w.end();
    }
    const name = proc.toLowerCase().replace(/^(\[?sys\]?\.|\[?dbo\]?\.)/, '');
    let ok: boolean;
    if (name === 'sp_executesql') {
      const [stmt, decl, ...named] = params;
      let types: Map<string, SqlType>;
      try {
        types = decl?.value ? paramTypes(String(decl.value)) : new Map();
      } catch (error) {
        this.fail(w, error, tok.TokenType.DONEINPROC);
        return this.endProc(w, false);
      }
      const values = new Map(
        named.map((p) => [p.name.startsWith('@') ? p.name : `@${p.name}`, p.value] as const),
      );
      ok = await this.runText(w, String(stmt?.value ?? ''), types, values, tok.TokenType.DONEINPROC, true);
    } else if (name === 'sp_describe_first_result_set') {
      const byName = (n: string, i: number): string | undefined => {
        const p =
          params.find((x) => x.name === n) ??
          (params[i] && !params[i]!.name.startsWith('@') ? params[i] : undefined) ??
          params[i];
        return p?.value === null || p?.value === undefined ? undefined : String(p.value);
      };
      ok = await this.describeFirstResultSet(
        w,
        byName('@tsql', 0),
        byName('@params', 1),
        tok.TokenType.DONEINPROC,
      );
      if (ok)
        w.append(tok.done(tok.TokenType.DONEINPROC, tok.DoneStatus.MORE | tok.DoneStatus.COUNT, 0, 0xc1));
    } else {
      this.fail(
        w,
        new TsqlError(2812, `Could not find stored procedure '${proc}'.`, 16, 62),
        tok.TokenType.DONEPROC,
      );
      return w.end();
    }
    if (this.closed) return;
    return this.endProc(w, ok);
  }

  private async endProc(w: MessageWriter, ok: boolean): Promise<void> {
    if (ok) {
      w.append(tok.returnStatus(0));
      w.append(tok.done(tok.TokenType.DONEPROC, tok.DoneStatus.FINAL, 0, 0xe0));
    } else if (!this.attentionAcked) {
      w.append(tok.returnStatus(0));
      w.append(tok.done(tok.TokenType.DONEPROC, tok.DoneStatus.ERROR, 0, 0xe0));
    }
    await w.end();
  }

  /** TRANSACTION_MANAGER requests (tedious' beginTransaction / commitTransaction / rollbackTransaction). */
  private async transactionManager(payload: Buffer): Promise<void> {
    const w = new MessageWriter(this.output, PacketType.TABULAR_RESULT, this.packetSize);
    const offset = skipAllHeaders(payload);
    const request = payload.readUInt16LE(offset);
    const kind = request === 5 ? 'begin' : request === 7 ? 'commit' : request === 8 ? 'rollback' : undefined;
    if (kind === 'begin')
      await this.statement(w, { k: 'begin' }, new Map(), new Map(), tok.TokenType.DONE, 0);
    else if (kind) {
      // A commit or rollback through the transaction manager ends the whole transaction.
      if (this.tranCount > 0) this.tranCount = 1;
      await this.statement(w, { k: kind }, new Map(), new Map(), tok.TokenType.DONE, 0);
    } else this.fail(w, outsideSubset(`transaction manager request ${request}`), tok.TokenType.DONE);
    await w.end();
  }
}

/** sp_executesql's @params declaration as types by name. */
function paramTypes(declaration: string): Map<string, SqlType> {
  return new Map(
    parseParamDeclarations(declaration).map(
      (p) => [p.name, parseTypeName(p.type.name, p.type.args, 1)] as const,
    ),
  );
}

/** A decoded RPC value as PGlite takes it (bit parameters are 0/1 here). */
function pgValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v ?? null;
}

const SET_OPTIONS_ACCEPTED = new Set([
  'nocount',
  'ansi_nulls',
  'ansi_padding',
  'ansi_warnings',
  'ansi_null_dflt_on',
  'ansi_null_dflt_off',
  'ansi_defaults',
  'quoted_identifier',
  'arithabort',
  'arithignore',
  'numeric_roundabort',
  'concat_null_yields_null',
  'cursor_close_on_commit',
  'textsize',
  'transaction',
  'lock_timeout',
  'deadlock_priority',
  'xact_abort',
  'statistics',
  'context_info',
  'query_governor_cost_limit',
  'forceplan',
  'fips_flagger',
  'remote_proc_transactions',
  'showplan_text',
  'showplan_all',
  'showplan_xml',
]);

/** Skips the ALL_HEADERS block that TDS 7.2+ clients put before batch text and RPC calls. */
function skipAllHeaders(payload: Buffer): number {
  if (payload.length < 4) return 0;
  const total = payload.readUInt32LE(0);
  return total >= 4 && total <= payload.length && payload.readUInt32LE(4) <= total ? total : 0;
}
