// TDS data types: result column metadata and values (int, bigint, decimal, nvarchar, date, datetime2, bit, float) and RPC parameter decoding.
import { COLLATION, TokenType, bVarChar } from './tds-tokens.js';

export type ColumnKind = 'int' | 'bigint' | 'decimal' | 'nvarchar' | 'date' | 'datetime2' | 'bit' | 'float';
export interface Column {
  name: string;
  kind: ColumnKind;
  /** decimal scale (digits after the point) */
  scale: number;
}
export type CellValue = string | number | bigint | boolean | null | undefined;

const T = {
  INTN: 0x26,
  BITN: 0x68,
  FLTN: 0x6d,
  DECIMALN: 0x6a,
  NUMERICN: 0x6c,
  NVARCHAR: 0xe7,
  NCHAR: 0xef,
  VARCHAR: 0xa7,
  CHAR: 0xaf,
  DATEN: 0x28,
  TIMEN: 0x29,
  DATETIME2N: 0x2a,
  DATETIMEOFFSETN: 0x2b,
  DATETIMEN: 0x6f,
  GUID: 0x24,
  INT1: 0x30,
  INT2: 0x34,
  INT4: 0x38,
  INT8: 0x7f,
  BIT: 0x32,
  FLT8: 0x3e,
} as const;
const NVARCHAR_MAX_BYTES = 8000;
/** Days from 0001-01-01 to 1970-01-01. */
const EPOCH_OFFSET_DAYS = 719162;

/** Maps a Postgres type oid to the SQL Server type a client sees. */
export function kindOfPgType(oid: number): ColumnKind {
  switch (oid) {
    case 21:
    case 23:
      return 'int';
    case 20:
      return 'bigint';
    case 1700:
      return 'decimal';
    case 1082:
      return 'date';
    case 1114:
    case 1184:
      return 'datetime2';
    case 16:
      return 'bit';
    case 700:
    case 701:
      return 'float';
    default:
      return 'nvarchar';
  }
}

export function colMetadata(columns: Column[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(3);
  head[0] = TokenType.COLMETADATA;
  head.writeUInt16LE(columns.length, 1);
  parts.push(head);
  for (const c of columns) {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt32LE(0, 0); // user type
    fixed.writeUInt16LE(0x0001 | 0x0008, 4); // nullable, updateable unknown
    parts.push(fixed, typeInfo(c), bVarChar(c.name.slice(0, 128)));
  }
  return Buffer.concat(parts);
}

function typeInfo(c: Column): Buffer {
  switch (c.kind) {
    case 'int':
      return Buffer.from([T.INTN, 4]);
    case 'bigint':
      return Buffer.from([T.INTN, 8]);
    case 'bit':
      return Buffer.from([T.BITN, 1]);
    case 'float':
      return Buffer.from([T.FLTN, 8]);
    case 'decimal':
      return Buffer.from([T.DECIMALN, 17, 38, c.scale]);
    case 'date':
      return Buffer.from([T.DATEN]);
    case 'datetime2':
      return Buffer.from([T.DATETIME2N, 7]);
    case 'nvarchar': {
      const b = Buffer.alloc(3);
      b[0] = T.NVARCHAR;
      b.writeUInt16LE(NVARCHAR_MAX_BYTES, 1);
      return Buffer.concat([b, COLLATION]);
    }
  }
}

/** A ROW token, or an NBCROW token (null bitmap) when the row has NULLs, as SQL Server does. */
export function rowToken(columns: Column[], values: CellValue[]): Buffer {
  const hasNull = values.some((v) => v === null || v === undefined);
  const parts: Buffer[] = [];
  if (hasNull) {
    const bitmap = Buffer.alloc(Math.ceil(columns.length / 8));
    values.forEach((v, i) => {
      if (v === null || v === undefined) bitmap[i >> 3]! |= 1 << (i & 7);
    });
    parts.push(Buffer.from([TokenType.NBCROW]), bitmap);
  } else {
    parts.push(Buffer.from([TokenType.ROW]));
  }
  columns.forEach((c, i) => {
    const v = values[i];
    if (v === null || v === undefined) {
      if (!hasNull) parts.push(nullValue(c));
      return;
    }
    parts.push(encodeValue(c, v));
  });
  return Buffer.concat(parts);
}

function nullValue(c: Column): Buffer {
  return c.kind === 'nvarchar' ? Buffer.from([0xff, 0xff]) : Buffer.from([0]);
}

function encodeValue(c: Column, v: Exclude<CellValue, null | undefined>): Buffer {
  switch (c.kind) {
    case 'int': {
      const b = Buffer.alloc(5);
      b[0] = 4;
      b.writeInt32LE(Number(v), 1);
      return b;
    }
    case 'bigint': {
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeBigInt64LE(BigInt(v as string | number | bigint), 1);
      return b;
    }
    case 'bit':
      return Buffer.from([1, v === true || v === 't' || v === 1 ? 1 : 0]);
    case 'float': {
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeDoubleLE(Number(v), 1);
      return b;
    }
    case 'decimal':
      return encodeDecimal(String(v), c.scale);
    case 'date': {
      const b = Buffer.alloc(4);
      b[0] = 3;
      b.writeUIntLE(daysSinceYear1(String(v).slice(0, 10)), 1, 3);
      return b;
    }
    case 'datetime2': {
      const text = String(v);
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeUIntLE(ticksOfDay(text.slice(11)), 1, 5);
      b.writeUIntLE(daysSinceYear1(text.slice(0, 10)), 6, 3);
      return b;
    }
    case 'nvarchar': {
      let text = Buffer.from(String(v), 'ucs2');
      if (text.length > NVARCHAR_MAX_BYTES) text = text.subarray(0, NVARCHAR_MAX_BYTES);
      const len = Buffer.alloc(2);
      len.writeUInt16LE(text.length);
      return Buffer.concat([len, text]);
    }
  }
}

function daysSinceYear1(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(2000, (m ?? 1) - 1, d ?? 1));
  date.setUTCFullYear(y ?? 1);
  return Math.round(date.getTime() / 86_400_000) + EPOCH_OFFSET_DAYS;
}

