// SQL Server data types as the emulator tracks them: names, precedence for implicit conversion, arithmetic result types, PostgreSQL equivalents.
import { TsqlError } from './tsql-error.js';

export type SqlBase =
  | 'bit'
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'decimal'
  | 'money'
  | 'float'
  | 'real'
  | 'char'
  | 'varchar'
  | 'nchar'
  | 'nvarchar'
  | 'date'
  | 'datetime'
  | 'datetime2'
  | 'time';

export interface SqlType {
  base: SqlBase;
  /** Characters for strings (-1 = max); precision for decimal; fractional digits for datetime2/time. */
  len?: number;
  /** Decimal scale. */
  scale?: number;
}

export const t = {
  int: { base: 'int' } as SqlType,
  bigint: { base: 'bigint' } as SqlType,
  bit: { base: 'bit' } as SqlType,
  float: { base: 'float' } as SqlType,
  date: { base: 'date' } as SqlType,
  datetime: { base: 'datetime' } as SqlType,
  money: { base: 'money' } as SqlType,
  varchar: (len: number): SqlType => ({ base: 'varchar', len }),
  nvarchar: (len: number): SqlType => ({ base: 'nvarchar', len }),
  decimal: (p: number, s: number): SqlType => ({ base: 'decimal', len: p, scale: s }),
};

/** Higher wins in an implicit conversion (SQL Server's data type precedence). */
const PRECEDENCE: Record<SqlBase, number> = {
  datetime2: 20,
  datetime: 19,
  date: 18,
  time: 17,
  float: 16,
  real: 15,
  decimal: 14,
  money: 13,
  bigint: 12,
  int: 11,
  smallint: 10,
  tinyint: 9,
  bit: 8,
  nvarchar: 5,
  nchar: 4,
  varchar: 3,
  char: 2,
};

export const isString = (x: SqlType): boolean =>
  x.base === 'varchar' || x.base === 'nvarchar' || x.base === 'char' || x.base === 'nchar';
export const isUnicode = (x: SqlType): boolean => x.base === 'nvarchar' || x.base === 'nchar';
export const isInteger = (x: SqlType): boolean =>
  x.base === 'int' ||
  x.base === 'bigint' ||
  x.base === 'smallint' ||
  x.base === 'tinyint' ||
  x.base === 'bit';
export const isNumeric = (x: SqlType): boolean =>
  isInteger(x) || x.base === 'decimal' || x.base === 'money' || x.base === 'float' || x.base === 'real';
export const isDateLike = (x: SqlType): boolean =>
  x.base === 'date' || x.base === 'datetime' || x.base === 'datetime2' || x.base === 'time';

export function higher(a: SqlType, b: SqlType): SqlType {
  if (isString(a) && isString(b)) {
    const base = isUnicode(a) || isUnicode(b) ? 'nvarchar' : 'varchar';
    const len = a.len === -1 || b.len === -1 ? -1 : Math.max(a.len ?? 1, b.len ?? 1);
    return { base, len };
  }
  if (a.base === 'decimal' && b.base === 'decimal') return decimalUnion(a, b);
  if (a.base === 'decimal' && isInteger(b)) return decimalUnion(a, asDecimal(b));
  if (b.base === 'decimal' && isInteger(a)) return decimalUnion(asDecimal(a), b);
  return PRECEDENCE[a.base] >= PRECEDENCE[b.base] ? a : b;
}

function decimalUnion(a: SqlType, b: SqlType): SqlType {
  const s = Math.max(a.scale ?? 0, b.scale ?? 0);
  const i = Math.max((a.len ?? 18) - (a.scale ?? 0), (b.len ?? 18) - (b.scale ?? 0));
  return t.decimal(Math.min(38, i + s), s);
}

/** An integer or money operand as the decimal SQL Server uses for it in decimal arithmetic. */
export function asDecimal(x: SqlType): SqlType {
  switch (x.base) {
    case 'bit':
      return t.decimal(1, 0);
    case 'tinyint':
      return t.decimal(3, 0);
    case 'smallint':
      return t.decimal(5, 0);
    case 'int':
      return t.decimal(10, 0);
    case 'bigint':
      return t.decimal(19, 0);
    case 'money':
      return t.decimal(19, 4);
    default:
      return x;
  }
}

