// Translates the T-SQL subset our queries use (TOP, [brackets], @params, ISNULL, CAST/CONVERT, date functions) into PostgreSQL.
import type { ServerMessage } from './tds-tokens.js';

/** A T-SQL error to report to the client as an ERROR token. */
export class TsqlError extends Error {
  constructor(
    readonly number: number,
    message: string,
    readonly severity = 16,
    readonly state = 1,
  ) {
    super(message);
  }
  toServerMessage(): ServerMessage {
    return { number: this.number, message: this.message, class: this.severity, state: this.state };
  }
}

type Tok =
  | { t: 'ws' | 'num' | 'punct' | 'word'; v: string }
  | { t: 'str'; v: string }
  | { t: 'ident'; v: string }
  | { t: 'var'; v: string };

function tokenize(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const rest = sql.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^(\s+|--[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest))) {
      out.push({ t: 'ws', v: ' ' });
      i += m[0].length;
    } else if (c === "'" || ((c === 'N' || c === 'n') && sql[i + 1] === "'")) {
      let j = c === "'" ? i + 1 : i + 2;
      let v = '';
      for (;;) {
        if (j >= sql.length)
          throw new TsqlError(105, `Unclosed quotation mark after the character string '${v}'.`, 15);
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += sql[j++];
      }
      out.push({ t: 'str', v });
      i = j + 1;
    } else if (c === '[') {
      const j = sql.indexOf(']', i);
      if (j < 0)
        throw new TsqlError(
          105,
          `Unclosed quotation mark after the character string '${sql.slice(i + 1)}'.`,
          15,
        );
      out.push({ t: 'ident', v: sql.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '"') {
      const j = sql.indexOf('"', i + 1);
      if (j < 0)
        throw new TsqlError(
          105,
          `Unclosed quotation mark after the character string '${sql.slice(i + 1)}'.`,
          15,
        );
      out.push({ t: 'ident', v: sql.slice(i + 1, j) });
      i = j + 1;
    } else if ((m = /^@@?[A-Za-z_][\w$#@]*/.exec(rest))) {
      out.push({ t: 'var', v: m[0] });
      i += m[0].length;
    } else if ((m = /^[A-Za-z_#][\w$#]*/.exec(rest))) {
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    } else if ((m = /^(\d+\.?\d*(e[+-]?\d+)?|\.\d+)/i.exec(rest))) {
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if ((m = /^(<=|>=|<>|!=|!<|!>|::)/.exec(rest))) {
      out.push({ t: 'punct', v: m[0] === '!<' ? '>=' : m[0] === '!>' ? '<=' : m[0] });
      i += m[0].length;
    } else {
      out.push({ t: 'punct', v: c });
      i++;
    }
  }
  return out;
}

export interface Translation {
  /** PostgreSQL text with $1.. placeholders. */
  text: string;
  /** Parameter names (lower case, with @) in placeholder order. */
  params: string[];
}

export interface TranslateContext {
  /** Declared parameters (lower case names with @). */
  declared: ReadonlySet<string>;
  database: string;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const DATE_PARTS: Record<string, string> = {
  year: 'year',
  yy: 'year',
  yyyy: 'year',
  quarter: 'quarter',
  qq: 'quarter',
  q: 'quarter',
  month: 'month',
  mm: 'month',
  m: 'month',
  day: 'day',
  dd: 'day',
  d: 'day',
  week: 'week',
  wk: 'week',
  ww: 'week',
  hour: 'hour',
  hh: 'hour',
  minute: 'minute',
  mi: 'minute',
  n: 'minute',
  second: 'second',
  ss: 'second',
  s: 'second',
};

/** Translates one SELECT statement. */
export function translateSelect(sql: string, ctx: TranslateContext): Translation {
  const toks = tokenize(sql).filter((t, i, all) => !(t.t === 'ws' && (i === 0 || i === all.length - 1)));
  while (toks.length && toks[toks.length - 1]!.v === ';') toks.pop();
  const params: string[] = [];
  let limit: string | undefined;
  const significant = (from: number): number => {
    let k = from;
    while (k < toks.length && toks[k]!.t === 'ws') k++;
    return k;
  };
  const matchParen = (open: number, end: number): number => {
    let depth = 0;
    for (let k = open; k < end; k++) {
      const t = toks[k]!;
      if (t.t === 'punct' && t.v === '(') depth++;
      if (t.t === 'punct' && t.v === ')' && --depth === 0) return k;
    }
    throw syntaxNear(toks[open]?.v ?? '(');
  };
  const splitArgs = (start: number, end: number): [number, number][] => {
    const args: [number, number][] = [];
    let depth = 0;
    let from = start;
    for (let k = start; k < end; k++) {
      const t = toks[k]!;
      if (t.t === 'punct' && t.v === '(') depth++;
      if (t.t === 'punct' && t.v === ')') depth--;
      if (t.t === 'punct' && t.v === ',' && depth === 0) {
        args.push([from, k]);
        from = k + 1;
      }
    }
    if (significant(from) < end || args.length) args.push([from, end]);
    return args;
  };
  const word = (k: number): string => {
    const t = toks[k];
    return t && (t.t === 'word' || t.t === 'ident') ? t.v.toLowerCase() : '';
  };

  const mapType = (start: number, end: number): { pg: string; text: boolean } => {
    const parts = toks.slice(start, end).filter((t) => t.t !== 'ws');
    const name = parts[0]?.v.toLowerCase() ?? '';
    const args = parts
      .slice(1)
      .map((p) => p.v)
      .join('');
    const len = /^\((\d+|max)\)$/i.exec(args)?.[1];
    const n = len && len.toLowerCase() !== 'max' ? `(${len})` : '';
    switch (name) {
      case 'varchar':
      case 'nvarchar':
        return { pg: n ? `varchar${n}` : len ? 'text' : 'varchar(30)', text: true };
      case 'char':
      case 'nchar':
        return { pg: n ? `char${n}` : 'char(30)', text: true };
      case 'text':
      case 'ntext':
        return { pg: 'text', text: true };
      case 'int':
      case 'smallint':
      case 'tinyint':
        return { pg: 'integer', text: false };
      case 'bigint':
        return { pg: 'bigint', text: false };
      case 'decimal':
      case 'numeric':
        return { pg: `numeric${args || '(18,0)'}`, text: false };
      case 'money':
        return { pg: 'numeric(19,4)', text: false };
      case 'float':
      case 'real':
        return { pg: 'double precision', text: false };
      case 'date':
        return { pg: 'date', text: false };
      case 'datetime':
      case 'datetime2':
      case 'smalldatetime':
        return { pg: 'timestamp', text: false };
      case 'bit':
        return { pg: 'boolean', text: false };
      default:
        throw new TsqlError(243, `Type ${name} is not a defined system type.`);
    }
  };

  const fn = (name: string, args: string[], rawArgs: [number, number][]): string | undefined => {
    const need = (n: number | [number, number]): void => {
      const [lo, hi] = Array.isArray(n) ? n : [n, n];
      if (args.length < lo || args.length > hi)
        throw new TsqlError(174, `The ${name} function requires ${lo} argument(s).`, 15);
    };
    const part = (): string => {
      const p = DATE_PARTS[word(significant(rawArgs[0]![0]))];
      if (!p) throw new TsqlError(155, `'${args[0]?.trim()}' is not a recognized ${name} option.`, 15);
      return p;
    };
    switch (name) {
      case 'isnull':
        need(2);
        return `COALESCE(${args.join(',')})`;
      case 'getdate':
      case 'sysdatetime':
      case 'getutcdate':
      case 'sysutcdatetime':
        need(0);
        return `(now() AT TIME ZONE 'UTC')`;
      case 'year':
      case 'month':
      case 'day':
        need(1);
        return `CAST(EXTRACT(${name} FROM ${args[0]}) AS integer)`;
      case 'eomonth':
        need([1, 2]);
        return `CAST(date_trunc('month', CAST(${args[0]} AS date)) + (1 + ${args[1] ?? '0'}) * INTERVAL '1 month' - INTERVAL '1 day' AS date)`;
      case 'datefromparts':
        need(3);
        return `make_date(${args.join(',')})`;
      case 'dateadd': {
        need(3);
        const p = part();
        const unit =
          p === 'quarter'
            ? `3 * (${args[1]}) * INTERVAL '1 month'`
            : p === 'week'
              ? `7 * (${args[1]}) * INTERVAL '1 day'`
              : `(${args[1]}) * INTERVAL '1 ${p}'`;
        return `(${args[2]} + ${unit})`;
      }
      case 'datediff': {
        need(3);
        const p = part();
        const a = args[1];
        const b = args[2];
        if (p === 'day') return `(CAST(${b} AS date) - CAST(${a} AS date))`;
        if (p === 'month')
          return `CAST((EXTRACT(year FROM ${b}) - EXTRACT(year FROM ${a})) * 12 + EXTRACT(month FROM ${b}) - EXTRACT(month FROM ${a}) AS integer)`;
        if (p === 'year') return `CAST(EXTRACT(year FROM ${b}) - EXTRACT(year FROM ${a}) AS integer)`;
        throw new TsqlError(
          9810,
          `The datepart ${args[0]?.trim()} is not supported by date function datediff in this emulator.`,
        );
      }
      case 'format': {
        need(2);
        const pattern = toks.slice(rawArgs[1]![0], rawArgs[1]![1]).find((t) => t.t === 'str')?.v;
        const pg =
          pattern === undefined
            ? undefined
            : { 'yyyy-MM': 'YYYY-MM', 'yyyy-MM-dd': 'YYYY-MM-DD', yyyyMM: 'YYYYMM', yyyy: 'YYYY' }[pattern];
        if (!pg)
          throw new TsqlError(
            8116,
            `Argument data type of FORMAT pattern is not supported by the emulator (use 'yyyy-MM' or 'yyyy-MM-dd').`,
          );
        return `to_char(${args[0]}, '${pg}')`;
      }
      case 'len':
        need(1);
        return `length(rtrim(${args[0]}))`;
      case 'db_name':
        return quoteLiteral(ctx.database);
      case 'cast': {
        const [s, e] = rawArgs[0] ?? [0, 0];
        let as = -1;
        let depth = 0;
        for (let k = s; k < e; k++) {
          const t = toks[k]!;
          if (t.v === '(') depth++;
          if (t.v === ')') depth--;
          if (depth === 0 && t.t === 'word' && t.v.toLowerCase() === 'as') as = k;
        }
        if (as < 0 || rawArgs.length !== 1) throw syntaxNear('CAST');
        const type = mapType(as + 1, e);
        return `CAST(${emit(s, as)} AS ${type.pg})`;
      }
      case 'convert': {
        need([2, 3]);
        const type = mapType(rawArgs[0]![0], rawArgs[0]![1]);
        const style = args[2]?.trim();
        if (style !== undefined && type.text) {
          const fmt: Record<string, string> = {
            '23': 'YYYY-MM-DD',
            '120': 'YYYY-MM-DD HH24:MI:SS',
            '121': 'YYYY-MM-DD HH24:MI:SS.MS',
            '126': 'YYYY-MM-DD"T"HH24:MI:SS.MS',
            '112': 'YYYYMMDD',
            '0': 'Mon DD YYYY HH12:MIAM',
          };
          const f = fmt[style];
          if (f === undefined)
            throw new TsqlError(
              281,
              `${style} is not a valid style number when converting to a character string in this emulator.`,
            );
          return `CAST(to_char(${args[1]}, '${f}') AS ${type.pg})`;
        }
        if (style !== undefined && !type.text && style !== '23')
          throw new TsqlError(
            281,
            `${style} is not a valid style number when converting from a character string in this emulator.`,
          );
        return `CAST(${args[1]} AS ${type.pg})`;
      }
      default:
        return undefined;
    }
  };

  const emit = (start: number, end: number): string => {
    let out = '';
    for (let k = start; k < end; k++) {
      const t = toks[k]!;
      switch (t.t) {
        case 'ws':
          out += ' ';
          break;
        case 'str':
          out += quoteLiteral(t.v);
          break;
        case 'num':
          out += t.v;
          break;
        case 'ident': {
          const prev = toks[lastSignificant(k)];
          const afterAs = prev?.t === 'word' && prev.v.toLowerCase() === 'as';
          // Unquoted names fold case like SQL Server's case-insensitive names; aliases keep theirs.
          out +=
            !afterAs && SIMPLE.test(t.v) ? t.v.toLowerCase() : quoteIdent(afterAs ? t.v : t.v.toLowerCase());
          break;
        }
        case 'var': {
          const name = t.v.toLowerCase();
          if (name === '@@version') out += quoteLiteral('Microsoft SQL Server 2022 (TDS emulator on PGlite)');
          else if (name === '@@spid') out += '51';
          else if (name === '@@servername') out += quoteLiteral('sql-emulator');
          else if (name.startsWith('@@'))
            throw new TsqlError(137, `Must declare the scalar variable "${t.v}".`, 15, 2);
          else {
            if (!ctx.declared.has(name))
              throw new TsqlError(137, `Must declare the scalar variable "${t.v}".`, 15, 2);
            let index = params.indexOf(name);
            if (index < 0) index = params.push(name) - 1;
            out += `$${index + 1}`;
          }
          break;
        }
        case 'punct':
          if (t.v === '::') throw syntaxNear('::');
          out += t.v;
          break;
        case 'word': {
          const lower = t.v.toLowerCase();
          const next = significant(k + 1);
          const prev = toks[lastSignificant(k)];
          if (lower === 'top') {
            if (toks[next]?.v === '(') {
              const close = matchParen(next, end);
              limit = emit(next + 1, close);
              k = close;
            } else if (toks[next]?.t === 'num' || toks[next]?.t === 'var') {
              limit = emit(next, next + 1);
              k = next;
            } else throw syntaxNear('TOP');
            if (word(significant(k + 1)) === 'percent' || word(significant(k + 1)) === 'with')
              throw new TsqlError(40000, 'TOP PERCENT / WITH TIES are not supported by the emulator.');
            break;
          }
          if (
            lower === 'with' &&
            toks[next]?.v === '(' &&
            /^(nolock|readuncommitted|readcommitted)$/.test(word(significant(next + 1)))
          ) {
            k = matchParen(next, end);
            break;
          }
          if (prev?.t === 'word' && prev.v.toLowerCase() === 'as' && SIMPLE.test(t.v)) {
            out += quoteIdent(t.v);
            break;
          }
          if (toks[next]?.t === 'punct' && toks[next]!.v === '(' && !KEYWORDS.has(lower)) {
            const close = matchParen(next, end);
            const rawArgs = splitArgs(next + 1, close);
            // CAST's argument and CONVERT's type are not expressions: fn() reads their tokens itself.
            const args = rawArgs.map(([s, e], idx) =>
              lower === 'cast' || (lower === 'convert' && idx === 0) ? '' : emit(s, e),
            );
            const rewritten = fn(lower, args, rawArgs);
            if (rewritten !== undefined) {
              out += rewritten;
              k = close;
              break;
            }
            if (!PASS_FUNCTIONS.has(lower))
              throw new TsqlError(195, `'${t.v}' is not a recognized built-in function name.`, 15, 10);
          }
          out += t.v;
          break;
        }
      }
    }
    return out;
  };
  const lastSignificant = (k: number): number => {
    let j = k - 1;
    while (j >= 0 && toks[j]!.t === 'ws') j--;
    return j;
  };

  const first = word(significant(0));
  if (first !== 'select' && first !== 'with') {
    throw new TsqlError(
      229,
      `The ${first.toUpperCase() || 'statement'} permission was denied: the emulator only runs SELECT queries.`,
      14,
      5,
    );
  }
  let text = emit(0, toks.length);
  if (limit !== undefined) text += ` LIMIT ${limit}`;
  return { text, params };
}

export function syntaxNear(token: string): TsqlError {
  return new TsqlError(102, `Incorrect syntax near '${token}'.`, 15, 1);
}

const KEYWORDS = new Set([
  'in',
  'exists',
  'values',
  'and',
  'or',
  'not',
  'on',
  'from',
  'join',
  'where',
  'select',
  'as',
  'over',
  'when',
  'then',
  'else',
  'case',
  'is',
  'between',
  'like',
  'by',
  'union',
  'all',
  'any',
  'some',
]);
const PASS_FUNCTIONS = new Set([
  'coalesce',
  'upper',
  'lower',
  'ltrim',
  'rtrim',
  'trim',
  'abs',
  'round',
  'floor',
  'ceiling',
  'sum',
  'count',
  'min',
  'max',
  'avg',
  'nullif',
  'replace',
  'substring',
  'row_number',
  'concat',
  'dbo',
  'left',
  'right',
]);

/** Splits a batch into statements at top-level semicolons and at SET/USE starts (tedious' initial batch has no semicolons). */
export function splitBatch(sql: string): string[] {
  const toks = tokenize(sql);
  const statements: string[] = [];
  let current = '';
  let depth = 0;
  const flush = (): void => {
    if (current.trim()) statements.push(current.trim());
    current = '';
  };
  for (const t of toks) {
    if (t.t === 'punct' && t.v === '(') depth++;
    if (t.t === 'punct' && t.v === ')') depth--;
    if (t.t === 'punct' && t.v === ';' && depth === 0) {
      flush();
      continue;
    }
    if (t.t === 'word' && depth === 0) {
      const w = t.v.toLowerCase();
      const inSetOrUse = /^\s*(set|use)\b/i.test(current);
      if ((w === 'set' || w === 'use') && current.trim() && !/^\s*update\b/i.test(current)) flush();
      else if ((w === 'select' || w === 'with') && inSetOrUse) flush();
    }
    current += t.t === 'str' ? quoteLiteral(t.v) : t.t === 'ident' ? `[${t.v}]` : t.v;
  }
  flush();
  return statements;
}
