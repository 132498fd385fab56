// Translates a parsed T-SQL SELECT to PostgreSQL: binds names to the catalog (dbo default, aliases, CTEs), infers SQL Server types, applies CI_AS comparison.
import type { Expr, OrderItem, QueryExpr, Select, SelectCore, TableRef, TypeRef } from './tsql-ast.js';
import type { CatalogTable } from './catalog.js';
import { outsideSubset, TsqlError } from './tsql-error.js';
import {
  asDecimal,
  decimalResult,
  higher,
  isDateLike,
  isInteger,
  isNumeric,
  isString,
  isUnicode,
  parseTypeName,
  pgType,
  t,
  typeName,
  type SqlType,
} from './sql-types.js';

/** A result column as the client sees it. */
export interface OutColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
  /** The table column it comes from, when it is one (sp_describe_first_result_set's source columns). */
  source?: { table: string; column: string };
}

export interface TranslateOptions {
  database: string;
  tables: CatalogTable[];
  /** Other databases on this server (a reference to one is refused as Azure SQL Database refuses it). */
  otherDatabases: string[];
  /** Declared parameters (lower-case name with @) and their types. */
  params: ReadonlyMap<string, SqlType>;
  sysvars: Record<string, { sql: string; type: SqlType }>;
  user: string;
}

export interface PgQuery {
  text: string;
  /** Parameter names in $n order. */
  params: string[];
  columns: OutColumn[];
}

interface Typed {
  sql: string;
  type: SqlType;
  nullable: boolean;
  /** A condition (PostgreSQL boolean), not a value. */
  bool?: boolean;
  /** The text of a string literal. */
  literal?: string;
  /** No column reference inside (GROUP BY refuses those). */
  constant?: boolean;
  /** Compare exactly (a case-sensitive or binary COLLATE clause). */
  caseSensitive?: boolean;
  source?: { table: string; column: string };
}

interface BoundColumn {
  name: string;
  pg: string;
  type: SqlType;
  nullable: boolean;
  source?: { table: string; column: string };
}

interface Source {
  /** Name that qualifies its columns (alias, or table name when unaliased), lower case. */
  name: string;
  /** Also accepted when unaliased: schema.table. */
  schema?: string;
  aliased: boolean;
  pgAlias: string;
  columns: BoundColumn[];
}

interface Scope {
  sources: Source[];
  parent?: Scope;
  ctes: Map<string, { pgName: string; columns: BoundColumn[] }>;
  /** PostgreSQL texts of GROUP BY string expressions (grouped by their CI key; read through min()). */
  groupedStrings?: Set<string>;
  /** Select aliases usable in ORDER BY. */
  inAggregate?: boolean;
  grouped?: boolean;
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ciKey = (s: string): string => s.replace(/ +$/, '').toLowerCase();

const AGGREGATES = new Set([
  'count',
  'count_big',
  'sum',
  'avg',
  'min',
  'max',
  'string_agg',
  'stdev',
  'stdevp',
  'var',
  'varp',
]);
const WINDOW_ONLY = new Set([
  'row_number',
  'rank',
  'dense_rank',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
]);

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
  dayofyear: 'dayofyear',
  dy: 'dayofyear',
  y: 'dayofyear',
  day: 'day',
  dd: 'day',
  d: 'day',
  week: 'week',
  wk: 'week',
  ww: 'week',
  weekday: 'weekday',
  dw: 'weekday',
  w: 'weekday',
  hour: 'hour',
  hh: 'hour',
  minute: 'minute',
  mi: 'minute',
  n: 'minute',
  second: 'second',
  ss: 'second',
  s: 'second',
  millisecond: 'millisecond',
  ms: 'millisecond',
};

export class Translator {
  private readonly paramOrder: string[] = [];
  private aliasCount = 0;

  constructor(private readonly o: TranslateOptions) {}

  translate(sel: Select): PgQuery {
    const scope: Scope = { sources: [], ctes: new Map() };
    const r = this.select(sel, scope, false);
    return { text: r.sql, params: this.paramOrder, columns: r.columns };
  }

  /** A condition on its own (IF @@TRANCOUNT > 0 ...). */
  condition(e: Expr): PgQuery {
    const c = this.cond(e, { sources: [], ctes: new Map() });
    return { text: `SELECT CASE WHEN ${c.sql} THEN 1 ELSE 0 END`, params: this.paramOrder, columns: [] };
  }

  private nextAlias(prefix = 't'): string {
    return `${prefix}${++this.aliasCount}`;
  }

  // ---- SELECT ----

  private select(sel: Select, outer: Scope, subquery: boolean): { sql: string; columns: OutColumn[] } {
    const scope: Scope = { sources: [], parent: outer.parent, ctes: new Map(outer.ctes) };
    const withs: string[] = [];
    for (const cte of sel.with) {
      const pgName = this.nextAlias('cte');
      const r = this.select(cte.q, scope, true);
      if (cte.cols && cte.cols.length !== r.columns.length)
        throw new TsqlError(8158, `'${cte.name}' has more columns than were specified in the column list.`);
      const names = cte.cols ?? r.columns.map((c) => c.name);
      names.forEach((n) => {
        if (n === '')
          throw new TsqlError(
            8155,
            `No column name was specified for column ${names.indexOf(n) + 1} of '${cte.name}'.`,
          );
      });
      withs.push(`${pgName} AS (${r.sql})`);
      scope.ctes.set(cte.name.toLowerCase(), {
        pgName,
        columns: r.columns.map((c, i) => ({ ...c, name: names[i]!, pg: `c${i + 1}` })),
      });
    }
    const withSql = withs.length ? `WITH ${withs.join(', ')} ` : '';
    if (subquery && sel.order.length && !sel.offset && !(sel.body.k === 'core' && sel.body.top))
      throw new TsqlError(
        1033,
        'The ORDER BY clause is invalid in views, inline functions, derived tables, subqueries, and common table expressions, unless TOP, OFFSET or FOR XML is also specified.',
      );
    const body = sel.body;
    if (body.k === 'core') {
      const r = this.core(
        body,
        { ...scope, parent: outer.sources.length || outer.parent ? outer : scope.parent },
        sel,
      );
      return { sql: withSql + r.sql, columns: r.columns };
    }
    // UNION / EXCEPT / INTERSECT: ORDER BY names or numbers output columns.
    const r = this.queryExpr(body, {
      ...scope,
      parent: outer.sources.length || outer.parent ? outer : scope.parent,
    });
    let sql = r.sql;
    if (sel.order.length || sel.offset) {
      const keys = sel.order.map((o) => {
        const i = this.outputIndex(o.e, r.columns);
        if (i < 0)
          throw new TsqlError(
            104,
            'ORDER BY items must appear in the select list if the statement contains a UNION, INTERSECT or EXCEPT operator.',
          );
        return this.orderKey(`u.c${i + 1}`, r.columns[i]!.type, o.desc);
      });
      sql = `SELECT ${r.columns.map((_, i) => `u.c${i + 1}`).join(', ')} FROM (${sql}) u ORDER BY ${keys.join(', ')}${this.offsetFetch(sel, scope)}`;
    }
    return { sql: withSql + sql, columns: r.columns };
  }

  private offsetFetch(sel: Select, scope: Scope): string {
    if (!sel.offset) return '';
    const off = this.value(sel.offset, scope);
    let s = ` OFFSET ${off.sql} ROWS`;
    if (sel.fetch) s += ` FETCH NEXT ${this.value(sel.fetch, scope).sql} ROWS ONLY`;
    return s;
  }

  private outputIndex(e: Expr, columns: OutColumn[]): number {
    if (e.k === 'num' && /^\d+$/.test(e.v)) {
      const n = Number(e.v);
      if (n < 1 || n > columns.length)
        throw new TsqlError(
          108,
          `The ORDER BY position number ${n} is out of range of the number of items in the select list.`,
        );
      return n - 1;
    }
    if (e.k === 'col' && e.parts.length === 1) {
      const name = e.parts[0]!.toLowerCase();
      return columns.findIndex((c) => c.name.toLowerCase() === name);
    }
    return -1;
  }

  private orderKey(sql: string, type: SqlType, desc: boolean): string {
    const key = isString(type) ? `lower(${sql})` : sql;
    return desc ? `${key} DESC NULLS LAST` : `${key} ASC NULLS FIRST`;
  }

  private queryExpr(e: QueryExpr, scope: Scope): { sql: string; columns: OutColumn[] } {
    if (e.k === 'core') return this.core(e, scope, undefined);
    if (e.k === 'nested') return this.select(e.q, scope, true);
    const l = this.queryExpr(e.l, scope);
    const r = this.queryExpr(e.r, scope);
    if (l.columns.length !== r.columns.length)
      throw new TsqlError(
        205,
        'All queries combined using a UNION, INTERSECT or EXCEPT operator must have an equal number of expressions in their target lists.',
      );
    const columns = l.columns.map((c, i) => {
      const other = r.columns[i]!;
      return { name: c.name, type: higher(c.type, other.type), nullable: c.nullable || other.nullable };
    });
    const cast = (side: { columns: OutColumn[] }, sql: string): string =>
      `SELECT ${columns.map((c, i) => (typeName(c.type) === typeName(side.columns[i]!.type) ? `s.c${i + 1}` : `${this.convert({ sql: `s.c${i + 1}`, type: side.columns[i]!.type, nullable: true }, c.type)}`) + ` AS c${i + 1}`).join(', ')} FROM (${sql}) s`;
    const op = e.op.toUpperCase();
    return { sql: `(${cast(l, l.sql)}) ${op} (${cast(r, r.sql)})`, columns };
  }