/** Result precision and scale of decimal arithmetic, reduced like SQL Server when past 38 digits. */
export function decimalResult(op: string, a: SqlType, b: SqlType): SqlType {
  const p1 = a.len ?? 18;
  const s1 = a.scale ?? 0;
  const p2 = b.len ?? 18;
  const s2 = b.scale ?? 0;
  let p: number;
  let s: number;
  if (op === '+' || op === '-') {
    s = Math.max(s1, s2);
    p = Math.max(p1 - s1, p2 - s2) + s + 1;
  } else if (op === '*') {
    p = p1 + p2 + 1;
    s = s1 + s2;
  } else if (op === '/') {
    s = Math.max(6, s1 + p2 + 1);
    p = p1 - s1 + s2 + s;
  } else {
    s = Math.max(s1, s2);
    p = Math.min(p1 - s1, p2 - s2) + s;
  }
  if (p > 38) {
    const intDigits = p - s;
    s = Math.max(Math.min(s, 38 - intDigits), Math.min(s, 6));
    p = 38;
  }
  return t.decimal(p, s);
}

export function typeName(x: SqlType): string {
  switch (x.base) {
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
      return `${x.base}(${x.len === -1 ? 'max' : (x.len ?? 1)})`;
    case 'decimal':
      return `decimal(${x.len ?? 18},${x.scale ?? 0})`;
    case 'datetime2':
    case 'time':
      return `${x.base}(${x.len ?? 7})`;
    default:
      return x.base;
  }
}

export function pgType(x: SqlType): string {
  switch (x.base) {
    case 'bit':
    case 'tinyint':
    case 'smallint':
      return 'smallint';
    case 'int':
      return 'integer';
    case 'bigint':
      return 'bigint';
    case 'decimal':
      return `numeric(${x.len ?? 18},${x.scale ?? 0})`;
    case 'money':
      return 'numeric(19,4)';
    case 'float':
      return 'double precision';
    case 'real':
      return 'real';
    case 'char':
    case 'nchar':
      return `char(${x.len ?? 1})`;
    case 'varchar':
    case 'nvarchar':
      return x.len === -1 ? 'text' : `varchar(${x.len ?? 1})`;
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamp(3)';
    case 'datetime2':
      return `timestamp(${Math.min(x.len ?? 7, 6)})`;
    case 'time':
      return `time(${Math.min(x.len ?? 7, 6)})`;
  }
}

/** A type written in T-SQL (name and arguments) as a SqlType; `castDefault` is the length when none is given. */
export function parseTypeName(name: string, args: (number | 'max')[], castDefault: number): SqlType {
  const n = name.toLowerCase();
  const a0 = args[0];
  const len = a0 === 'max' ? -1 : a0;
  switch (n) {
    case 'bit':
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
    case 'money':
    case 'float':
    case 'real':
    case 'date':
    case 'datetime':
      return { base: n };
    case 'smallmoney':
      return t.money;
    case 'smalldatetime':
      return t.datetime;
    case 'integer':
      return t.int;
    case 'decimal':
    case 'numeric':
    case 'dec': {
      const p = typeof len === 'number' ? len : 18;
      const s = typeof args[1] === 'number' ? args[1] : 0;
      if (p < 1 || p > 38)
        throw new TsqlError(
          1002,
          `Line 1: Specified column precision ${p} is greater than the maximum precision of 38.`,
        );
      if (s > p) throw new TsqlError(192, 'The scale must be less than or equal to the precision.');
      return t.decimal(p, s);
    }
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar': {
      const l = len ?? castDefault;
      const limit = n.startsWith('n') ? 4000 : 8000;
      if (l !== -1 && (l < 1 || l > limit))
        throw new TsqlError(
          2717,
          `The size (${l}) given to the type '${n}' exceeds the maximum allowed (${limit}).`,
        );
      if (l === -1 && (n === 'char' || n === 'nchar'))
        throw new TsqlError(102, "Incorrect syntax near 'max'.", 15);
      return { base: n, len: l };
    }
    case 'datetime2':
    case 'time':
      return { base: n, len: typeof len === 'number' ? len : 7 };
    default:
      throw new TsqlError(243, `Type ${name} is not a defined system type.`);
  }
}
