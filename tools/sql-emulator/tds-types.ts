// TDS data types: result column metadata and values for every SQL Server type the emulator sends, and RPC parameter decoding.
import { COLLATION, TokenType, bVarChar } from './tds-tokens.js';

import type { SqlType } from './sql-types.js';

export interface Column {
  name: string;
  type: SqlType;
  nullable: boolean;
}
export type CellValue = string | number | bigint | boolean | null | undefined;

const T = {
  INTN: 0x26,
  BITN: 0x68,
  FLTN: 0x6d,
  MONEYN: 0x6e,
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
/** Days from 0001-01-01 to 1970-01-01. */
const EPOCH_OFFSET_DAYS = 719162;
/** Days from 0001-01-01 to 1900-01-01 (datetime's epoch). */
const DATETIME_EPOCH_DAYS = 693595;

export function colMetadata(columns: Column[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(3);
  head[0] = TokenType.COLMETADATA;
  head.writeUInt16LE(columns.length, 1);
  parts.push(head);
  for (const c of columns) {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt32LE(0, 0); // user type
    fixed.writeUInt16LE((c.nullable ? 0x0001 : 0) | 0x0008, 4); // nullable, updateable unknown
    parts.push(fixed, typeInfo(c.type), bVarChar(c.name.slice(0, 128)));
  }
  return Buffer.concat(parts);
}

const isMax = (t: SqlType): boolean => t.len === -1;

export function decimalBytes(precision: number): number {
  return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
}

function timeBytes(scale: number): number {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}

export function typeInfo(t: SqlType): Buffer {
  switch (t.base) {
    case 'tinyint':
      return Buffer.from([T.INTN, 1]);
    case 'smallint':
      return Buffer.from([T.INTN, 2]);
    case 'int':
      return Buffer.from([T.INTN, 4]);
    case 'bigint':
      return Buffer.from([T.INTN, 8]);
    case 'bit':
      return Buffer.from([T.BITN, 1]);
    case 'float':
      return Buffer.from([T.FLTN, 8]);
    case 'real':
      return Buffer.from([T.FLTN, 4]);
    case 'money':
      return Buffer.from([T.MONEYN, 8]);
    case 'decimal': {
      const p = t.len ?? 18;
      return Buffer.from([T.DECIMALN, decimalBytes(p), p, t.scale ?? 0]);
    }
    case 'date':
      return Buffer.from([T.DATEN]);
    case 'datetime':
      return Buffer.from([T.DATETIMEN, 8]);
    case 'datetime2':
      return Buffer.from([T.DATETIME2N, t.len ?? 7]);
    case 'time':
      return Buffer.from([T.TIMEN, t.len ?? 7]);
    case 'varchar':
    case 'char':
    case 'nvarchar':
    case 'nchar': {
      const unicode = t.base === 'nvarchar' || t.base === 'nchar';
      const code =
        t.base === 'varchar'
          ? T.VARCHAR
          : t.base === 'char'
            ? T.CHAR
            : t.base === 'nvarchar'
              ? T.NVARCHAR
              : T.NCHAR;
      const b = Buffer.alloc(3);
      b[0] = code;
      b.writeUInt16LE(isMax(t) ? 0xffff : (t.len ?? 1) * (unicode ? 2 : 1), 1);
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
    if (v === null || v === undefined) return;
    parts.push(encodeValue(c.type, v));
  });
  return Buffer.concat(parts);
}

const CP1252_EXTRA: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** Text in the collation's code page (1252); characters it lacks become '?', as SQL Server stores them in varchar. */
export function cp1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out[n++] = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : (CP1252_EXTRA[ch] ?? 0x3f);
  }
  return out.subarray(0, n);
}

function plp(data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(data.length), 0);
  head.writeUInt32LE(data.length, 8);
  return data.length
    ? Buffer.concat([head, data, Buffer.alloc(4)])
    : Buffer.concat([head.subarray(0, 8), Buffer.alloc(4)]);
}