  private core(
    core: SelectCore,
    outer: Scope,
    sel: Select | undefined,
  ): { sql: string; columns: OutColumn[] } {
    const scope: Scope = {
      sources: [],
      parent: outer.parent === undefined && outer.sources.length === 0 ? undefined : outer,
      ctes: outer.ctes,
    };
    if (outer.sources.length === 0 && outer.parent) scope.parent = outer.parent;
    const from = core.from.map((f) => this.tableRef(f, scope));
    const where = core.where ? this.cond(core.where, scope) : undefined;
    if (core.where && this.hasAggregate(core.where))
      throw new TsqlError(
        147,
        'An aggregate may not appear in the WHERE clause unless it is in a subquery contained in a HAVING clause or a select list, and the column being aggregated is an outer reference.',
      );
    // Items (stars expanded).
    type Item = { e?: Expr; bound?: BoundColumn & { pgAlias: string }; alias?: string };
    const items: Item[] = [];
    for (const it of core.items) {
      if (it.k === 'star') {
        const sources = it.qual ? [this.findSource(scope, it.qual)] : scope.sources;
        if (!it.qual && scope.sources.length === 0)
          throw new TsqlError(263, 'Must specify table to select from.');
        for (const s of sources)
          for (const c of s.columns) items.push({ bound: { ...c, pgAlias: s.pgAlias } });
      } else items.push({ e: it.e, alias: it.alias });
    }
    const aggregated =
      core.groupBy.length > 0 ||
      items.some((i) => i.e && this.hasAggregate(i.e)) ||
      core.having !== undefined;
    // DISTINCT over plain columns groups by them, so that it compares like the collation (CI, trailing spaces).
    const distinctAsGroup = core.distinct && !aggregated;
    const groupExprs: Expr[] = distinctAsGroup
      ? items.map((i) => i.e ?? ({ k: 'col', parts: [] } as Expr))
      : core.groupBy;
    const groupSql: string[] = [];
    const groupedStrings = new Set<string>();
    if (groupExprs.length) {
      for (let gi = 0; gi < groupExprs.length; gi++) {
        const item = distinctAsGroup ? items[gi]! : undefined;
        const g = item?.bound
          ? {
              sql: `${item.bound.pgAlias}.${item.bound.pg}`,
              type: item.bound.type,
              nullable: true,
              constant: false,
            }
          : this.value(groupExprs[gi]!, scope);
        if (g.constant && !distinctAsGroup)
          throw new TsqlError(
            164,
            'Each GROUP BY expression must contain at least one column that is not an outer reference.',
          );
        if (!core.groupBy.length && g.constant) continue;
        if (isString(g.type) && !g.caseSensitive) {
          groupSql.push(`lower(rtrim(${g.sql}))`);
          groupedStrings.add(g.sql);
        } else groupSql.push(g.sql);
      }
    }
    const selScope: Scope = { ...scope, groupedStrings, grouped: aggregated || distinctAsGroup };
    const columns: OutColumn[] = [];
    const selectSql: string[] = [];
    items.forEach((it, idx) => {
      let v: Typed;
      let name: string;
      if (it.bound) {
        const sql = `${it.bound.pgAlias}.${it.bound.pg}`;
        v = {
          sql: groupedStrings.has(sql) ? `min(${sql})` : sql,
          type: it.bound.type,
          nullable: it.bound.nullable,
          source: it.bound.source,
        };
        name = it.bound.name;
      } else {
        v = this.value(it.e!, selScope);
        name = it.alias ?? (it.e!.k === 'col' ? it.e!.parts[it.e!.parts.length - 1]! : '');
      }
      selectSql.push(`${v.sql} AS c${idx + 1}`);
      columns.push({
        name,
        type: v.type,
        nullable: v.nullable,
        source: it.alias === undefined ? v.source : v.source,
      });
    });
    if (aggregated && !core.groupBy.length && !distinctAsGroup) {
      // An aggregate query without GROUP BY: a plain column in the list is an error.
      for (const it of items) if (it.e) this.checkGrouped(it.e, scope, []);
    } else if (core.groupBy.length) {
      for (const it of items) if (it.e) this.checkGrouped(it.e, scope, core.groupBy);
      for (const it of items)
        if (it.bound)
          throw new TsqlError(
            8120,
            `Column '${it.bound.source?.table ?? 'dbo'}.${it.bound.name}' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.`,
          );
    }
    const having = core.having ? this.cond(core.having, selScope) : undefined;
    let sql = `SELECT ${!distinctAsGroup && core.distinct ? 'DISTINCT ' : ''}${selectSql.join(', ')}`;
    if (from.length) sql += ` FROM ${from.join(', ')}`;
    if (where) sql += ` WHERE ${where.sql}`;
    if (groupSql.length) sql += ` GROUP BY ${groupSql.join(', ')}`;
    else if (distinctAsGroup && groupExprs.length)
      sql = `SELECT DISTINCT ${selectSql.join(', ')}${from.length ? ` FROM ${from.join(', ')}` : ''}${where ? ` WHERE ${where.sql}` : ''}`;
    if (having) sql += ` HAVING ${having.sql}`;

    // ORDER BY / TOP / OFFSET (only the select that owns them).
    const order = sel?.order ?? [];
    const top = core.top;
    if (top && sel?.offset)
      throw new TsqlError(10741, 'A TOP can not be used in the same query or sub-query as a OFFSET.');
    if (top?.ties && order.length === 0)
      throw new TsqlError(
        1062,
        'The TOP N WITH TIES clause is not allowed without a corresponding ORDER BY clause.',
      );
    if (!order.length && !top && !sel?.offset) return { sql, columns };
    const hidden: string[] = [];
    const keys: string[] = [];
    order.forEach((o, k) => {
      const idx = this.orderOutputIndex(o, items, columns);
      if (idx >= 0) {
        keys.push(this.orderKey(`o.c${idx + 1}`, columns[idx]!.type, o.desc));
        return;
      }
      if (core.distinct)
        throw new TsqlError(
          145,
          'ORDER BY items must appear in the select list if SELECT DISTINCT is specified.',
        );
      const v = this.value(o.e, selScope);
      if (v.constant && o.e.k !== 'subquery')
        throw new TsqlError(
          408,
          'A constant expression was encountered in the ORDER BY list, position ' + (k + 1) + '.',
        );
      if (core.groupBy.length) this.checkGrouped(o.e, scope, core.groupBy);
      hidden.push(`${v.sql} AS k${k + 1}`);
      keys.push(this.orderKey(`o.k${k + 1}`, v.type, o.desc));
    });
    const inner = hidden.length ? sql.replace(/^SELECT (DISTINCT )?/, (m) => m) + '' : sql;
    const innerSql = hidden.length ? this.appendSelect(inner, hidden) : inner;
    const cols = columns.map((_, i) => `o.c${i + 1}`).join(', ');
    const orderSql = keys.length ? ` ORDER BY ${keys.join(', ')}` : '';
    if (top && (top.percent || top.ties)) {
      const n = this.value(top.e, scope);
      const keysOnly = keys.join(', ');
      const limit = top.percent ? `ceil(o.__c * (${n.sql})::numeric / 100)` : `(${n.sql})`;
      const rank = top.ties
        ? `rank() OVER (ORDER BY ${keysOnly})`
        : keys.length
          ? `row_number() OVER (ORDER BY ${keysOnly})`
          : 'row_number() OVER ()';
      const windowed = `SELECT o.*, ${rank} AS __r, count(*) OVER () AS __c FROM (${innerSql}) o`;
      return {
        sql: `SELECT ${cols} FROM (${windowed}) o WHERE o.__r <= ${limit}${orderSql}`,
        columns,
      };
    }
    let tail = orderSql;
    if (top) tail += ` LIMIT ${this.value(top.e, scope).sql}`;
    if (sel?.offset) tail += this.offsetFetch(sel, scope);
    return { sql: `SELECT ${cols} FROM (${innerSql}) o${tail}`, columns };
  }

  private appendSelect(sql: string, extra: string[]): string {
    // The select list ends at the first top-level " FROM " of this query (or the end).
    let depth = 0;
    let inStr = false;
    for (let i = 0; i < sql.length; i++) {
      const c = sql[i]!;
      if (c === "'") inStr = !inStr;
      if (inStr) continue;
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (depth === 0 && sql.startsWith(' FROM ', i))
        return `${sql.slice(0, i)}, ${extra.join(', ')}${sql.slice(i)}`;
    }
    return `${sql}, ${extra.join(', ')}`;
  }

  /**
   * The select-list column an ORDER BY item names, or -1: a position, an alias, or the same column as
   * an unaliased item (`SELECT DISTINCT d.Segment … ORDER BY Segment` or `ORDER BY d.Segment`), as SQL
   * Server resolves ORDER BY names against the select list first.
   */
  private orderOutputIndex(
    o: OrderItem,
    items: { alias?: string | undefined; e?: Expr | undefined; bound?: BoundColumn | undefined }[],
    columns: OutColumn[],
  ): number {
    if (o.e.k === 'num' && /^\d+$/.test(o.e.v)) return this.outputIndex(o.e, columns);
    if (o.e.k !== 'col') return -1;
    const parts = o.e.parts.map((p) => p.toLowerCase());
    if (parts.length === 1) {
      const i = items.findIndex((item) => item.alias?.toLowerCase() === parts[0]);
      if (i >= 0) return i;
    }
    return items.findIndex((item) => {
      if (item.bound) return parts.length === 1 && item.bound.name.toLowerCase() === parts[0];
      if (item.alias !== undefined || item.e?.k !== 'col') return false;
      const named = item.e.parts.map((p) => p.toLowerCase());
      // The same column written the same way, or by its bare name when ORDER BY gives only that.
      return (
        named.join('.') === parts.join('.') || (parts.length === 1 && named[named.length - 1] === parts[0])
      );
    });
  }

  private hasAggregate(e: Expr): boolean {
    let found = false;
    this.walk(e, (x) => {
      if (x.k === 'fn' && AGGREGATES.has(x.name) && !x.over) found = true;
      return x.k !== 'subquery' && x.k !== 'exists' && x.k !== 'in';
    });
    if (e.k === 'in')
      found = found || this.hasAggregate(e.e) || (e.list ?? []).some((l) => this.hasAggregate(l));
    return found;
  }

  private walk(e: Expr, f: (e: Expr) => boolean): void {
    if (!f(e)) return;
    const kids: Expr[] = [];
    switch (e.k) {
      case 'unary':
      case 'paren':
      case 'collate':
      case 'isnull':
        kids.push(e.e);
        break;
      case 'bin':
        kids.push(e.l, e.r);
        break;
      case 'between':
        kids.push(e.e, e.lo, e.hi);
        break;
      case 'in':
        kids.push(e.e, ...(e.list ?? []));
        break;
      case 'like':
        kids.push(e.e, e.pat);
        break;
      case 'case':
        if (e.operand) kids.push(e.operand);
        for (const [a, b] of e.whens) kids.push(a, b);
        if (e.else) kids.push(e.else);
        break;
      case 'fn':
        kids.push(...e.args);
        break;
      case 'cast':
        kids.push(e.e);
        break;
      case 'datefn':
        kids.push(...e.args);
        break;
      default:
        break;
    }
    for (const k of kids) this.walk(k, f);
  }

