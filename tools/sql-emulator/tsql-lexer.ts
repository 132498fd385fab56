// Splits T-SQL text into tokens (words, [quoted] / "quoted" names, N'strings', numbers, @variables, operators); comments are dropped.
import { TsqlError } from './tsql-error.js';

export type TokenKind = 'word' | 'qname' | 'str' | 'nstr' | 'num' | 'var' | 'sysvar' | 'op' | 'eof';
export interface Token {
  k: TokenKind;
  /** Text as written for words and operators; the unquoted content for names and strings. */
  v: string;
  pos: number;
}

const unclosed = (rest: string): TsqlError =>
  new TsqlError(105, `Unclosed quotation mark after the character string '${rest.slice(0, 100)}'.`, 15, 1);

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      i = j < 0 ? n : j + 1;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      // T-SQL block comments nest.
      let depth = 0;
      let j = i;
      while (j < n) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      if (depth > 0) throw new TsqlError(113, "Missing end comment mark '*/'.", 15, 1);
      i = j;
      continue;
    }
    const start = i;
    if (c === "'" || ((c === 'N' || c === 'n') && sql[i + 1] === "'")) {
      const unicode = c !== "'";
      let j = unicode ? i + 2 : i + 1;
      let v = '';
      for (;;) {
        if (j >= n) throw unclosed(v);
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
      out.push({ k: unicode ? 'nstr' : 'str', v, pos: start });
      i = j + 1;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= n) throw unclosed(v);
        if (sql[j] === ']') {
          if (sql[j + 1] === ']') {
            v += ']';
            j += 2;
            continue;
          }
          break;
        }
        v += sql[j++];
      }
      out.push({ k: 'qname', v, pos: start });
      i = j + 1;
      continue;
    }
    if (c === '"') {
      const j = sql.indexOf('"', i + 1);
      if (j < 0) throw unclosed(sql.slice(i + 1));
      out.push({ k: 'qname', v: sql.slice(i + 1, j), pos: start });
      i = j + 1;
      continue;
    }
    const rest = sql.slice(i, i + 200);
    let m: RegExpExecArray | null;
    if ((m = /^@@[A-Za-z_][\w$#@]*/.exec(rest))) {
      out.push({ k: 'sysvar', v: m[0], pos: start });
      i += m[0].length;
    } else if ((m = /^@[A-Za-z_#@$][\w$#@]*/.exec(rest))) {
      out.push({ k: 'var', v: m[0], pos: start });
      i += m[0].length;
    } else if ((m = /^[A-Za-z_#\u00c0-\uffff][\w$#@\u00c0-\uffff]*/.exec(rest))) {
      out.push({ k: 'word', v: m[0], pos: start });
      i += m[0].length;
    } else if ((m = /^(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(rest))) {
      out.push({ k: 'num', v: m[0], pos: start });
      i += m[0].length;
    } else if ((m = /^(<=|>=|<>|!=|!<|!>|::|\+=|-=|\*=|\/=)/.exec(rest))) {
      out.push({ k: 'op', v: m[0], pos: start });
      i += m[0].length;
    } else {
      out.push({ k: 'op', v: c, pos: start });
      i++;
    }
  }
  out.push({ k: 'eof', v: '', pos: n });
  return out;
}
