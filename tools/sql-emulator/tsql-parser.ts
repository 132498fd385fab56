// Recursive-descent parser for the emulator's T-SQL subset: batches of SELECT / SET / USE / transaction statements, with SQL Server's syntax errors.
import type {
  Cte,
  Expr,
  OrderItem,
  Over,
  QueryExpr,
  Select,
  SelectCore,
  SelectItem,
  Stmt,
  TableRef,
  Top,
  TypeRef,
} from './tsql-ast.js';
import { outsideSubset, TsqlError } from './tsql-error.js';
import { tokenize, type Token } from './tsql-lexer.js';

/** T-SQL reserved words that matter here: they cannot be bare aliases, and errors near them say "the keyword". */
const RESERVED = new Set(
  (
    'add all alter and any as asc authorization backup begin between break browse bulk by cascade case check checkpoint close ' +
    'clustered coalesce collate column commit compute constraint contains containstable continue convert create cross current ' +
    'current_date current_time current_timestamp current_user cursor database dbcc deallocate declare default delete deny desc ' +
    'distinct distributed double drop dump else end errlvl escape except exec execute exists exit external fetch file fillfactor ' +
    'for foreign freetext freetexttable from full function goto grant group having holdlock identity identity_insert identitycol ' +
    'if in index inner insert intersect into is join key kill left like lineno load merge national nocheck nonclustered not null ' +
    'nullif of off offsets on open opendatasource openquery openrowset openxml option or order outer over percent pivot plan ' +
    'precision primary print proc procedure public raiserror read readtext reconfigure references replication restore restrict ' +
    'return revert revoke right rollback rowcount rowguidcol rule save schema securityaudit select semantickeyphrasetable ' +
    'semanticsimilaritydetailstable semanticsimilaritytable session_user set setuser shutdown some statistics system_user table ' +
    'tablesample textsize then to top tran transaction trigger truncate try_convert tsequal union unique unpivot update ' +
    'updatetext use user values varying view waitfor when where while with writetext'
  ).split(' '),
);

const STATEMENT_STARTS = new Set([
  'select',
  'with',
  'set',
  'use',
  'begin',
  'commit',
  'rollback',
  'if',
  'declare',
  'insert',
  'update',
  'delete',
  'create',
  'drop',
  'alter',
  'exec',
  'execute',
  'merge',
  'truncate',
  'print',
  'save',
  'grant',
  'revoke',
  'deny',
  'waitfor',
  'raiserror',
  'return',
  'while',
  'dbcc',
  'bulk',
  'backup',
  'restore',
  'kill',
  'open',
  'close',
  'fetch',
  'deallocate',
  'checkpoint',
  'reconfigure',
  'shutdown',
  'readtext',
  'writetext',
  'updatetext',
]);

const TABLE_HINTS = new Set([
  'nolock',
  'readuncommitted',
  'readcommitted',
  'readcommittedlock',
  'readpast',
  'rowlock',
  'paglock',
  'tablock',
  'tablockx',
  'holdlock',
  'nowait',
  'updlock',
  'xlock',
  'serializable',
  'repeatableread',
  'noexpand',
  'forceseek',
  'forcescan',
]);

const JOIN_TYPES = ['inner', 'left', 'right', 'full', 'cross', 'outer', 'join'];

export function parseBatch(sql: string): Stmt[] {
  return new Parser(tokenize(sql)).batch();
}