/** "HH:MM:SS[.fffffff]" as 100 ns ticks since midnight. */
function ticksOfDay(time: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(time);
  if (!m) return 0;
  const frac = Number(((m[4] ?? '') + '0000000').slice(0, 7));
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 10_000_000 + frac;
}

/** Decimal text to a DECIMALN value at the column's scale, rounding half away from zero. */
export function encodeDecimal(text: string, scale: number): Buffer {
  const negative = text.startsWith('-');
  const [intPart = '0', fracPart = ''] = text.replace(/^[-+]/, '').split('.');
  let digits = BigInt(intPart + (fracPart + '0'.repeat(scale)).slice(0, scale));
  if ((fracPart[scale] ?? '0') >= '5') digits += 1n;
  const b = Buffer.alloc(18);
  b[0] = 17;
  b[1] = negative && digits !== 0n ? 0 : 1;
  b.writeBigUInt64LE(digits & 0xffffffffffffffffn, 2);
  b.writeBigUInt64LE(digits >> 64n, 10);
  return b;
}

/** Decimal scale that represents a batch of numeric texts exactly (at most 38 - 1 integer digit). */
export function scaleOf(values: Iterable<CellValue>): number {
  let scale = 0;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const dot = v.indexOf('.');
    if (dot >= 0) scale = Math.max(scale, v.length - dot - 1);
  }
  return Math.min(scale, 20);
}

// ---- RPC parameters ----

export class UnsupportedType extends Error {}

export interface DecodedParam {
  name: string;
  value: string | number | boolean | null;
}