  /** A column outside aggregates must be a GROUP BY expression (8120). */
  private checkGrouped(e: Expr, scope: Scope, groupBy: Expr[]): void {
    const same = (a: Expr, b: Expr): boolean => JSON.stringify(norm(a)) === JSON.stringify(norm(b));
    const norm = (x: Expr): unknown =>
      JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)));
    const visit = (x: Expr): boolean => {
      if (groupBy.some((g) => same(g, x))) return false;
      if (x.k === 'fn' && AGGREGATES.has(x.name) && !x.over) return false;
      if (x.k === 'subquery' || x.k === 'exists') return false;
      if (x.k === 'col') {
        const parts = x.parts;
        // Columns of an outer query are constants here.
        if (!this.resolvesLocally(parts, scope)) return false;
        if (groupBy.some((g) => g.k === 'col' && this.sameColumn(g.parts, parts, scope))) return false;
        throw new TsqlError(
          8120,
          `Column '${parts.join('.')}' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.`,
        );
      }
      return true;
    };
    this.walk(e, visit);
  }

  private resolvesLocally(parts: string[], scope: Scope): boolean {
    try {
      return this.bindColumn(parts, { ...scope, parent: undefined }) !== undefined;
    } catch {
      return false;
    }
  }

  private sameColumn(a: string[], b: string[], scope: Scope): boolean {
    const x = this.bindColumn(a, { ...scope, parent: undefined });
    const y = this.bindColumn(b, { ...scope, parent: undefined });
    return x !== undefined && y !== undefined && x.sql === y.sql;
  }

  // ---- FROM ----

  private tableRef(f: TableRef, scope: Scope): string {
    switch (f.k) {
      case 'table': {
        const bound = this.bindTable(f.parts, scope);
        const pgAlias = this.nextAlias();
        const name = (f.alias ?? f.parts[f.parts.length - 1]!).toLowerCase();
        if (scope.sources.some((s) => s.name === name))
          throw new TsqlError(
            1013,
            `The objects "${f.alias ?? f.parts.join('.')}" and "${f.alias ?? f.parts.join('.')}" in the FROM clause have the same exposed names. Use correlation names to distinguish them.`,
          );
        scope.sources.push({
          name,
          schema: f.alias ? undefined : bound.schema?.toLowerCase(),
          aliased: f.alias !== undefined,
          pgAlias,
          columns: bound.columns,
        });
        return `${bound.pg} ${pgAlias}`;
      }
      case 'derived': {
        const r = this.select(f.sub, { sources: [], parent: scope.parent, ctes: scope.ctes }, true);
        return this.addDerived(f.alias, f.cols, r, scope, '');
      }
      case 'join': {
        const l = this.tableRef(f.l, scope);
        if (f.type === 'cross apply' || f.type === 'outer apply') {
          if (f.r.k !== 'derived') throw outsideSubset('APPLY with a table-valued function');
          // The applied query sees the sources on its left.
          const r = this.select(
            f.r.sub,
            { sources: [...scope.sources], parent: scope.parent, ctes: scope.ctes },
            true,
          );
          const right = this.addDerived(f.r.alias, f.r.cols, r, scope, 'LATERAL ');
          return f.type === 'cross apply' ? `${l} CROSS JOIN ${right}` : `${l} LEFT JOIN ${right} ON true`;
        }
        const r = this.tableRef(f.r, scope);
        if (f.type === 'cross') return `${l} CROSS JOIN ${r}`;
        const on = this.cond(f.on!, scope);
        const kind = { inner: 'JOIN', left: 'LEFT JOIN', right: 'RIGHT JOIN', full: 'FULL JOIN' }[f.type];
        return `${l} ${kind} ${r} ON ${on.sql}`;
      }
    }
  }

  private addDerived(
    alias: string,
    cols: string[] | undefined,
    r: { sql: string; columns: OutColumn[] },
    scope: Scope,
    lateral: string,
  ): string {
    const pgAlias = this.nextAlias();
    const names = cols ?? r.columns.map((c) => c.name);
    if (cols && cols.length !== r.columns.length)
      throw new TsqlError(8159, `'${alias}' has fewer columns than were specified in the column list.`);
    names.forEach((n, i) => {
      if (n === '')
        throw new TsqlError(8155, `No column name was specified for column ${i + 1} of '${alias}'.`);
    });
    scope.sources.push({
      name: alias.toLowerCase(),
      aliased: true,
      pgAlias,
      columns: r.columns.map((c, i) => ({ ...c, name: names[i]!, pg: `c${i + 1}` })),
    });
    return `${lateral}(${r.sql}) ${pgAlias}`;
  }

  private bindTable(parts: string[], scope: Scope): { pg: string; schema?: string; columns: BoundColumn[] } {
    const written = parts.join('.');
    if (parts.length === 1) {
      const cte = scope.ctes.get(parts[0]!.toLowerCase());
      if (cte) return { pg: cte.pgName, columns: cte.columns };
    }
    if (parts.length > 3) {
      throw new TsqlError(
        40515,
        `Reference to database and/or server name in '${written}' is not supported in this version of SQL Server.`,
        15,
        1,
      );
    }
    const [db, schema, table] =
      parts.length === 3
        ? parts
        : parts.length === 2
          ? [undefined, parts[0], parts[1]]
          : [undefined, undefined, parts[0]];
    if (db !== undefined && db.toLowerCase() !== this.o.database.toLowerCase()) {
      if (this.o.otherDatabases.some((d) => d.toLowerCase() === db.toLowerCase()))
        throw new TsqlError(
          40515,
          `Reference to database and/or server name in '${written}' is not supported in this version of SQL Server.`,
          15,
          1,
        );
      throw new TsqlError(208, `Invalid object name '${written}'.`);
    }
    const s = (schema === undefined || schema === '' ? 'dbo' : schema).toLowerCase();
    const found = this.o.tables.find(
      (x) => x.schema.toLowerCase() === s && x.name.toLowerCase() === table!.toLowerCase(),
    );
    if (!found) throw new TsqlError(208, `Invalid object name '${written}'.`);
    return {
      pg: `${found.schema.toLowerCase()}.${found.name.toLowerCase()}`,
      schema: found.schema,
      columns: found.columns.map((c) => ({
        name: c.name,
        pg: c.name.toLowerCase(),
        type: c.type,
        nullable: c.nullable,
        source: { table: `${found.schema}.${found.name}`, column: c.name },
      })),
    };
  }

  private findSource(scope: Scope, qual: string[]): Source {
    const name = qual[qual.length - 1]!.toLowerCase();
    const schema = qual.length > 1 ? qual[qual.length - 2]!.toLowerCase() : undefined;
    const s = scope.sources.find(
      (x) => x.name === name && (schema === undefined || (!x.aliased && x.schema === schema)),
    );
    if (!s) throw new TsqlError(4104, `The multi-part identifier "${qual.join('.')}" could not be bound.`);
    return s;
  }

  private bindColumn(parts: string[], scope: Scope): Typed | undefined {
    const col = parts[parts.length - 1]!;
    const lower = col.toLowerCase();
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (parts.length === 1) {
        const hits = s.sources.flatMap((src) =>
          src.columns.filter((c) => c.name.toLowerCase() === lower).map((c) => ({ src, c })),
        );
        if (hits.length > 1) throw new TsqlError(209, `Ambiguous column name '${col}'.`);
        if (hits.length === 1) {
          const { src, c } = hits[0]!;
          return { sql: `${src.pgAlias}.${c.pg}`, type: c.type, nullable: c.nullable, source: c.source };
        }
        continue;
      }
      const qual = parts.slice(0, -1);
      const name = qual[qual.length - 1]!.toLowerCase();
      const schema = qual.length > 1 ? qual[qual.length - 2]!.toLowerCase() : undefined;
      const src = s.sources.find(
        (x) => x.name === name && (schema === undefined || (!x.aliased && x.schema === schema)),
      );
      if (!src) continue;
      const c = src.columns.find((x) => x.name.toLowerCase() === lower);
      if (!c) throw new TsqlError(207, `Invalid column name '${col}'.`);
      return { sql: `${src.pgAlias}.${c.pg}`, type: c.type, nullable: c.nullable, source: c.source };
    }
    if (parts.length > 1)
      throw new TsqlError(4104, `The multi-part identifier "${parts.join('.')}" could not be bound.`);
    return undefined;
  }

  // ---- expressions ----

  private value(e: Expr, scope: Scope): Typed {
    const v = this.expr(e, scope);
    if (v.bool) throw new TsqlError(102, `Incorrect syntax near '${this.opOf(e)}'.`, 15, 1);
    return v;
  }

  private opOf(e: Expr): string {
    if (e.k === 'bin') return e.op === 'and' || e.op === 'or' ? e.op.toUpperCase() : e.op;
    if (e.k === 'paren') return this.opOf(e.e);
    return e.k === 'isnull' ? 'IS' : e.k.toUpperCase();
  }

  private cond(e: Expr, scope: Scope): Typed {
    const v = this.expr(e, scope);
    if (!v.bool)
      throw new TsqlError(
        4145,
        `An expression of non-boolean type specified in a context where a condition is expected, near '${e.k === 'col' ? e.parts.join('.') : ')'}'.`,
      );
    return v;
  }

  private expr(e: Expr, scope: Scope): Typed {
    const v = this.expr0(e, scope);
    // A GROUP BY string column is grouped by its CI key; its value is read through min().
    if (!v.bool && scope.groupedStrings?.has(v.sql) && !scope.inAggregate)
      return { ...v, sql: `min(${v.sql})` };
    return v;
  }

  private expr0(e: Expr, scope: Scope): Typed {
    switch (e.k) {
      case 'num': {
        if (/[eE]/.test(e.v))
          return { sql: `${e.v}::double precision`, type: t.float, nullable: false, constant: true };
        if (e.v.includes('.')) {
          const digits = e.v.replace(/^-/, '');
          const [i = '', f = ''] = digits.split('.');
          const p = Math.max(1, i.replace(/^0+/, '').length + f.length);
          return {
            sql: `${e.v}::numeric`,
            type: t.decimal(Math.max(p, f.length), f.length),
            nullable: false,
            constant: true,
          };
        }
        const n = BigInt(e.v);
        if (n >= -2147483648n && n <= 2147483647n)
          return { sql: `${e.v}`, type: t.int, nullable: false, constant: true };
        return {
          sql: `${e.v}::numeric`,
          type: t.decimal(e.v.replace('-', '').length, 0),
          nullable: false,
          constant: true,
        };
      }
      case 'str': {
        const len = Math.max(1, e.v.length);
        return {
          sql: `${lit(e.v)}::${e.unicode ? 'varchar' : 'varchar'}`,
          type: e.unicode ? t.nvarchar(len) : t.varchar(len),
          nullable: false,
          literal: e.v,
          constant: true,
        };
      }
      case 'null':
        return { sql: 'NULL', type: t.int, nullable: true, constant: true };
      case 'var': {
        const name = e.name.toLowerCase();
        const type = this.o.params.get(name);
        if (!type) throw new TsqlError(137, `Must declare the scalar variable "${e.name}".`, 15, 2);
        let i = this.paramOrder.indexOf(name);
        if (i < 0) i = this.paramOrder.push(name) - 1;
        return { sql: `CAST($${i + 1} AS ${pgType(type)})`, type, nullable: true, constant: true };
      }
      case 'sysvar': {
        const sv = this.o.sysvars[e.name.toLowerCase()];
        if (!sv) throw new TsqlError(137, `Must declare the scalar variable "${e.name}".`, 15, 2);
        return { sql: sv.sql, type: sv.type, nullable: false, constant: true };
      }
      case 'col': {
        if (e.parts.length === 0) throw new TsqlError(102, "Incorrect syntax near ','.", 15);
        const v = this.bindColumn(e.parts, scope);
        if (!v) throw new TsqlError(207, `Invalid column name '${e.parts[0]}'.`);
        return v;
      }
      case 'paren':
        return this.expr(e.e, scope);
      case 'collate': {
        const v = this.value(e.e, scope);
        if (!isString(v.type)) throw new TsqlError(447, 'Expression type int is invalid for COLLATE clause.');
        const c = e.collation.toLowerCase();
        if (!/^(latin1_general|sql_latin1_general_cp1)/.test(c) && !/_bin2?$/.test(c))
          throw new TsqlError(448, `Invalid collation '${e.collation}'.`);
        return { ...v, caseSensitive: /_cs_|_bin2?$/.test(c) };
      }
      case 'unary': {
        if (e.op === 'not') {
          const c = this.cond(e.e, scope);
          return { sql: `(NOT ${c.sql})`, type: t.int, nullable: false, bool: true };
        }
        const v = this.value(e.e, scope);
        if (!isNumeric(v.type)) throw this.clash(v.type, e.op === '~' ? t.int : v.type, `${e.op}`);
        return { ...v, sql: e.op === '~' ? `(~${v.sql})` : `(${e.op}${v.sql})` };
      }
      case 'bin':
        return this.binary(e.op, e.l, e.r, scope);
      case 'isnull': {
        const v = this.value(e.e, scope);
        return { sql: `(${v.sql} IS ${e.not ? 'NOT ' : ''}NULL)`, type: t.int, nullable: false, bool: true };
      }
      case 'between': {
        const lo = this.compare('>=', e.e, e.lo, scope);
        const hi = this.compare('<=', e.e, e.hi, scope);
        const s = `(${lo.sql} AND ${hi.sql})`;
        return { sql: e.not ? `(NOT ${s})` : s, type: t.int, nullable: false, bool: true };
      }
      case 'in': {
        const left = this.value(e.e, scope);
        if (e.sub) {
          const sub = this.select(e.sub, scope, true);
          if (sub.columns.length !== 1)
            throw new TsqlError(
              116,
              'Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.',
            );
          const t1 = sub.columns[0]!.type;
          const ci = isString(left.type) && isString(t1) && !left.caseSensitive;
          const l = ci ? `lower(rtrim(${left.sql}))` : this.convert(left, higher(left.type, t1));
          const r = ci
            ? `lower(rtrim(s.c1))`
            : this.convert({ sql: 's.c1', type: t1, nullable: true }, higher(left.type, t1));
          return {
            sql: `(${l} ${e.not ? 'NOT ' : ''}IN (SELECT ${r} FROM (${sub.sql}) s))`,
            type: t.int,
            nullable: false,
            bool: true,
          };
        }
        const parts = e.list!.map((x) => this.compare('=', e.e, x, scope, left).sql);
        const s = `(${parts.join(' OR ')})`;
        return { sql: e.not ? `(NOT ${s})` : s, type: t.int, nullable: false, bool: true };
      }
      case 'like': {
        const v = this.value(e.e, scope);
        const p = this.value(e.pat, scope);
        const esc = e.esc ? this.value(e.esc, scope) : undefined;
        // An implicit conversion is sized to fit the value (varchar(max)), never cut or overflowed.
        const text0 = isString(v.type) ? v.sql : this.convert(v, t.varchar(-1));
        // Trailing blanks of the value are ignored only when no argument is Unicode.
        const text = isUnicode(v.type) || isUnicode(p.type) ? `(${text0})` : `rtrim(${text0})`;
        const cs = v.caseSensitive || p.caseSensitive;
        let sql: string;
        if (p.literal !== undefined && /\[/.test(p.literal) && !esc) {
          sql = `(${text} ${cs ? '~' : '~*'} ${lit(likeToRegex(p.literal))})`;
        } else {
          const pat = isString(p.type) ? p.sql : this.convert(p, t.varchar(-1));
          sql = `(${text} ${cs ? 'LIKE' : 'ILIKE'} ${pat} ESCAPE ${esc ? esc.sql : "''"})`;
        }
        return { sql: e.not ? `(NOT ${sql})` : sql, type: t.int, nullable: false, bool: true };
      }
      case 'exists': {
        const sub = this.select(e.sub, scope, true);
        return { sql: `(EXISTS (${sub.sql}))`, type: t.int, nullable: false, bool: true };
      }
      case 'subquery': {
        const sub = this.select(e.sub, scope, true);
        if (sub.columns.length !== 1)
          throw new TsqlError(
            116,
            'Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.',
          );
        return {
          sql: `(SELECT s.c1 FROM (${sub.sql}) s)`,
          type: sub.columns[0]!.type,
          nullable: true,
          constant: false,
        };
      }
      case 'case':
        return this.caseExpr(e, scope);
      case 'cast':
        return this.cast(e.e, e.type, e.style, e.try, scope, e.how);
      case 'datefn':
        return this.dateFn(e.fn, e.part, e.args, scope);
      case 'fn':
        return this.call(e, scope);
    }
  }

  private clash(a: SqlType, b: SqlType, _op: string): TsqlError {
    return new TsqlError(206, `Operand type clash: ${typeName(a)} is incompatible with ${typeName(b)}`);
  }

  private binary(op: string, le: Expr, re: Expr, scope: Scope): Typed {
    if (op === 'and' || op === 'or') {
      const l = this.cond(le, scope);
      const r = this.cond(re, scope);
      return { sql: `(${l.sql} ${op.toUpperCase()} ${r.sql})`, type: t.int, nullable: false, bool: true };
    }
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) return this.compare(op, le, re, scope);
    const l0 = this.value(le, scope);
    const r0 = this.value(re, scope);
    // A bare NULL takes the other operand's type ('a' + NULL is a NULL string).
    const l = l0.sql === 'NULL' ? { ...l0, type: r0.type } : l0;
    const r = r0.sql === 'NULL' ? { ...r0, type: l0.type } : r0;
    const constant = l.constant && r.constant;
    const nullable = l.nullable || r.nullable;
    if (op === '+' && isString(l.type) && isString(r.type)) {
      const len = l.type.len === -1 || r.type.len === -1 ? -1 : (l.type.len ?? 1) + (r.type.len ?? 1);
      const uni = isUnicode(l.type) || isUnicode(r.type);
      const limit = uni ? 4000 : 8000;
      return {
        sql: `(${l.sql} || ${r.sql})`,
        type: {
          base: uni ? 'nvarchar' : 'varchar',
          len: len > limit ? (l.type.len === -1 || r.type.len === -1 ? -1 : limit) : len,
        },
        nullable,
        constant,
      };
    }
    if (['&', '|', '^'].includes(op)) {
      if (!isInteger(l.type) || !isInteger(r.type)) throw this.clash(l.type, r.type, op);
      const pgop = op === '^' ? '#' : op;
      const type = higher(l.type, r.type);
      return { sql: `(${l.sql} ${pgop} ${r.sql})`, type, nullable, constant };
    }
    // Arithmetic: convert to the operand type of higher precedence.
    let type = higher(l.type, r.type);
    if (isString(type)) throw this.clash(l.type, r.type, op);
    if (isDateLike(type)) {
      if (['date', 'datetime2', 'time'].includes(type.base) && !(isDateLike(l.type) && isDateLike(r.type)))
        throw this.clash(l.type, r.type, op);
      if (
        type.base === 'date' ||
        type.base === 'datetime2' ||
        type.base === 'time' ||
        !(op === '+' || op === '-')
      )
        throw new TsqlError(
          8117,
          `Operand data type ${typeName(type)} is invalid for ${op === '+' ? 'add' : op === '-' ? 'subtract' : op === '*' ? 'multiply' : op === '/' ? 'divide' : 'modulo'} operator.`,
        );
      // datetime +/- a number of days.
      const dt = isDateLike(l.type) ? l : r;
      const n = isDateLike(l.type) ? r : l;
      return {
        sql: `(${this.convert(dt, t.datetime)} ${op} (${this.convert(n, t.float)}) * interval '1 day')::timestamp(3)`,
        type: t.datetime,
        nullable,
        constant,
      };
    }
    const lv = this.convert(l, type);
    const rv = this.convert(r, type);
    if (
      type.base === 'decimal' ||
      (type.base === 'money' && l.type.base !== r.type.base && op !== '+' && op !== '-')
    ) {
      type = decimalResult(
        op,
        asDecimal(l.type.base === 'money' ? t.decimal(19, 4) : l.type),
        asDecimal(r.type.base === 'money' ? t.decimal(19, 4) : r.type),
      );
      if (l.type.base === 'money' || r.type.base === 'money') type = t.money;
    }
    if (isInteger(type)) {
      const pg = op === '/' ? `div(${lv}, ${rv})` : op === '%' ? `mod(${lv}, ${rv})` : `(${lv} ${op} ${rv})`;
      const target =
        type.base === 'bit' || type.base === 'tinyint' || type.base === 'smallint' ? t.int : type;
      return { sql: `CAST(${pg} AS ${pgType(target)})`, type: target, nullable, constant };
    }
    if (op === '%' && type.base === 'float')
      throw new TsqlError(402, 'The data types float and float are incompatible in the modulo operator.');
    const pg = op === '%' ? `mod(${lv}, ${rv})` : `(${lv} ${op} ${rv})`;
    if (type.base === 'decimal' || type.base === 'money')
      return {
        sql: `CAST(${op === '/' ? `trunc(${pg}, ${type.scale ?? 4})` : pg} AS ${pgType(type)})`,
        type,
        nullable,
        constant,
      };
    return { sql: pg, type, nullable, constant };
  }

  private compare(op: string, le: Expr, re: Expr, scope: Scope, leftTyped?: Typed): Typed {
    const l = leftTyped ?? this.value(le, scope);
    const r = this.value(re, scope);
    let ls: string;
    let rs: string;
    if (isString(l.type) && isString(r.type)) {
      const cs = l.caseSensitive || r.caseSensitive;
      const key = (v: Typed): string =>
        v.literal !== undefined
          ? lit(cs ? v.literal.replace(/ +$/, '') : ciKey(v.literal))
          : cs
            ? `rtrim(${v.sql})`
            : `lower(rtrim(${v.sql}))`;
      ls = key(l);
      rs = key(r);
    } else {
      const type = higher(l.type, r.type);
      if ((isDateLike(l.type) && isNumeric(r.type)) || (isDateLike(r.type) && isNumeric(l.type))) {
        if (
          !(l.type.base === 'datetime' || r.type.base === 'datetime') ||
          l.type.base === 'date' ||
          r.type.base === 'date'
        )
          throw this.clash(l.type, r.type, op);
      }
      ls = this.convert(l, type);
      rs = this.convert(r, type);
    }
    return {
      sql: `(${ls} ${op} ${rs})`,
      type: t.int,
      nullable: false,
      bool: true,
      constant: l.constant === true && r.constant === true,
    };
  }

  private caseExpr(e: Expr & { k: 'case' }, scope: Scope): Typed {
    const results = e.whens.map(([, r]) => this.value(r, scope));
    const els = e.else ? this.value(e.else, scope) : undefined;
    const all = els ? [...results, els] : results;
    const type = commonType(all);
    // The operand is translated once and compared with each WHEN value.
    const operand = e.operand ? this.value(e.operand, scope) : undefined;
    let conditionsConstant = true;
    const whens = e.whens.map(([c], i) => {
      const cond = operand ? this.compare('=', e.operand!, c, scope, operand) : this.cond(c, scope);
      if (cond.constant !== true) conditionsConstant = false;
      return `WHEN ${cond.sql} THEN ${this.convert(results[i]!, type)}`;
    });
    return {
      sql: `(CASE ${whens.join(' ')}${els ? ` ELSE ${this.convert(els, type)}` : ''} END)`,
      type,
      nullable: !els || all.some((x) => x.nullable),
      // Constant only when the conditions are too: CASE WHEN Currency = 'EUR' THEN 0 ELSE 1 END is not.
      constant: all.every((x) => x.constant) && conditionsConstant,
    };
  }

  /** SQL Server's conversion of a value to a type, in PostgreSQL (fitNumberText: a number into too short a text). */
  convert(v: Typed, to: SqlType, style?: number): string {
    const from = v.type;
    if (v.sql === 'NULL') return `CAST(NULL AS ${pgType(to)})`;
    if (isString(to)) {
      let text: string;
      if (isString(from)) text = v.sql;
      else if (from.base === 'money') text = `CAST(CAST(${v.sql} AS numeric(19,2)) AS text)`;
      else if (isDateLike(from))
        text = dateToText(v.sql, from, style ?? (from.base === 'datetime' ? 0 : 121));
      else if (from.base === 'float' || from.base === 'real') text = `CAST(${v.sql} AS text)`;
      else text = `CAST(${v.sql} AS text)`;
      if (isString(from) && from.base === to.base && (to.len === -1 || (from.len ?? 1) <= (to.len ?? 1)))
        return v.sql;
      if (to.len !== -1 && !isString(from)) text = fitNumberText(text, from, to);
      if (to.base === 'char' || to.base === 'nchar') return `CAST(${text} AS char(${to.len ?? 1}))`;
      return to.len === -1 ? `CAST(${text} AS text)` : `CAST(${text} AS varchar(${to.len ?? 30}))`;
    }
    if (isInteger(to)) {
      if (to.base === 'bit') {
        if (isString(from))
          return `(CASE WHEN upper(rtrim(${v.sql})) = 'TRUE' THEN 1 WHEN upper(rtrim(${v.sql})) = 'FALSE' THEN 0 WHEN CAST(${v.sql} AS numeric) <> 0 THEN 1 ELSE 0 END)::smallint`;
        if (isNumeric(from))
          return `(CASE WHEN ${v.sql} IS NULL THEN NULL WHEN ${v.sql} <> 0 THEN 1 ELSE 0 END)::smallint`;
        throw new TsqlError(
          529,
          `Explicit conversion from data type ${typeName(from)} to bit is not allowed.`,
        );
      }
      if (isDateLike(from))
        throw new TsqlError(
          529,
          `Explicit conversion from data type ${typeName(from)} to ${to.base} is not allowed.`,
        );
      if (isInteger(from) && from.base === to.base) return v.sql;
      // money rounds to an integer (SQL Server's rule for money); decimal and float truncate.
      if (from.base === 'money') return `CAST(round(${v.sql}) AS ${pgType(to)})`;
      if (from.base === 'decimal' || from.base === 'float' || from.base === 'real')
        return `CAST(trunc(${v.sql}) AS ${pgType(to)})`;
      if (isString(from)) return `CAST(${numberText(v.sql)} AS ${pgType(to)})`;
      return `CAST(${v.sql} AS ${pgType(to)})`;
    }
    if (to.base === 'decimal' || to.base === 'money' || to.base === 'float' || to.base === 'real') {
      if (isDateLike(from))
        throw new TsqlError(
          529,
          `Explicit conversion from data type ${typeName(from)} to ${typeName(to)} is not allowed.`,
        );
      if (isString(from) && to.base !== 'float' && to.base !== 'real')
        return `CAST(CAST(rtrim(ltrim(${v.sql})) AS numeric) AS ${pgType(to)})`;
      // An empty text is 0 as a float (but fails as a decimal, above: 8114).
      if (isString(from)) return `CAST(${numberText(v.sql)} AS ${pgType(to)})`;
      if (
        from.base === to.base &&
        (to.base !== 'decimal' || (from.len === to.len && from.scale === to.scale))
      )
        return v.sql;
      return `CAST(${v.sql} AS ${pgType(to)})`;
    }
    if (isDateLike(to)) {
      if (isNumeric(from)) {
        if (to.base !== 'datetime')
          throw new TsqlError(
            529,
            `Explicit conversion from data type ${typeName(from)} to ${to.base} is not allowed.`,
          );
        return `(timestamp '1900-01-01' + (${v.sql}) * interval '1 day')::timestamp(3)`;
      }
      if (isString(from)) return `CAST(${textToDate(v.sql, style)} AS ${pgType(to)})`;
      if (from.base === to.base && from.len === to.len) return v.sql;
      return `CAST(${v.sql} AS ${pgType(to)})`;
    }
    return `CAST(${v.sql} AS ${pgType(to)})`;
  }

  private cast(
    e: Expr,
    ref: TypeRef,
    styleExpr: Expr | undefined,
    isTry: boolean,
    scope: Scope,
    how: 'cast' | 'convert',
  ): Typed {
    const v = this.value(e, scope);
    const to = parseTypeName(ref.name, ref.args, 30);
    let style: number | undefined;
    if (styleExpr) {
      if (styleExpr.k !== 'num' || !/^\d+$/.test(styleExpr.v))
        throw outsideSubset('CONVERT with a non-constant style');
      style = Number(styleExpr.v);
      const toText = isString(to) && isDateLike(v.type);
      const fromText = isDateLike(to) && isString(v.type);
      const known = [
        0, 100, 1, 101, 3, 103, 4, 104, 23, 112, 12, 120, 20, 121, 21, 126, 127, 102, 2, 105, 5, 111, 11, 110,
        10, 106, 6, 107, 7,
      ];
      if ((toText || fromText) && !known.includes(style))
        throw new TsqlError(
          281,
          `${style} is not a valid style number when converting ${toText ? 'from' : 'to'} ${toText ? typeName(v.type) : typeName(to)} to a character string.`,
        );
      if (!toText && !fromText && !isString(to)) style = undefined;
    }
    void how;
    const sql = this.convert(v, to, style);
    if (!isTry) return { sql, type: to, nullable: v.nullable, constant: v.constant };
    // TRY_ forms: the same conversion run on the value inside emu_try_convert(), which answers NULL when it fails.
    const arg = isString(v.type) ? '$1' : `CAST($1 AS ${pgType(v.type)})`;
    const inner = this.convert({ sql: arg, type: v.type, nullable: true }, to, style);
    return {
      sql: `emu_try_convert(CAST(${v.sql} AS text), ${lit(`SELECT ${inner}`)}, NULL::${pgType(to)})`,
      type: to,
      nullable: true,
      constant: v.constant,
    };
  }

  private datePart(part: string, fn: string): string {
    const p = DATE_PARTS[part];
    if (!p) throw new TsqlError(155, `'${part}' is not a recognized ${fn} option.`, 15, 1);
    return p;
  }

  private dateFn(fn: string, partWord: string, args: Expr[], scope: Scope): Typed {
    const need = (n: number): void => {
      if (args.length !== n)
        throw new TsqlError(174, `The ${fn} function requires ${n + 1} argument(s).`, 15, 1);
    };
    const part = this.datePart(partWord, fn);
    // Text converts to datetime; so does an integer, as days since 1900-01-01 (SQL Server's datetime
    // 0): the month-start idiom DATEADD(month, DATEDIFF(month, 0, d), 0).
    const asDate = (x: Typed): Typed =>
      isString(x.type) || (isInteger(x.type) && x.type.base !== 'bit')
        ? { ...x, sql: this.convert(x, t.datetime), type: t.datetime }
        : x;
    if (fn === 'dateadd') {
      need(2);
      const n = this.value(args[0]!, scope);
      const d = asDate(this.value(args[1]!, scope));
      if (!isDateLike(d.type)) throw this.clash(d.type, t.date, 'dateadd');
      const k = `trunc(${this.convert(n, t.float)})`;
      const interval: Record<string, string> = {
        year: `${k} * interval '1 year'`,
        quarter: `3 * ${k} * interval '1 month'`,
        month: `${k} * interval '1 month'`,
        dayofyear: `${k} * interval '1 day'`,
        day: `${k} * interval '1 day'`,
        week: `7 * ${k} * interval '1 day'`,
        weekday: `${k} * interval '1 day'`,
        hour: `${k} * interval '1 hour'`,
        minute: `${k} * interval '1 minute'`,
        second: `${k} * interval '1 second'`,
        millisecond: `${k} * interval '1 millisecond'`,
      };
      if (d.type.base === 'date' && ['hour', 'minute', 'second', 'millisecond'].includes(part))
        throw new TsqlError(
          9810,
          `The datepart ${partWord} is not supported by date function dateadd for data type date.`,
        );
      return {
        sql: `CAST(${d.sql} + ${interval[part]} AS ${pgType(d.type)})`,
        type: d.type,
        nullable: d.nullable || n.nullable,
        constant: d.constant && n.constant,
      };
    }
    if (fn === 'datediff' || fn === 'datediff_big') {
      need(2);
      const a = asDate(this.value(args[0]!, scope));
      const b = asDate(this.value(args[1]!, scope));
      const ts = (x: Typed): string => `CAST(${x.sql} AS timestamp)`;
      const A = ts(a);
      const B = ts(b);
      const ep = (x: string, unit: number): string => `floor(extract(epoch from ${x}) / ${unit})`;
      const ex: Record<string, string> = {
        year: `extract(year from ${B}) - extract(year from ${A})`,
        quarter: `(extract(year from ${B}) - extract(year from ${A})) * 4 + extract(quarter from ${B}) - extract(quarter from ${A})`,
        month: `(extract(year from ${B}) - extract(year from ${A})) * 12 + extract(month from ${B}) - extract(month from ${A})`,
        day: `(CAST(${B} AS date) - CAST(${A} AS date))`,
        dayofyear: `(CAST(${B} AS date) - CAST(${A} AS date))`,
        weekday: `(CAST(${B} AS date) - CAST(${A} AS date))`,
        // Weeks are counted in Sunday boundaries crossed (1900-01-07 was a Sunday).
        week: `floor((CAST(${B} AS date) - date '1900-01-07') / 7.0) - floor((CAST(${A} AS date) - date '1900-01-07') / 7.0)`,
        hour: `${ep(`date_trunc('hour', ${B})`, 3600)} - ${ep(`date_trunc('hour', ${A})`, 3600)}`,
        minute: `${ep(`date_trunc('minute', ${B})`, 60)} - ${ep(`date_trunc('minute', ${A})`, 60)}`,
        second: `${ep(`date_trunc('second', ${B})`, 1)} - ${ep(`date_trunc('second', ${A})`, 1)}`,
        millisecond: `floor(extract(epoch from ${B}) * 1000) - floor(extract(epoch from ${A}) * 1000)`,
      };
      const type = fn === 'datediff' ? t.int : t.bigint;
      return {
        sql: `CAST(${ex[part]} AS ${pgType(type)})`,
        type,
        nullable: a.nullable || b.nullable,
        constant: a.constant && b.constant,
      };
    }
    if (fn === 'datepart' || fn === 'datename') {
      need(1);
      const d = asDate(this.value(args[0]!, scope));
      const X = d.sql;
      const ex: Record<string, string> = {
        year: `extract(year from ${X})`,
        quarter: `extract(quarter from ${X})`,
        month: `extract(month from ${X})`,
        dayofyear: `extract(doy from ${X})`,
        day: `extract(day from ${X})`,
        week: `floor((extract(doy from ${X}) - 1 + extract(dow from date_trunc('year', ${X}))) / 7) + 1`,
        weekday: `extract(dow from ${X}) + 1`,
        hour: `extract(hour from ${X})`,
        minute: `extract(minute from ${X})`,
        second: `floor(extract(second from ${X}))`,
        millisecond: `floor(extract(milliseconds from ${X})) - floor(extract(second from ${X})) * 1000`,
      };
      if (fn === 'datename') {
        if (part === 'month')
          return { sql: `to_char(${X}, 'FMMonth')`, type: t.nvarchar(30), nullable: d.nullable };
        if (part === 'weekday')
          return { sql: `to_char(${X}, 'FMDay')`, type: t.nvarchar(30), nullable: d.nullable };
        return {
          sql: `CAST(CAST(${ex[part]} AS integer) AS text)`,
          type: t.nvarchar(30),
          nullable: d.nullable,
        };
      }
      return { sql: `CAST(${ex[part]} AS integer)`, type: t.int, nullable: d.nullable, constant: d.constant };
    }
    throw outsideSubset(fn.toUpperCase());
  }

  private call(e: Expr & { k: 'fn' }, scope: Scope): Typed {
    const name = e.name;
    const argc = (lo: number, hi = lo): void => {
      if (e.args.length < lo || e.args.length > hi)
        throw new TsqlError(
          174,
          `The ${name} function requires ${lo === hi ? lo : `${lo} to ${hi}`} argument(s).`,
          15,
          1,
        );
    };
    if (e.over && !AGGREGATES.has(name) && !WINDOW_ONLY.has(name))
      throw outsideSubset(`${name.toUpperCase()} ... OVER`);
    if (WINDOW_ONLY.has(name) && !e.over)
      throw new TsqlError(10753, `The function '${name}' must have an OVER clause.`);
    if (AGGREGATES.has(name) || WINDOW_ONLY.has(name)) return this.aggregate(e, scope);
    const args = (): Typed[] => e.args.map((a) => this.value(a, scope));
    const str = (v: Typed): string => (isString(v.type) ? v.sql : this.convert(v, t.varchar(8000)));
    /** A text function's result type: its text argument's, as varchar or nvarchar; `otherwise` for a number. */
    const textOf = (v: Typed, otherwise: SqlType): SqlType =>
      isString(v.type) ? { ...v.type, base: isUnicode(v.type) ? 'nvarchar' : 'varchar' } : otherwise;
    const nul = (vs: Typed[]): boolean => vs.some((v) => v.nullable);
    const con = (vs: Typed[]): boolean => vs.every((v) => v.constant);
    switch (name) {
      case 'isnull': {
        argc(2);
        const [a, b] = args() as [Typed, Typed];
        // ISNULL takes its first argument's type; a bare NULL has none, so the second's.
        const type = a.sql === 'NULL' ? b.type : a.type;
        return {
          sql: `COALESCE(${a.sql === 'NULL' ? `CAST(NULL AS ${pgType(type)})` : a.sql}, ${this.convert(b, type)})`,
          type,
          nullable: a.nullable && b.nullable,
          constant: con([a, b]),
        };
      }
      case 'coalesce': {
        if (e.args.length < 2)
          throw new TsqlError(189, 'The coalesce function requires 2 to 2147483647 arguments.', 15, 1);
        const vs = args();
        if (vs.every((v) => v.sql === 'NULL'))
          throw new TsqlError(
            4127,
            'At least one of the arguments to COALESCE must be an expression that is not the NULL constant.',
            16,
            1,
          );
        const type = commonType(vs);
        return {
          sql: `COALESCE(${vs.map((v) => this.convert(v, type)).join(', ')})`,
          type,
          nullable: vs.every((v) => v.nullable),
          constant: con(vs),
        };
      }
      case 'nullif': {
        argc(2);
        const [a, b] = args() as [Typed, Typed];
        const cmp = this.compare('=', e.args[0]!, e.args[1]!, scope);
        return {
          sql: `(CASE WHEN ${cmp.sql} THEN NULL ELSE ${a.sql} END)`,
          type: a.type,
          nullable: true,
          constant: con([a, b]),
        };
      }
      case 'iif': {
        argc(3);
        return this.caseExpr({ k: 'case', whens: [[e.args[0]!, e.args[1]!]], else: e.args[2]! }, scope);
      }
      case 'len': {
        argc(1);
        const [a] = args() as [Typed];
        return {
          sql: `CAST(length(rtrim(${str(a)})) AS integer)`,
          type: t.int,
          nullable: a.nullable,
          constant: a.constant,
        };
      }
      case 'datalength': {
        argc(1);
        const [a] = args() as [Typed];
        return {
          sql: `CAST(octet_length(${str(a)}) * ${isUnicode(a.type) ? 2 : 1} AS integer)`,
          type: t.int,
          nullable: a.nullable,
        };
      }
      case 'upper':
      case 'lower':
      case 'ltrim':
      case 'rtrim': {
        argc(1);
        const [a] = args() as [Typed];
        const type = isString(a.type)
          ? a.type.base.startsWith('n')
            ? t.nvarchar(a.type.len ?? 1)
            : t.varchar(a.type.len ?? 1)
          : t.varchar(30);
        const f =
          name === 'ltrim'
            ? `ltrim(${str(a)}, ' ')`
            : name === 'rtrim'
              ? `rtrim(${str(a)}, ' ')`
              : `${name}(${str(a)})`;
        return { sql: f, type, nullable: a.nullable, constant: a.constant };
      }
      case 'trim': {
        argc(1);
        const [a] = args() as [Typed];
        return {
          sql: `btrim(${str(a)}, ' ')`,
          type: isString(a.type) ? a.type : t.varchar(30),
          nullable: a.nullable,
          constant: a.constant,
        };
      }
      case 'left':
      case 'right': {
        argc(2);
        const [a, n] = args() as [Typed, Typed];
        // A negative length fails (536) where PostgreSQL would count from the other end.
        const length = `emu_length(${this.convert(n, t.int)}, 536, 'Invalid length parameter passed to the ${name} function.')`;
        return {
          sql: `${name}(${str(a)}, ${length})`,
          type: textOf(a, t.varchar(30)),
          nullable: nul([a, n]),
          constant: con([a, n]),
        };
      }
      case 'substring': {
        argc(3);
        const [a, s, n] = args() as [Typed, Typed, Typed];
        return {
          sql: `substr(${str(a)}, ${this.convert(s, t.int)}, emu_length(${this.convert(n, t.int)}, 537, 'Invalid length parameter passed to the substring function.'))`,
          type: textOf(a, t.varchar(30)),
          nullable: nul([a, s, n]),
          constant: con([a, s, n]),
        };
      }
      case 'replace': {
        argc(3);
        const [a, f, r] = args() as [Typed, Typed, Typed];
        // Under a CI collation REPLACE finds the pattern in any case.
        const sql =
          f.literal !== undefined
            ? `regexp_replace(${str(a)}, ${lit(f.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))}, replace(${str(r)}, '\\', '\\\\'), 'gi')`
            : `replace(${str(a)}, ${str(f)}, ${str(r)})`;
        return {
          sql,
          type: isString(a.type)
            ? { base: isUnicode(a.type) ? 'nvarchar' : 'varchar', len: a.type.len === -1 ? -1 : 8000 }
            : t.varchar(8000),
          nullable: nul([a, f, r]),
          constant: con([a, f, r]),
        };
      }
      case 'charindex': {
        argc(2, 3);
        const [n, h, s] = args() as [Typed, Typed, Typed | undefined];
        const hay = `lower(${str(h)})`;
        const needle = `lower(${str(n)})`;
        const sql = s
          ? `(CASE WHEN strpos(substr(${hay}, greatest(${this.convert(s, t.int)}, 1)), ${needle}) = 0 THEN 0 ELSE strpos(substr(${hay}, greatest(${this.convert(s, t.int)}, 1)), ${needle}) + greatest(${this.convert(s, t.int)}, 1) - 1 END)`
          : `strpos(${hay}, ${needle})`;
        // An empty needle is found nowhere (0), where strpos finds it at 1.
        return {
          sql: `CAST(CASE WHEN length(${needle}) = 0 THEN 0 ELSE ${sql} END AS integer)`,
          type: t.int,
          nullable: nul([n, h]),
          constant: con([n, h]),
        };
      }
      case 'concat': {
        if (e.args.length < 2)
          throw new TsqlError(189, 'The concat function requires 2 to 254 arguments.', 15, 1);
        const vs = args();
        const uni = vs.some((v) => isUnicode(v.type));
        return {
          sql: `concat(${vs.map(str).join(', ')})`,
          type: uni ? t.nvarchar(4000) : t.varchar(8000),
          nullable: false,
          constant: con(vs),
        };
      }
      case 'concat_ws': {
        const vs = args();
        return {
          sql: `concat_ws(${vs.map(str).join(', ')})`,
          type: t.varchar(8000),
          nullable: false,
          constant: con(vs),
        };
      }
      case 'replicate': {
        argc(2);
        const [a, n] = args() as [Typed, Typed];
        return {
          sql: `repeat(${str(a)}, ${this.convert(n, t.int)})`,
          type: t.varchar(8000),
          nullable: nul([a, n]),
        };
      }
      case 'reverse': {
        argc(1);
        const [a] = args() as [Typed];
        return {
          sql: `reverse(${str(a)})`,
          type: isString(a.type) ? a.type : t.varchar(30),
          nullable: a.nullable,
        };
      }
      case 'char':
      case 'nchar': {
        argc(1);
        const [n] = args() as [Typed];
        // CHAR takes 0-255 (this emulator: 1-255, as Unicode code points; SQL Server uses the
        // collation's code page, so 128-159 differ), NCHAR a UCS-2 code unit (the default collation
        // has no supplementary characters; surrogates aside here); out of range is NULL.
        const code = this.convert(n, t.int);
        const range =
          name === 'char'
            ? `${code} BETWEEN 1 AND 255`
            : `(${code} BETWEEN 1 AND 55295 OR ${code} BETWEEN 57344 AND 65535)`;
        return {
          sql: `(CASE WHEN ${range} THEN chr(${code}) END)`,
          type: name === 'char' ? t.varchar(1) : t.nvarchar(1),
          nullable: true,
          constant: n.constant,
        };
      }
      case 'ascii':
      case 'unicode': {
        argc(1);
        const [a] = args() as [Typed];
        const s = str(a);
        return {
          sql: `(CASE WHEN length(${s}) > 0 THEN ascii(${s}) END)`,
          type: t.int,
          nullable: true,
          constant: a.constant,
        };
      }
      case 'stuff': {
        argc(4);
        const [a, s, n, r] = args() as [Typed, Typed, Typed, Typed];
        const text = str(a);
        const start = this.convert(s, t.int);
        const count = this.convert(n, t.int);
        // NULL for a start outside the text or a negative length; a NULL replacement only deletes.
        return {
          sql: `(CASE WHEN ${start} >= 1 AND ${start} <= length(${text}) AND ${count} >= 0 THEN overlay(${text} placing COALESCE(${str(r)}, '') from ${start} for ${count}) END)`,
          type: textOf(a, t.varchar(8000)),
          nullable: true,
          constant: con([a, s, n, r]),
        };
      }
      case 'choose': {
        if (e.args.length < 2)
          throw new TsqlError(174, 'The choose function requires 2 or more arguments.', 15, 1);
        const [i, ...vs] = args() as [Typed, ...Typed[]];
        const type = commonType(vs);
        const index = this.convert(i, t.int);
        return {
          sql: `(CASE ${vs.map((v, k) => `WHEN ${index} = ${k + 1} THEN ${this.convert(v, type)}`).join(' ')} END)`,
          type,
          nullable: true,
          constant: con([i, ...vs]),
        };
      }
      case 'greatest':
      case 'least': {
        if (e.args.length < 1)
          throw new TsqlError(174, `The ${name} function requires 1 to 254 arguments.`, 15, 1);
        const vs = args();
        const type = commonType(vs);
        // Text would compare by code point here, not under the CI collation: refused rather than wrong.
        if (isString(type)) throw outsideSubset(`${name.toUpperCase()} over text`);
        return {
          sql: `${name}(${vs.map((v) => this.convert(v, type)).join(', ')})`,
          type,
          nullable: vs.every((v) => v.nullable),
          constant: con(vs),
        };
      }
      case 'quotename': {
        argc(1, 2);
        const [a, q] = args() as [Typed, Typed | undefined];
        const quote = q === undefined ? '[' : q.literal;
        const pairs: Record<string, [string, string]> = {
          '[': ['[', ']'],
          ']': ['[', ']'],
          "'": ["'", "'"],
          '"': ['"', '"'],
          '`': ['`', '`'],
          '(': ['(', ')'],
          ')': ['(', ')'],
          '<': ['<', '>'],
          '>': ['<', '>'],
          '{': ['{', '}'],
          '}': ['{', '}'],
        };
        const pair = quote === undefined ? undefined : pairs[quote];
        if (!pair) throw outsideSubset('QUOTENAME with this quote character');
        const [open, close] = pair;
        const text = str(a);
        // NULL past 128 characters, as SQL Server answers; the closing character is doubled inside.
        return {
          sql: `(CASE WHEN length(${text}) <= 128 THEN ${lit(open)} || replace(${text}, ${lit(close)}, ${lit(close + close)}) || ${lit(close)} END)`,
          type: t.nvarchar(258),
          nullable: true,
          constant: a.constant,
        };
      }
      case 'abs':
      case 'ceiling':
      case 'floor':
      case 'sign': {
        argc(1);
        const [a] = args() as [Typed];
        if (!isNumeric(a.type))
          throw new TsqlError(8117, `Operand data type ${typeName(a.type)} is invalid for ${name} function.`);
        const f = name === 'ceiling' ? 'ceil' : name;
        const type =
          a.type.base === 'decimal' && name !== 'abs' && name !== 'sign'
            ? t.decimal(a.type.len ?? 18, 0)
            : a.type;
        return {
          sql: `CAST(${f}(${a.sql}) AS ${pgType(type)})`,
          type,
          nullable: a.nullable,
          constant: a.constant,
        };
      }
      case 'round': {
        argc(2, 3);
        const [a, n, trunc] = args() as [Typed, Typed, Typed | undefined];
        const f = trunc && trunc.sql !== '0' ? 'trunc' : 'round';
        const x = a.type.base === 'float' || a.type.base === 'real' ? `CAST(${a.sql} AS numeric)` : a.sql;
        const type = isInteger(a.type) ? a.type : a.type;
        return {
          sql: `CAST(${f}(${x}, ${this.convert(n, t.int)}) AS ${pgType(type)})`,
          type,
          nullable: a.nullable,
          constant: a.constant,
        };
      }
      case 'power':
      case 'sqrt':
      case 'exp':
      case 'log':
      case 'log10': {
        const vs = args();
        const f = name === 'log' ? 'ln' : name === 'log10' ? 'log' : name;
        return {
          sql: `${f}(${vs.map((v) => this.convert(v, t.float)).join(', ')})`,
          type: t.float,
          nullable: nul(vs),
          constant: con(vs),
        };
      }
      case 'getdate':
      case 'getutcdate':
      case 'sysdatetime':
      case 'sysutcdatetime':
        argc(0);
        return name.startsWith('sys')
          ? {
              sql: `(now() AT TIME ZONE 'UTC')::timestamp(6)`,
              type: { base: 'datetime2', len: 7 },
              nullable: false,
            }
          : { sql: `(now() AT TIME ZONE 'UTC')::timestamp(3)`, type: t.datetime, nullable: false };
      case 'year':
      case 'month':
      case 'day':
        argc(1);
        return this.dateFn('datepart', name, e.args, scope);
      case 'eomonth': {
        argc(1, 2);
        const [d, n] = args() as [Typed, Typed | undefined];
        const dd = isString(d.type) ? this.convert(d, t.date) : `CAST(${d.sql} AS date)`;
        const add = n ? `(${this.convert(n, t.int)} + 1)` : '1';
        return {
          sql: `CAST(date_trunc('month', ${dd}) + ${add} * interval '1 month' - interval '1 day' AS date)`,
          type: t.date,
          nullable: d.nullable,
          constant: d.constant,
        };
      }
      case 'datefromparts': {
        argc(3);
        const vs = args();
        return {
          sql: `make_date(${vs.map((v) => this.convert(v, t.int)).join(', ')})`,
          type: t.date,
          nullable: nul(vs),
          constant: con(vs),
        };
      }
      case 'format': {
        argc(2, 3);
        const [v, p] = args() as [Typed, Typed];
        const map: Record<string, string> = {
          'yyyy-MM': 'YYYY-MM',
          'yyyy-MM-dd': 'YYYY-MM-DD',
          yyyyMM: 'YYYYMM',
          yyyy: 'YYYY',
          yyyyMMdd: 'YYYYMMDD',
          'dd/MM/yyyy': 'DD/MM/YYYY',
          'MM/dd/yyyy': 'MM/DD/YYYY',
        };
        const pg = p.literal !== undefined ? map[p.literal] : undefined;
        if (!pg || !isDateLike(v.type)) throw outsideSubset(`FORMAT pattern ${p.literal ?? '(expression)'}`);
        return { sql: `to_char(${v.sql}, '${pg}')`, type: t.nvarchar(4000), nullable: true };
      }
      case 'db_name':
        return { sql: lit(this.o.database), type: t.nvarchar(128), nullable: true, constant: true };
      case 'schema_name':
        return { sql: `'dbo'`, type: t.nvarchar(128), nullable: true, constant: true };
      case 'suser_sname':
      case 'suser_name':
      case 'user_name':
      case 'original_login':
        return {
          sql: lit(name.startsWith('user') ? 'dbo' : this.o.user),
          type: t.nvarchar(128),
          nullable: true,
          constant: true,
        };
      case 'host_name':
      case 'app_name':
        return { sql: `''`, type: t.nvarchar(128), nullable: true, constant: true };
      case 'serverproperty': {
        argc(1);
        const [p] = args() as [Typed];
        const values: Record<string, string> = {
          productversion: '16.0.1000.6',
          edition: 'Developer Edition (64-bit)',
          engineedition: '3',
          productlevel: 'RTM',
          servername: 'sql-emulator',
          collation: 'SQL_Latin1_General_CP1_CI_AS',
        };
        const v = values[(p.literal ?? '').toLowerCase()];
        return {
          sql: v === undefined ? 'NULL' : lit(v),
          type: t.nvarchar(128),
          nullable: true,
          constant: true,
        };
      }
      case 'newid':
        return { sql: `upper(gen_random_uuid()::text)`, type: t.nvarchar(36), nullable: false };
      case 'isnumeric': {
        argc(1);
        const [a] = args() as [Typed];
        return {
          sql: `(CASE WHEN ${str(a)} ~ '^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$' THEN 1 ELSE 0 END)`,
          type: t.int,
          nullable: false,
        };
      }
      default:
        throw new TsqlError(195, `'${name}' is not a recognized built-in function name.`, 15, 10);
    }
  }

  private aggregate(e: Expr & { k: 'fn' }, scope: Scope): Typed {
    const name = e.name;
    if (scope.inAggregate && !e.over)
      throw new TsqlError(
        130,
        'Cannot perform an aggregate function on an expression containing an aggregate or a subquery.',
      );
    const inner: Scope = { ...scope, inAggregate: true, groupedStrings: undefined };
    const over = e.over ? this.overClause(e.over, { ...scope, inAggregate: false }) : '';
    const args = e.args.map((a) => this.value(a, inner));
    const a = args[0];
    const distinct = e.distinct ? 'DISTINCT ' : '';
    const ci = (v: Typed): string => (isString(v.type) && e.distinct ? `lower(rtrim(${v.sql}))` : v.sql);
    switch (name) {
      case 'count':
      case 'count_big': {
        const type = name === 'count' ? t.int : t.bigint;
        const body = e.star ? '*' : `${distinct}${ci(a!)}`;
        return { sql: `CAST(count(${body})${over} AS ${pgType(type)})`, type, nullable: false };
      }
      case 'sum':
      case 'avg': {
        if (!a || !isNumeric(a.type))
          throw new TsqlError(
            8117,
            `Operand data type ${a ? typeName(a.type) : 'void'} is invalid for ${name} operator.`,
          );
        let type: SqlType;
        if (isInteger(a.type)) type = a.type.base === 'bigint' ? t.bigint : t.int;
        else if (a.type.base === 'decimal')
          type =
            name === 'sum' ? t.decimal(38, a.type.scale ?? 0) : t.decimal(38, Math.max(6, a.type.scale ?? 0));
        else type = a.type;
        if (a.type.base === 'bit')
          throw new TsqlError(8117, `Operand data type bit is invalid for ${name} operator.`);
        const agg = `${name}(${distinct}${a.sql})${over}`;
        const sql = name === 'avg' && isInteger(type) ? `trunc(${agg})` : agg;
        return { sql: `CAST(${sql} AS ${pgType(type)})`, type, nullable: true };
      }
      case 'min':
      case 'max': {
        if (!a) throw new TsqlError(174, `The ${name} function requires 1 argument(s).`, 15, 1);
        // Text compares under the case-insensitive collation (trailing spaces aside), not by code
        // point: MAX over 'D-4' and 'd-2' is 'D-4'. A window keeps the plain aggregate (PostgreSQL
        // has no ordered aggregate there).
        if (isString(a.type) && !a.caseSensitive && !over) {
          const dir = name === 'min' ? 'ASC' : 'DESC';
          return {
            sql: `(array_agg(${a.sql} ORDER BY lower(rtrim(${a.sql})) ${dir}, ${a.sql} ${dir}) FILTER (WHERE ${a.sql} IS NOT NULL))[1]`,
            type: a.type,
            nullable: true,
          };
        }
        return { sql: `${name}(${a.sql})${over}`, type: a.type, nullable: true };
      }
      case 'string_agg': {
        if (args.length !== 2)
          throw new TsqlError(174, 'The string_agg function requires 2 argument(s).', 15, 1);
        const [v, sep] = args as [Typed, Typed];
        const order = e.withinGroup
          ? ` ORDER BY ${e.withinGroup
              .map((o) => {
                const k = this.value(o.e, inner);
                return this.orderKey(k.sql, k.type, o.desc);
              })
              .join(', ')}`
          : '';
        const type =
          isString(v.type) && v.type.len === -1
            ? ({ base: isUnicode(v.type) ? 'nvarchar' : 'varchar', len: -1 } as SqlType)
            : isUnicode(v.type)
              ? t.nvarchar(4000)
              : t.varchar(8000);
        return {
          sql: `string_agg(${isString(v.type) ? v.sql : this.convert(v, t.varchar(8000))}, ${sep.sql}${order})${over}`,
          type,
          nullable: true,
        };
      }
      case 'row_number':
      case 'rank':
      case 'dense_rank':
        if (!e.over?.order.length)
          throw new TsqlError(4112, `The function '${name}' must have an OVER clause with ORDER BY.`);
        return { sql: `${name}()${over}`, type: t.bigint, nullable: false };
      case 'ntile':
        return { sql: `CAST(ntile(${a!.sql})${over} AS bigint)`, type: t.bigint, nullable: false };
      case 'lag':
      case 'lead':
      case 'first_value':
      case 'last_value':
        return { sql: `${name}(${args.map((x) => x.sql).join(', ')})${over}`, type: a!.type, nullable: true };
      default:
        throw outsideSubset(name.toUpperCase());
    }
  }

  private overClause(o: NonNullable<(Expr & { k: 'fn' })['over']>, scope: Scope): string {
    const parts: string[] = [];
    if (o.partition.length)
      parts.push(
        `PARTITION BY ${o.partition
          .map((p) => {
            const v = this.value(p, scope);
            return isString(v.type) ? `lower(rtrim(${v.sql}))` : v.sql;
          })
          .join(', ')}`,
      );
    if (o.order.length)
      parts.push(
        `ORDER BY ${o.order
          .map((x) => {
            const v = this.value(x.e, scope);
            return this.orderKey(v.sql, v.type, x.desc);
          })
          .join(', ')}`,
      );
    if (o.frame) parts.push(o.frame);
    return ` OVER (${parts.join(' ')})`;
  }
}