function intBytes(len: number, v: CellValue): Buffer {
  const b = Buffer.alloc(len + 1);
  b[0] = len;
  if (len === 8) b.writeBigInt64LE(BigInt(v as string | number | bigint), 1);
  else if (len === 4) b.writeInt32LE(Number(v), 1);
  else if (len === 2) b.writeInt16LE(Number(v), 1);
  else b.writeUInt8(Number(v), 1);
  return b;
}

function encodeValue(t: SqlType, v: Exclude<CellValue, null | undefined>): Buffer {
  switch (t.base) {
    case 'tinyint':
      return intBytes(1, v);
    case 'smallint':
      return intBytes(2, v);
    case 'int':
      return intBytes(4, v);
    case 'bigint':
      return intBytes(8, v);
    case 'bit':
      return Buffer.from([1, v === true || v === 't' || Number(v) !== 0 ? 1 : 0]);
    case 'float': {
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeDoubleLE(Number(v), 1);
      return b;
    }
    case 'real': {
      const b = Buffer.alloc(5);
      b[0] = 4;
      b.writeFloatLE(Number(v), 1);
      return b;
    }
    case 'money': {
      const units = scaledDigits(String(v), 4);
      const b = Buffer.alloc(9);
      b[0] = 8;
      const u = BigInt.asUintN(64, units);
      b.writeUInt32LE(Number(u >> 32n), 1);
      b.writeUInt32LE(Number(u & 0xffffffffn), 5);
      return b;
    }
    case 'decimal':
      return encodeDecimal(String(v), t.scale ?? 0, t.len ?? 18);
    case 'date': {
      const b = Buffer.alloc(4);
      b[0] = 3;
      b.writeUIntLE(daysSinceYear1(String(v).slice(0, 10)), 1, 3);
      return b;
    }
    case 'datetime': {
      const text = String(v);
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeInt32LE(daysSinceYear1(text.slice(0, 10)) - DATETIME_EPOCH_DAYS, 1);
      b.writeUInt32LE(Math.round((ticksOfDay(text.slice(11)) * 300) / 10_000_000), 5);
      return b;
    }
    case 'datetime2':
    case 'time': {
      const text = String(v);
      const scale = t.len ?? 7;
      const tl = timeBytes(scale);
      const withDate = t.base === 'datetime2';
      const b = Buffer.alloc(1 + tl + (withDate ? 3 : 0));
      b[0] = b.length - 1;
      const time = withDate ? text.slice(11) : text;
      b.writeUIntLE(Math.round(ticksOfDay(time) / 10 ** (7 - scale)), 1, tl);
      if (withDate) b.writeUIntLE(daysSinceYear1(text.slice(0, 10)), 1 + tl, 3);
      return b;
    }
    case 'varchar':
    case 'char':
    case 'nvarchar':
    case 'nchar': {
      const unicode = t.base === 'nvarchar' || t.base === 'nchar';
      let text = String(v);
      if (!isMax(t) && text.length > (t.len ?? 1)) text = text.slice(0, t.len ?? 1);
      const data = unicode ? Buffer.from(text, 'ucs2') : cp1252(text);
      if (isMax(t)) return plp(data);
      const len = Buffer.alloc(2);
      len.writeUInt16LE(data.length);
      return Buffer.concat([len, data]);
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

/** Decimal text as an integer of `scale` fractional digits, rounding half away from zero. */
function scaledDigits(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [intPart = '0', fracPart = ''] = text.replace(/^[-+]/, '').split('.');
  let digits = BigInt((intPart || '0') + (fracPart + '0'.repeat(scale)).slice(0, scale));
  if ((fracPart[scale] ?? '0') >= '5') digits += 1n;
  return negative ? -digits : digits;
}

/** Decimal text to a DECIMALN value at the column's precision and scale. */
export function encodeDecimal(text: string, scale: number, precision = 38): Buffer {
  const signed = scaledDigits(text, scale);
  const digits = signed < 0n ? -signed : signed;
  const size = decimalBytes(precision);
  const b = Buffer.alloc(size + 1);
  b[0] = size;
  b[1] = signed < 0n ? 0 : 1;
  let rest = digits;
  for (let i = 2; i <= size; i++) {
    b[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return b;
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