/** Parses sp_executesql's @params declaration ("@a date, @b nvarchar(10) OUTPUT"). */
export function parseParamDeclarations(text: string): { name: string; type: TypeRef }[] {
  const p = new Parser(tokenize(text));
  return p.paramList();
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private get t(): Token {
    return this.toks[this.i]!;
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  private isWord(w: string, tok: Token = this.t): boolean {
    return tok.k === 'word' && tok.v.toLowerCase() === w;
  }
  private isOp(o: string, tok: Token = this.t): boolean {
    return tok.k === 'op' && tok.v === o;
  }
  private eatWord(w: string): boolean {
    if (this.isWord(w)) {
      this.i++;
      return true;
    }
    return false;
  }
  private eatOp(o: string): boolean {
    if (this.isOp(o)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expectWord(w: string): void {
    if (!this.eatWord(w)) throw this.error();
  }
  private expectOp(o: string): void {
    if (!this.eatOp(o)) throw this.error();
  }

  /** SQL Server's 102 / 156 for the token where parsing stopped. */
  error(tok: Token = this.t): TsqlError {
    if (tok.k === 'eof') {
      const prev = this.toks[this.toks.length - 2];
      if (!prev) return new TsqlError(102, "Incorrect syntax near ''.", 15, 1);
      return this.error(prev);
    }
    if (tok.k === 'word' && RESERVED.has(tok.v.toLowerCase()))
      return new TsqlError(156, `Incorrect syntax near the keyword '${tok.v}'.`, 15, 1);
    const shown = tok.k === 'str' || tok.k === 'nstr' ? tok.v : tok.v;
    return new TsqlError(102, `Incorrect syntax near '${shown}'.`, 15, 1);
  }

  batch(): Stmt[] {
    const out: Stmt[] = [];
    let terminated = true;
    while (this.t.k !== 'eof') {
      if (this.eatOp(';')) {
        terminated = true;
        continue;
      }
      if (this.isWord('with') && !terminated)
        throw new TsqlError(
          319,
          "Incorrect syntax near the keyword 'with'. If this statement is a common table expression, an xmlnamespaces clause or a change tracking context clause, the previous statement must be terminated with a semicolon.",
          15,
          1,
        );
      out.push(this.statement());
      terminated = false;
      if (!this.atStatementBoundary()) throw this.error();
    }
    return out;
  }

  private atStatementBoundary(): boolean {
    const tok = this.t;
    return (
      tok.k === 'eof' || this.isOp(';') || (tok.k === 'word' && STATEMENT_STARTS.has(tok.v.toLowerCase()))
    );
  }

  private statement(): Stmt {
    const w = this.t.k === 'word' ? this.t.v.toLowerCase() : '';
    switch (w) {
      case 'select':
      case 'with':
        return { k: 'select', q: this.select() };
      case 'set':
        return this.set();
      case 'use': {
        this.i++;
        const db = this.t;
        if (db.k !== 'word' && db.k !== 'qname') throw this.error();
        this.i++;
        return { k: 'use', db: db.v };
      }
      case 'begin':
        this.i++;
        if (this.eatWord('tran') || this.eatWord('transaction')) {
          if (this.t.k === 'word' && !STATEMENT_STARTS.has(this.t.v.toLowerCase())) this.i++;
          return { k: 'begin' };
        }
        if (this.isWord('try') || this.isWord('distributed'))
          throw outsideSubset(`BEGIN ${this.t.v.toUpperCase()}`);
        throw outsideSubset('BEGIN ... END block');
      case 'commit':
      case 'rollback':
        this.i++;
        if (this.eatWord('tran') || this.eatWord('transaction') || this.eatWord('work')) {
          if (this.t.k === 'word' && !STATEMENT_STARTS.has(this.t.v.toLowerCase())) this.i++;
        }
        return { k: w };
      case 'if': {
        this.i++;
        const cond = this.expr();
        const then = this.statement();
        this.eatOp(';');
        const els = this.eatWord('else') ? this.statement() : undefined;
        return { k: 'if', cond, then, else: els };
      }
      case 'insert':
      case 'update':
      case 'delete':
      case 'merge':
      case 'truncate':
      case 'create':
      case 'drop':
      case 'alter':
        throw new TsqlError(
          229,
          `The ${w.toUpperCase()} permission was denied: the emulator's databases are read-only (SELECT only).`,
          14,
          5,
        );
      case 'exec':
      case 'execute': {
        this.i++;
        const parts = [this.name()];
        while (this.eatOp('.')) parts.push(this.name());
        const args: { name?: string; e: Expr }[] = [];
        if (!this.atStatementBoundary()) {
          do {
            let name: string | undefined;
            if (this.t.k === 'var' && this.isOp('=', this.peek())) {
              name = this.t.v.toLowerCase();
              this.i += 2;
            }
            args.push({ name, e: this.primary() });
          } while (this.eatOp(','));
        }
        return { k: 'exec', proc: parts[parts.length - 1]!, args };
      }
      case '':
        throw this.error();
      default:
        if (STATEMENT_STARTS.has(w)) throw outsideSubset(w.toUpperCase());
        // A bare name runs a procedure in T-SQL.
        throw new TsqlError(2812, `Could not find stored procedure '${this.t.v}'.`, 16, 62);
    }
  }

  private set(): Stmt {
    this.i++;
    if (this.t.k === 'var')
      throw new TsqlError(137, `Must declare the scalar variable "${this.t.v}".`, 15, 2);
    const start = this.i;
    const words: string[] = [];
    // SET options run to the end of the statement: their values are words, numbers or strings.
    while (this.t.k !== 'eof' && !this.isOp(';')) {
      if (this.t.k === 'word' && STATEMENT_STARTS.has(this.t.v.toLowerCase()) && this.i > start) break;
      words.push(this.t.v);
      this.i++;
      if (words.length === 1 && words[0]!.toLowerCase() === 'transaction') continue;
      if (words.length >= 2 && words[0]!.toLowerCase() !== 'transaction' && !this.isOp(',')) {
        // "SET NOCOUNT ON", "SET ANSI_NULLS, QUOTED_IDENTIFIER ON", "SET TEXTSIZE 2147483647"
        if (this.t.k !== 'word' || STATEMENT_STARTS.has(this.t.v.toLowerCase())) break;
        if (!['on', 'off'].includes(this.t.v.toLowerCase()) && this.toks[this.i - 1]!.v !== ',') break;
      }
    }
    if (words.length === 0) throw this.error();
    return { k: 'set', option: words[0]!, value: words.slice(1).join(' ') };
  }

  paramList(): { name: string; type: TypeRef }[] {
    const out: { name: string; type: TypeRef }[] = [];
    while (this.t.k !== 'eof') {
      if (this.t.k !== 'var') throw this.error();
      const name = this.t.v.toLowerCase();
      this.i++;
      this.eatWord('as');
      const type = this.typeRef();
      if (this.eatOp('=')) this.primary();
      if (!this.eatWord('output')) this.eatWord('out');
      this.eatWord('readonly');
      out.push({ name, type });
      if (!this.eatOp(',')) break;
    }
    if (this.t.k !== 'eof') throw this.error();
    return out;
  }

  // ---- SELECT ----

  select(): Select {
    const ctes: Cte[] = [];
    if (this.eatWord('with')) {
      do {
        const name = this.name();
        let cols: string[] | undefined;
        if (this.eatOp('(')) {
          cols = [];
          do cols.push(this.name());
          while (this.eatOp(','));
          this.expectOp(')');
        }
        this.expectWord('as');
        this.expectOp('(');
        const q = this.select();
        this.expectOp(')');
        ctes.push({ name, cols, q });
      } while (this.eatOp(','));
    }
    const body = this.queryExpr();
    const order: OrderItem[] = [];
    let offset: Expr | undefined;
    let fetch: Expr | undefined;
    if (this.isWord('order')) {
      this.i++;
      this.expectWord('by');
      order.push(...this.orderList());
      if (this.eatWord('offset')) {
        offset = this.expr();
        if (!this.eatWord('rows') && !this.eatWord('row')) throw this.error();
        if (this.eatWord('fetch')) {
          if (!this.eatWord('next') && !this.eatWord('first')) throw this.error();
          fetch = this.expr();
          if (!this.eatWord('rows') && !this.eatWord('row')) throw this.error();
          this.expectWord('only');
        }
      }
    }
    if (this.isWord('for')) throw outsideSubset(`FOR ${this.peek().v.toUpperCase()}`);
    if (this.isWord('option')) throw outsideSubset('OPTION (query hints)');
    return { with: ctes, body, order, offset, fetch };
  }

  private orderList(): OrderItem[] {
    const out: OrderItem[] = [];
    do {
      const e = this.expr();
      let desc = false;
      if (this.eatWord('desc')) desc = true;
      else this.eatWord('asc');
      out.push({ e, desc });
    } while (this.eatOp(','));
    return out;
  }

  private queryExpr(): QueryExpr {
    let left = this.queryTerm();
    for (;;) {
      let op: 'union' | 'union all' | 'except' | 'intersect' | undefined;
      if (this.eatWord('union')) op = this.eatWord('all') ? 'union all' : 'union';
      else if (this.eatWord('except')) op = 'except';
      else if (this.eatWord('intersect')) op = 'intersect';
      if (!op) return left;
      const right = this.queryTerm();
      left = { k: 'setop', op, l: left, r: right };
    }
  }

  private queryTerm(): QueryExpr {
    if (this.isOp('(')) {
      this.i++;
      const q = this.select();
      this.expectOp(')');
      return { k: 'nested', q };
    }
    return this.core();
  }

  private core(): SelectCore {
    this.expectWord('select');
    let distinct = false;
    if (this.eatWord('distinct')) distinct = true;
    else this.eatWord('all');
    let top: Top | undefined;
    if (this.eatWord('top')) {
      let e: Expr;
      if (this.eatOp('(')) {
        e = this.expr();
        this.expectOp(')');
      } else if (this.t.k === 'num' || this.t.k === 'var') {
        e = this.primary();
      } else throw this.error();
      const percent = this.eatWord('percent');
      let ties = false;
      if (this.isWord('with') && this.isWord('ties', this.peek())) {
        this.i += 2;
        ties = true;
      }
      top = { e, percent, ties };
    }
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.eatOp(','));
    if (this.isWord('into')) throw outsideSubset('SELECT ... INTO');
    const from: TableRef[] = [];
    if (this.eatWord('from')) {
      do from.push(this.tableSource());
      while (this.eatOp(','));
    }
    const where = this.eatWord('where') ? this.expr() : undefined;
    const groupBy: Expr[] = [];
    if (this.isWord('group')) {
      this.i++;
      this.expectWord('by');
      if (this.isWord('rollup') || this.isWord('cube') || this.isWord('grouping'))
        throw outsideSubset(`GROUP BY ${this.t.v.toUpperCase()}`);
      do groupBy.push(this.expr());
      while (this.eatOp(','));
    }
    const having = this.eatWord('having') ? this.expr() : undefined;
    return { k: 'core', distinct, top, items, from, where, groupBy, having };
  }

  private selectItem(): SelectItem {
    if (this.eatOp('*')) return { k: 'star' };
    // qualifier.* (t.*, dbo.t.*)
    if (this.t.k === 'word' || this.t.k === 'qname') {
      let j = this.i;
      const parts: string[] = [];
      while (
        (this.toks[j]!.k === 'word' || this.toks[j]!.k === 'qname') &&
        this.isOp('.', this.toks[j + 1]!)
      ) {
        parts.push(this.toks[j]!.v);
        j += 2;
        if (this.isOp('*', this.toks[j]!)) {
          this.i = j + 1;
          return { k: 'star', qual: parts };
        }
      }
    }
    // alias = expr
    const first = this.t;
    if (
      (first.k === 'qname' ||
        first.k === 'str' ||
        (first.k === 'word' && !RESERVED.has(first.v.toLowerCase()))) &&
      this.isOp('=', this.peek())
    ) {
      this.i += 2;
      return { k: 'expr', e: this.expr(), alias: first.v };
    }
    const e = this.expr();
    const alias = this.alias();
    return { k: 'expr', e, alias };
  }

  private alias(): string | undefined {
    const hadAs = this.eatWord('as');
    const tok = this.t;
    if (tok.k === 'qname' || tok.k === 'str' || tok.k === 'nstr') {
      this.i++;
      return tok.v;
    }
    if (tok.k === 'word' && !RESERVED.has(tok.v.toLowerCase())) {
      this.i++;
      return tok.v;
    }
    if (hadAs) throw this.error();
    return undefined;
  }

  private name(): string {
    const tok = this.t;
    if (tok.k === 'qname' || (tok.k === 'word' && !RESERVED.has(tok.v.toLowerCase()))) {
      this.i++;
      return tok.v;
    }
    throw this.error();
  }

  private tableSource(): TableRef {
    let left = this.tablePrimary();
    for (;;) {
      const w = this.t.k === 'word' ? this.t.v.toLowerCase() : '';
      if (!JOIN_TYPES.includes(w)) return left;
      let type: 'inner' | 'left' | 'right' | 'full' | 'cross' | 'cross apply' | 'outer apply';
      if (w === 'cross' && this.isWord('apply', this.peek())) {
        this.i += 2;
        type = 'cross apply';
      } else if (w === 'outer' && this.isWord('apply', this.peek())) {
        this.i += 2;
        type = 'outer apply';
      } else if (w === 'cross') {
        this.i++;
        this.expectWord('join');
        type = 'cross';
      } else {
        this.i++;
        if (w === 'join') type = 'inner';
        else {
          type = w as 'inner' | 'left' | 'right' | 'full';
          if (w === 'outer') throw this.error(this.toks[this.i - 1]);
          if (w !== 'inner') this.eatWord('outer');
          if (this.isWord('hash') || this.isWord('loop') || this.isWord('merge')) this.i++;
          this.expectWord('join');
        }
      }
      const right = this.tablePrimary();
      let on: Expr | undefined;
      if (type !== 'cross' && type !== 'cross apply' && type !== 'outer apply') {
        if (this.isWord('join') || this.isWord('inner') || this.isWord('left')) {
          // Nested join syntax: a JOIN b JOIN c ON .. ON ..
          throw outsideSubset('nested JOIN without parentheses');
        }
        this.expectWord('on');
        on = this.expr();
      }
      left = { k: 'join', type, l: left, r: right, on };
    }
  }

  private tablePrimary(): TableRef {
    if (this.isOp('(')) {
      this.i++;
      if (this.isWord('select') || this.isWord('with') || this.isOp('(')) {
        const sub = this.select();
        this.expectOp(')');
        const alias = this.alias();
        if (!alias) throw new TsqlError(102, `Incorrect syntax near ')'.`, 15, 1);
        let cols: string[] | undefined;
        if (this.eatOp('(')) {
          cols = [];
          do cols.push(this.name());
          while (this.eatOp(','));
          this.expectOp(')');
        }
        return { k: 'derived', sub, alias, cols };
      }
      if (this.isWord('values')) throw outsideSubset('VALUES table constructor');
      const inner = this.tableSource();
      this.expectOp(')');
      return inner;
    }
    if (
      this.isWord('openjson') ||
      this.isWord('openrowset') ||
      this.isWord('openquery') ||
      this.isWord('string_split')
    )
      throw outsideSubset(this.t.v.toUpperCase());
    const parts: string[] = [this.nameOrEmpty()];
    while (this.eatOp('.')) parts.push(this.isOp('.') ? '' : this.nameOrEmpty());
    if (this.isOp('(') && parts.length <= 3 && !this.isHintList())
      throw outsideSubset('table-valued function');
    const hints: string[] = [];
    if (this.isOp('(')) hints.push(...this.hintList());
    const alias = this.isWord('with') && this.isOp('(', this.peek()) ? undefined : this.alias();
    if (this.isWord('with') && this.isOp('(', this.peek())) {
      this.i++;
      hints.push(...this.hintList());
    } else if (this.isOp('(') && alias) hints.push(...this.hintList());
    if (this.isWord('tablesample')) throw outsideSubset('TABLESAMPLE');
    if (this.isWord('pivot') || this.isWord('unpivot')) throw outsideSubset(this.t.v.toUpperCase());
    return { k: 'table', parts, alias, hints };
  }

  private nameOrEmpty(): string {
    return this.name();
  }

  private isHintList(): boolean {
    const next = this.peek();
    return next.k === 'word' && (TABLE_HINTS.has(next.v.toLowerCase()) || next.v.toLowerCase() === 'index');
  }

  private hintList(): string[] {
    this.expectOp('(');
    const out: string[] = [];
    do {
      const tok = this.t;
      if (tok.k !== 'word') throw this.error();
      const h = tok.v.toLowerCase();
      this.i++;
      if (h === 'index') {
        this.expectOp('(');
        while (!this.isOp(')') && this.t.k !== 'eof') this.i++;
        this.expectOp(')');
      } else if (!TABLE_HINTS.has(h))
        throw new TsqlError(321, `"${tok.v}" is not a recognized table hints option.`, 15, 1);
      out.push(h);
    } while (this.eatOp(','));
    this.expectOp(')');
    return out;
  }

  // ---- expressions ----

  expr(): Expr {
    let left = this.and();
    while (this.eatWord('or')) left = { k: 'bin', op: 'or', l: left, r: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.eatWord('and')) left = { k: 'bin', op: 'and', l: left, r: this.not() };
    return left;
  }

  private not(): Expr {
    if (this.eatWord('not')) return { k: 'unary', op: 'not', e: this.not() };
    return this.predicate();
  }

  private predicate(): Expr {
    if (this.isWord('exists')) {
      this.i++;
      this.expectOp('(');
      const sub = this.select();
      this.expectOp(')');
      return { k: 'exists', sub };
    }
    const left = this.additive();
    const tok = this.t;
    if (tok.k === 'op' && ['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>'].includes(tok.v)) {
      this.i++;
      if (this.isWord('all') || this.isWord('any') || this.isWord('some'))
        throw outsideSubset(`${this.t.v.toUpperCase()} (subquery)`);
      const op = tok.v === '!=' ? '<>' : tok.v === '!<' ? '>=' : tok.v === '!>' ? '<=' : tok.v;
      return { k: 'bin', op, l: left, r: this.additive() };
    }
    if (this.isWord('is')) {
      this.i++;
      const not = this.eatWord('not');
      this.expectWord('null');
      return { k: 'isnull', e: left, not };
    }
    const not = this.isWord('not') && ['between', 'in', 'like'].includes(this.peek().v.toLowerCase());
    if (not) this.i++;
    if (this.eatWord('between')) {
      const lo = this.additive();
      this.expectWord('and');
      const hi = this.additive();
      return { k: 'between', e: left, lo, hi, not };
    }
    if (this.eatWord('in')) {
      this.expectOp('(');
      if (this.isWord('select') || this.isWord('with')) {
        const sub = this.select();
        this.expectOp(')');
        return { k: 'in', e: left, sub, not };
      }
      const list: Expr[] = [];
      do list.push(this.expr());
      while (this.eatOp(','));
      this.expectOp(')');
      return { k: 'in', e: left, list, not };
    }
    if (this.eatWord('like')) {
      const pat = this.additive();
      const esc = this.eatWord('escape') ? this.additive() : undefined;
      return { k: 'like', e: left, pat, esc, not };
    }
    if (not) throw this.error();
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const tok = this.t;
      if (tok.k === 'op' && ['+', '-', '&', '|', '^'].includes(tok.v)) {
        this.i++;
        left = { k: 'bin', op: tok.v, l: left, r: this.multiplicative() };
      } else return left;
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const tok = this.t;
      if (tok.k === 'op' && ['*', '/', '%'].includes(tok.v)) {
        this.i++;
        left = { k: 'bin', op: tok.v, l: left, r: this.unary() };
      } else return left;
    }
  }

  private unary(): Expr {
    const tok = this.t;
    if (tok.k === 'op' && (tok.v === '-' || tok.v === '+' || tok.v === '~')) {
      this.i++;
      const e = this.unary();
      if (tok.v === '-' && e.k === 'num') return { k: 'num', v: `-${e.v}` };
      return { k: 'unary', op: tok.v, e };
    }
    let e = this.primary();
    while (this.isWord('collate')) {
      this.i++;
      const c = this.t;
      if (c.k !== 'word') throw this.error();
      this.i++;
      e = { k: 'collate', e, collation: c.v };
    }
    return e;
  }

  primary(): Expr {
    const tok = this.t;
    switch (tok.k) {
      case 'num':
        this.i++;
        return { k: 'num', v: tok.v };
      case 'str':
      case 'nstr':
        this.i++;
        return { k: 'str', v: tok.v, unicode: tok.k === 'nstr' };
      case 'var':
        this.i++;
        return { k: 'var', name: tok.v };
      case 'sysvar':
        this.i++;
        return { k: 'sysvar', name: tok.v };
      case 'op':
        if (tok.v === '(') {
          this.i++;
          if (this.isWord('select') || this.isWord('with')) {
            const sub = this.select();
            this.expectOp(')');
            return { k: 'subquery', sub };
          }
          const e = this.expr();
          this.expectOp(')');
          return { k: 'paren', e };
        }
        if (tok.v === '$') throw outsideSubset('money literal ($)');
        throw this.error();
      case 'qname':
      case 'word':
        return this.nameOrCall();
      default:
        throw this.error();
    }
  }

  private nameOrCall(): Expr {
    const tok = this.t;
    const lower = tok.k === 'word' ? tok.v.toLowerCase() : '';
    if (lower === 'null') {
      this.i++;
      return { k: 'null' };
    }
    if (lower === 'case') return this.caseExpr();
    if (
      tok.k === 'word' &&
      RESERVED.has(lower) &&
      ![
        'left',
        'right',
        'coalesce',
        'nullif',
        'convert',
        'try_convert',
        'current_timestamp',
        'user',
        'current_user',
        'session_user',
        'system_user',
      ].includes(lower)
    )
      throw this.error();
    if (tok.k === 'word' && this.isOp('(', this.peek())) return this.call();
    if (lower === 'current_timestamp') {
      this.i++;
      return { k: 'fn', name: 'getdate', args: [] };
    }
    const parts: string[] = [tok.v];
    this.i++;
    while (this.isOp('.')) {
      this.i++;
      const p = this.t;
      if (p.k !== 'word' && p.k !== 'qname') throw this.error();
      parts.push(p.v);
      this.i++;
    }
    if (this.isOp('(')) throw outsideSubset(`user-defined function ${parts.join('.')}`);
    return { k: 'col', parts };
  }

  private caseExpr(): Expr {
    this.i++;
    const operand = this.isWord('when') ? undefined : this.expr();
    const whens: [Expr, Expr][] = [];
    while (this.eatWord('when')) {
      const c = this.expr();
      this.expectWord('then');
      whens.push([c, this.expr()]);
    }
    if (whens.length === 0) throw this.error();
    const els = this.eatWord('else') ? this.expr() : undefined;
    this.expectWord('end');
    return { k: 'case', operand, whens, else: els };
  }

  typeRef(): TypeRef {
    const tok = this.t;
    if (tok.k !== 'word' && tok.k !== 'qname') throw this.error();
    this.i++;
    let name = tok.v;
    if (this.isWord('varying') && /^n?char$/i.test(name)) {
      this.i++;
      name = name.replace(/char/i, 'varchar');
    }
    if (name.toLowerCase() === 'double' && this.eatWord('precision')) name = 'float';
    const args: (number | 'max')[] = [];
    if (this.eatOp('(')) {
      do {
        const a = this.t;
        if (a.k === 'num' && /^\d+$/.test(a.v)) args.push(Number(a.v));
        else if (a.k === 'word' && a.v.toLowerCase() === 'max') args.push('max');
        else throw this.error();
        this.i++;
      } while (this.eatOp(','));
      this.expectOp(')');
    }
    return { name, args };
  }

  private call(): Expr {
    const nameTok = this.t;
    const name = nameTok.v.toLowerCase();
    this.i += 2; // name (
    switch (name) {
      case 'cast':
      case 'try_cast': {
        const e = this.expr();
        this.expectWord('as');
        const type = this.typeRef();
        this.expectOp(')');
        return { k: 'cast', e, type, try: name === 'try_cast', how: 'cast' };
      }
      case 'convert':
      case 'try_convert': {
        const type = this.typeRef();
        this.expectOp(',');
        const e = this.expr();
        const style = this.eatOp(',') ? this.expr() : undefined;
        this.expectOp(')');
        return { k: 'cast', e, type, style, try: name === 'try_convert', how: 'convert' };
      }
      case 'dateadd':
      case 'datediff':
      case 'datediff_big':
      case 'datepart':
      case 'datename':
      case 'datetrunc': {
        const p = this.t;
        if (p.k !== 'word') throw this.error();
        this.i++;
        const args: Expr[] = [];
        while (this.eatOp(',')) args.push(this.expr());
        this.expectOp(')');
        return { k: 'datefn', fn: name, part: p.v.toLowerCase(), args };
      }
    }
    const fn: Expr & { k: 'fn' } = { k: 'fn', name, args: [] };
    if (this.eatOp('*')) fn.star = true;
    else if (!this.isOp(')')) {
      if (this.eatWord('distinct')) fn.distinct = true;
      else this.eatWord('all');
      do fn.args.push(this.expr());
      while (this.eatOp(','));
    }
    this.expectOp(')');
    if (this.isWord('within') && this.isWord('group', this.peek())) {
      this.i += 2;
      this.expectOp('(');
      this.expectWord('order');
      this.expectWord('by');
      fn.withinGroup = this.orderList();
      this.expectOp(')');
    }
    if (this.eatWord('over')) fn.over = this.over();
    return fn;
  }

  private over(): Over {
    this.expectOp('(');
    const partition: Expr[] = [];
    const order: OrderItem[] = [];
    let frame: string | undefined;
    if (this.eatWord('partition')) {
      this.expectWord('by');
      do partition.push(this.expr());
      while (this.eatOp(','));
    }
    if (this.eatWord('order')) {
      this.expectWord('by');
      order.push(...this.orderList());
    }
    if (this.isWord('rows') || this.isWord('range')) {
      const words: string[] = [];
      while (!this.isOp(')') && this.t.k !== 'eof') {
        const w = this.t;
        if (w.k !== 'word' && w.k !== 'num') throw this.error();
        words.push(w.v.toUpperCase());
        this.i++;
      }
      frame = words.join(' ');
      if (
        !/^(ROWS|RANGE) (BETWEEN )?((UNBOUNDED|\d+) (PRECEDING|FOLLOWING)|CURRENT ROW)( AND ((UNBOUNDED|\d+) (PRECEDING|FOLLOWING)|CURRENT ROW))?$/.test(
          frame,
        )
      )
        throw this.error();
    }
    this.expectOp(')');
    return { partition, order, frame };
  }
}