/** The type several values (CASE's results, CHOOSE's, GREATEST's) share: the highest of the non-NULL ones, int when all are NULL. */
function commonType(values: readonly Typed[]): SqlType {
  const typed = values.filter((v) => v.sql !== 'NULL');
  return typed.length ? typed.map((v) => v.type).reduce(higher) : t.int;
}

/** A text for an int or float cast, as SQL Server reads it: spaces around it ignored, an empty one 0. */
function numberText(sql: string): string {
  return `(CASE WHEN btrim(${sql}) = '' THEN '0' ELSE btrim(${sql}) END)`;
}

function likeToRegex(pattern: string): string {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else if (c === '[') {
      const j = pattern.indexOf(']', i + 1);
      if (j < 0) {
        re += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, j);
      if (set.startsWith('^')) set = '^' + set.slice(1).replace(/[\\\]]/g, '\\$&');
      else set = set.replace(/[\\\]]/g, '\\$&');
      re += `[${set}]`;
      i = j;
    } else re += c.replace(/[.*+?^${}()|\\]/g, '\\$&');
  }
  return re + '$';
}

/** CONVERT(varchar, date, style) formats. */
function dateToText(sql: string, from: SqlType, style: number): string {
  const f = (fmt: string): string => `to_char(${sql}, '${fmt}')`;
  const withTime = from.base !== 'date';
  switch (style) {
    case 1:
      return f('MM/DD/YY');
    case 101:
      return f('MM/DD/YYYY');
    case 2:
      return f('YY.MM.DD');
    case 102:
      return f('YYYY.MM.DD');
    case 3:
      return f('DD/MM/YY');
    case 103:
      return f('DD/MM/YYYY');
    case 4:
      return f('DD.MM.YY');
    case 104:
      return f('DD.MM.YYYY');
    case 5:
      return f('DD-MM-YY');
    case 105:
      return f('DD-MM-YYYY');
    case 6:
      return f('DD Mon YY');
    case 106:
      return f('DD Mon YYYY');
    case 7:
      return f('Mon DD, YY');
    case 107:
      return f('Mon DD, YYYY');
    case 10:
      return f('MM-DD-YY');
    case 110:
      return f('MM-DD-YYYY');
    case 11:
      return f('YY/MM/DD');
    case 111:
      return f('YYYY/MM/DD');
    case 12:
      return f('YYMMDD');
    case 112:
      return f('YYYYMMDD');
    case 23:
      return f('YYYY-MM-DD');
    case 20:
    case 120:
      return withTime ? f('YYYY-MM-DD HH24:MI:SS') : f('YYYY-MM-DD');
    case 21:
    case 121:
      if (from.base === 'date') return f('YYYY-MM-DD');
      if (from.base === 'datetime') return f('YYYY-MM-DD HH24:MI:SS.MS');
      return `to_char(${sql}, 'YYYY-MM-DD HH24:MI:SS.US') || '0'`;
    case 126:
    case 127:
      if (from.base === 'date') return f('YYYY-MM-DD');
      if (from.base === 'datetime')
        return `(CASE WHEN extract(milliseconds from ${sql}) = floor(extract(second from ${sql})) * 1000 THEN ${f('YYYY-MM-DD"T"HH24:MI:SS')} ELSE ${f('YYYY-MM-DD"T"HH24:MI:SS.MS')} END)`;
      return `rtrim(rtrim(to_char(${sql}, 'YYYY-MM-DD"T"HH24:MI:SS.US') || '0', '0'), '.')`;
    default:
      // Style 0/100: "Oct  1 2026 12:00PM" (day and hour space-padded).
      if (from.base === 'date') return f('YYYY-MM-DD');
      return `(to_char(${sql}, 'Mon ') || lpad(to_char(${sql}, 'FMDD'), 2, ' ') || to_char(${sql}, ' YYYY ') || lpad(to_char(${sql}, 'FMHH12'), 2, ' ') || to_char(${sql}, ':MIAM'))`;
  }
}

