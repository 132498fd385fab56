// Builders for the response tokens of the TDS tabular stream (LOGINACK, ENVCHANGE, ERROR, DONE, ...).

export const TokenType = {
  RETURNSTATUS: 0x79,
  COLMETADATA: 0x81,
  ERROR: 0xaa,
  INFO: 0xab,
  LOGINACK: 0xad,
  FEATUREEXTACK: 0xae,
  ROW: 0xd1,
  NBCROW: 0xd2,
  ENVCHANGE: 0xe3,
  FEDAUTHINFO: 0xee,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
} as const;

export const DoneStatus = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, ATTN: 0x20 } as const;

export const SERVER_NAME = 'sql-emulator';
/** Latin1_General_CI_AS, the usual default collation. */
export const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

export function bVarChar(s: string): Buffer {
  const text = Buffer.from(s, 'ucs2');
  return Buffer.concat([Buffer.from([s.length]), text]);
}

export function usVarChar(s: string): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16LE(s.length);
  return Buffer.concat([len, Buffer.from(s, 'ucs2')]);
}

function withLength16(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head[0] = type;
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

export function envChangeText(kind: number, newValue: string, oldValue: string): Buffer {
  return withLength16(
    TokenType.ENVCHANGE,
    Buffer.concat([Buffer.from([kind]), bVarChar(newValue), bVarChar(oldValue)]),
  );
}

/** ENVCHANGE 8/9/10: a transaction began, was committed or rolled back (8-byte descriptor). */
export function envChangeTransaction(kind: 'begin' | 'commit' | 'rollback', id: number): Buffer {
  const descriptor = Buffer.alloc(9);
  descriptor[0] = 8;
  descriptor.writeBigUInt64LE(BigInt(id), 1);
  const type = kind === 'begin' ? 8 : kind === 'commit' ? 9 : 10;
  const empty = Buffer.from([0]);
  return withLength16(
    TokenType.ENVCHANGE,
    Buffer.concat([
      Buffer.from([type]),
      kind === 'begin' ? descriptor : empty,
      kind === 'begin' ? empty : descriptor,
    ]),
  );
}

export function envChangeCollation(): Buffer {
  return withLength16(
    TokenType.ENVCHANGE,
    Buffer.concat([Buffer.from([7, COLLATION.length]), COLLATION, Buffer.from([0])]),
  );
}

export interface ServerMessage {
  number: number;
  state: number;
  class: number;
  message: string;
}

function message(type: number, m: ServerMessage): Buffer {
  const head = Buffer.alloc(6);
  head.writeInt32LE(m.number, 0);
  head[4] = m.state;
  head[5] = m.class;
  const line = Buffer.alloc(4);
  line.writeInt32LE(1);
  return withLength16(
    type,
    Buffer.concat([head, usVarChar(m.message), bVarChar(SERVER_NAME), bVarChar(''), line]),
  );
}

export const errorToken = (m: ServerMessage): Buffer => message(TokenType.ERROR, m);
export const infoToken = (m: ServerMessage): Buffer => message(TokenType.INFO, m);

export function loginAck(): Buffer {
  const body = Buffer.concat([
    Buffer.from([1]), // SQL_TSQL interface
    Buffer.from([0x74, 0x00, 0x00, 0x04]), // TDS 7.4
    bVarChar('Microsoft SQL Server'),
    Buffer.from([16, 0, 0x03, 0xe8]), // 16.0.1000
  ]);
  return withLength16(TokenType.LOGINACK, body);
}

export function featureExtAckFedAuth(): Buffer {
  const b = Buffer.alloc(7);
  b[0] = TokenType.FEATUREEXTACK;
  b[1] = 0x02; // FEDAUTH, no data for the security-token library
  b.writeUInt32LE(0, 2);
  b[6] = 0xff;
  return b;
}

export function fedAuthInfo(stsUrl: string, spn: string): Buffer {
  const sts = Buffer.from(stsUrl, 'ucs2');
  const sp = Buffer.from(spn, 'ucs2');
  const headerLen = 4 + 2 * 9;
  const info = Buffer.alloc(headerLen);
  info.writeUInt32LE(2, 0);
  info[4] = 0x01;
  info.writeUInt32LE(sts.length, 5);
  info.writeUInt32LE(headerLen, 9);
  info[13] = 0x02;
  info.writeUInt32LE(sp.length, 14);
  info.writeUInt32LE(headerLen + sts.length, 18);
  const data = Buffer.concat([info, sts, sp]);
  const head = Buffer.alloc(5);
  head[0] = TokenType.FEDAUTHINFO;
  head.writeUInt32LE(data.length, 1);
  return Buffer.concat([head, data]);
}

export function done(type: number, status: number, count: number, curCmd = 0xc1): Buffer {
  const b = Buffer.alloc(13);
  b[0] = type;
  b.writeUInt16LE(status, 1);
  b.writeUInt16LE(curCmd, 3);
  b.writeBigUInt64LE(BigInt(count), 5);
  return b;
}

export function returnStatus(value: number): Buffer {
  const b = Buffer.alloc(5);
  b[0] = TokenType.RETURNSTATUS;
  b.writeInt32LE(value, 1);
  return b;
}