/** Reads TYPE_INFO and the value of one RPC parameter; returns the value and the next offset. */
export function readParamValue(
  buf: Buffer,
  offset: number,
): { value: DecodedParam['value']; offset: number } {
  const type = buf[offset++]!;
  switch (type) {
    case T.INT1:
      return { value: buf.readUInt8(offset), offset: offset + 1 };
    case T.INT2:
      return { value: buf.readInt16LE(offset), offset: offset + 2 };
    case T.INT4:
      return { value: buf.readInt32LE(offset), offset: offset + 4 };
    case T.INT8:
      return { value: buf.readBigInt64LE(offset).toString(), offset: offset + 8 };
    case T.BIT:
      return { value: buf[offset] === 1, offset: offset + 1 };
    case T.FLT8:
      return { value: buf.readDoubleLE(offset), offset: offset + 8 };
    case T.INTN:
    case T.BITN:
    case T.FLTN:
    case T.GUID:
    case T.DATETIMEN: {
      offset++; // max length
      const len = buf[offset++]!;
      const v = buf.subarray(offset, offset + len);
      offset += len;
      if (len === 0) return { value: null, offset };
      if (type === T.BITN) return { value: v[0] === 1, offset };
      if (type === T.FLTN) return { value: len === 4 ? v.readFloatLE(0) : v.readDoubleLE(0), offset };
      if (type === T.GUID) return { value: v.toString('hex'), offset };
      if (type === T.DATETIMEN) return { value: datetimeText(v), offset };
      if (len === 8) return { value: v.readBigInt64LE(0).toString(), offset };
      return { value: len === 1 ? v.readUInt8(0) : len === 2 ? v.readInt16LE(0) : v.readInt32LE(0), offset };
    }
    case T.DECIMALN:
    case T.NUMERICN: {
      const scale = buf[offset + 2]!;
      offset += 3;
      const len = buf[offset++]!;
      if (len === 0) return { value: null, offset };
      const sign = buf[offset]!;
      let n = 0n;
      for (let i = len - 1; i >= 1; i--) n = (n << 8n) | BigInt(buf[offset + i]!);
      offset += len;
      const s = n.toString().padStart(scale + 1, '0');
      const text = scale ? `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}` : s;
      return { value: (sign === 0 ? '-' : '') + text, offset };
    }
    case T.DATEN: {
      const len = buf[offset++]!;
      if (len === 0) return { value: null, offset };
      return { value: dateText(buf.readUIntLE(offset, 3)), offset: offset + 3 };
    }
    case T.DATETIME2N:
    case T.DATETIMEOFFSETN:
    case T.TIMEN: {
      const scale = buf[offset++]!;
      const len = buf[offset++]!;
      if (len === 0) return { value: null, offset };
      const v = buf.subarray(offset, offset + len);
      offset += len;
      const timeLen = scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
      const ticks = v.readUIntLE(0, timeLen) * 10 ** (7 - scale);
      const time = timeText(ticks);
      if (type === T.TIMEN) return { value: time, offset };
      return { value: `${dateText(v.readUIntLE(timeLen, 3))} ${time}`, offset };
    }
    case T.NVARCHAR:
    case T.NCHAR:
    case T.VARCHAR:
    case T.CHAR: {
      const max = buf.readUInt16LE(offset);
      offset += 2 + 5; // collation
      const enc = type === T.NVARCHAR || type === T.NCHAR ? 'ucs2' : 'latin1';
      if (max === 0xffff) return readPlp(buf, offset, enc);
      const len = buf.readUInt16LE(offset);
      offset += 2;
      if (len === 0xffff) return { value: null, offset };
      return { value: buf.toString(enc, offset, offset + len), offset: offset + len };
    }
    default:
      throw new UnsupportedType(`parameter type 0x${type.toString(16)} is not supported by the emulator`);
  }
}

function readPlp(buf: Buffer, offset: number, enc: BufferEncoding): { value: string | null; offset: number } {
  const total = buf.readBigUInt64LE(offset);
  offset += 8;
  if (total === 0xffffffffffffffffn) return { value: null, offset };
  const chunks: Buffer[] = [];
  for (;;) {
    const n = buf.readUInt32LE(offset);
    offset += 4;
    if (n === 0) break;
    chunks.push(buf.subarray(offset, offset + n));
    offset += n;
  }
  return { value: Buffer.concat(chunks).toString(enc), offset };
}

function dateText(days: number): string {
  const d = new Date((days - EPOCH_OFFSET_DAYS) * 86_400_000);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  return `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

function timeText(ticks: number): string {
  const secs = Math.floor(ticks / 10_000_000);
  const frac = String(ticks % 10_000_000).padStart(7, '0');
  const hh = String(Math.floor(secs / 3600)).padStart(2, '0');
  const mm = String(Math.floor(secs / 60) % 60).padStart(2, '0');
  const ss = String(secs % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}.${frac}`;
}

function datetimeText(v: Buffer): string {
  if (v.length === 4) {
    const days = v.readUInt16LE(0);
    return `${dateText(days + 693595)} ${timeText(v.readUInt16LE(2) * 60 * 10_000_000)}`;
  }
  const days = v.readInt32LE(0);
  const ticks300 = v.readUInt32LE(4);
  return `${dateText(days + 693595)} ${timeText(Math.round((ticks300 * 10_000_000) / 300))}`;
}