/** CONVERT(date, text, style): the styles that name a day order; the rest read ISO and US (mdy) text. */
function textToDate(sql: string, style: number | undefined): string {
  const t0 = `btrim(${sql})`;
  switch (style) {
    case 103:
    case 3:
      return `to_timestamp(${t0}, 'DD/MM/YYYY HH24:MI:SS')::timestamp`;
    case 104:
    case 4:
      return `to_timestamp(${t0}, 'DD.MM.YYYY HH24:MI:SS')::timestamp`;
    case 105:
      return `to_timestamp(${t0}, 'DD-MM-YYYY')::timestamp`;
    case 101:
    case 1:
      return `to_timestamp(${t0}, 'MM/DD/YYYY HH24:MI:SS')::timestamp`;
    case 112:
      return `to_timestamp(${t0}, 'YYYYMMDD')::timestamp`;
    default:
      // PostgreSQL keeps microseconds and rounds a 7th digit: '…23:59:59.9999999' would become the next
      // day. Cut to microseconds instead, which keeps every value on SQL Server's side of midnight.
      // An empty text is SQL Server's day 0, 1900-01-01.
      return `CAST(CASE WHEN ${t0} = '' THEN '1900-01-01' ELSE regexp_replace(${t0}, '(\\.[0-9]{6})[0-9]+', '\\1') END AS timestamp)`;
  }
}

/**
 * A number's text cut to a char/varchar of `to.len`: SQL Server never truncates a number. Too short
 * for an integer type, char and varchar get "*" and nchar and nvarchar fail (8115); for decimal and
 * money (and float: its text is PostgreSQL's, see docs/sql.md) every text type fails. Dates are left
 * to the plain cast.
 */
function fitNumberText(text: string, from: SqlType, to: SqlType): string {
  const n = to.len ?? (to.base === 'char' || to.base === 'nchar' ? 1 : 30);
  const wide = to.base === 'nchar' || to.base === 'nvarchar';
  const integer = ['bit', 'tinyint', 'smallint', 'int', 'bigint'].includes(from.base);
  if (integer)
    return wide
      ? `emu_fit(${text}, ${n}, 'Arithmetic overflow error converting expression to data type ${to.base}.')`
      : `emu_fit(${text}, ${n}, '*')`;
  if (from.base === 'decimal')
    return `emu_fit(${text}, ${n}, 'Arithmetic overflow error converting numeric to data type ${to.base}.')`;
  if (from.base === 'money' || from.base === 'float' || from.base === 'real')
    return `emu_fit(${text}, ${n}, 'Arithmetic overflow error converting expression to data type ${to.base}.')`;
  return text;
}
