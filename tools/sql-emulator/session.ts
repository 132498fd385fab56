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
import { readParamValue, rowToken, colMetadata, type Column } from './tds-types.js';
import { TlsHandshake } from './tls-handshake.js';
import { splitBatch, translateSelect, TsqlError } from './tsql-translate.js';

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
    let statements: string[];
    try {
      statements = splitBatch(text);
    } catch (error) {
      this.fail(w, error, tok.TokenType.DONE);
      return w.end();
    }
    if (statements.length === 0) statements = [''];
    for (let i = 0; i < statements.length; i++) {
      const more = i < statements.length - 1 ? tok.DoneStatus.MORE : 0;
      const ok = await this.statement(w, statements[i]!, new Map(), tok.TokenType.DONE, more);
      if (!ok) break;
    }
    await w.end();
  }

  /** Runs one statement; false when it failed or was cancelled (the rest of the batch is skipped). */
  private async statement(
    w: MessageWriter,
    sql: string,
    params: Map<string, unknown>,
    doneType: number,
    more: number,
  ): Promise<boolean> {
    const first = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '';
    if (first === 'set' || first === '') {
      w.append(tok.done(doneType, more, 0, 0xc1));
      return true;
    }
    if (first === 'use') {
      const name = /^\s*use\s+\[?([^\]\s;]+)\]?/i.exec(sql)?.[1] ?? '';
      const db = DATABASES.find((d) => d.toLowerCase() === name.toLowerCase());
      if (!db)
        return this.fail(
          w,
          new TsqlError(
            911,
            `Database '${name}' does not exist. Make sure that the name is entered correctly.`,
            16,
            1,
          ),
          doneType,
        );
      const old = this.database;
      this.database = db;
      w.append(tok.envChangeText(1, db, old));
      w.append(
        tok.infoToken({ number: 5701, class: 0, state: 1, message: `Changed database context to '${db}'.` }),
      );
      w.append(tok.done(doneType, more, 0, 0xc1));
      return true;
    }
    this.ctx.stats.queries++;
    let dropAfter: number | undefined;
    for (const f of this.ctx.faults.take('query', this.database)) {
      if (f.delayMs) await sleep(f.delayMs);
      if (f.error) return this.fail(w, injectedError(f.error, this.database, this.userName), doneType);
      if (f.dropAfterRows !== undefined) dropAfter = f.dropAfterRows;
    }
    if (this.attention) return this.cancelled(w);
    let columns: Column[] = [];
    let count = 0;
    try {
      const translation = translateSelect(sql, { declared: new Set(params.keys()), database: this.database });
      const values = translation.params.map((p) => params.get(p));
      await this.ctx.databases[this.database].stream(
        translation.text,
        values,
        async (cols) => {
          columns = cols;
          w.append(colMetadata(cols));
        },
        async (rows) => {
          for (const row of rows) {
            if (dropAfter !== undefined && count >= dropAfter) {
              // Simulate a connection lost mid-result: send what is buffered, then cut the socket.
              await w.flushFull();
              this.ctx.log(`fault: dropping the connection after ${count} rows`);
              // Let the rows already written reach the client, then reset the connection.
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
    w.append(tok.done(doneType, tok.DoneStatus.COUNT | more, count, 0xc1));
    return true;
  }

  private cancelled(w: MessageWriter): false {
    // The DONE(ATTN) acknowledgement ends the response: nothing may follow it.
    w.append(tok.done(tok.TokenType.DONE, tok.DoneStatus.ATTN, 0));
    this.attention = false;
    this.attentionAcked = true;
    return false;
  }

  private fail(w: MessageWriter, error: unknown, doneType: number): false {
    const m: tok.ServerMessage =
      error instanceof TsqlError
        ? error.toServerMessage()
        : typeof error === 'object' && error !== null && 'number' in error && 'class' in error
          ? (error as tok.ServerMessage)
          : { number: 50000, class: 16, state: 1, message: `Emulator error: ${(error as Error).message}` };
    this.ctx.log(`query error: ${m.number} ${m.message}`);
    w.append(tok.errorToken(m));
    w.append(tok.done(doneType, tok.DoneStatus.ERROR, 0, 0xc1));
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
    if (proc.toLowerCase() !== 'sp_executesql') {
      this.fail(
        w,
        new TsqlError(2812, `Could not find stored procedure '${proc}'.`, 16, 62),
        tok.TokenType.DONEPROC,
      );
      return w.end();
    }
    const [stmt, , ...named] = params;
    const values = new Map(
      named.map((p) => [p.name.startsWith('@') ? p.name : `@${p.name}`, p.value] as const),
    );
    // The statement text is a batch like any other: comments, SET NOCOUNT ON;, ;WITH and USE come before the query.
    let statements: string[];
    let ok = true;
    try {
      statements = splitBatch(String(stmt?.value ?? ''));
    } catch (error) {
      statements = [];
      ok = this.fail(w, error, tok.TokenType.DONEINPROC);
    }
    for (const text of statements) {
      ok = await this.statement(w, text, values, tok.TokenType.DONEINPROC, tok.DoneStatus.MORE);
      if (!ok) break;
    }
    if (this.closed) return;
    if (ok) {
      w.append(tok.returnStatus(0));
      w.append(tok.done(tok.TokenType.DONEPROC, tok.DoneStatus.FINAL, 0, 0xe0));
    } else if (!this.attentionAcked) {
      w.append(tok.returnStatus(0));
      w.append(tok.done(tok.TokenType.DONEPROC, tok.DoneStatus.ERROR, 0, 0xe0));
    }
    await w.end();
  }
}

/** Skips the ALL_HEADERS block that TDS 7.2+ clients put before batch text and RPC calls. */
function skipAllHeaders(payload: Buffer): number {
  if (payload.length < 4) return 0;
  const total = payload.readUInt32LE(0);
  return total >= 4 && total <= payload.length && payload.readUInt32LE(4) <= total ? total : 0;
}
