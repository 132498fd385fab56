// The syntax tree of the T-SQL subset the emulator runs (statements, SELECT, table sources, expressions).

export interface TypeRef {
  name: string;
  args: (number | 'max')[];
}

export interface OrderItem {
  e: Expr;
  desc: boolean;
}

export interface Over {
  partition: Expr[];
  order: OrderItem[];
  /** ROWS/RANGE frame, already in the PostgreSQL spelling (identical in both). */
  frame?: string;
}

export type Expr =
  | { k: 'num'; v: string }
  | { k: 'str'; v: string; unicode: boolean }
  | { k: 'null' }
  | { k: 'var'; name: string }
  | { k: 'sysvar'; name: string }
  | { k: 'col'; parts: string[] }
  | { k: 'unary'; op: string; e: Expr }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'isnull'; e: Expr; not: boolean }
  | { k: 'between'; e: Expr; lo: Expr; hi: Expr; not: boolean }
  | { k: 'in'; e: Expr; list?: Expr[]; sub?: Select; not: boolean }
  | { k: 'like'; e: Expr; pat: Expr; esc?: Expr; not: boolean }
  | { k: 'exists'; sub: Select }
  | { k: 'subquery'; sub: Select }
  | { k: 'case'; operand?: Expr; whens: [Expr, Expr][]; else?: Expr }
  | {
      k: 'fn';
      name: string;
      args: Expr[];
      star?: boolean;
      distinct?: boolean;
      over?: Over;
      withinGroup?: OrderItem[];
    }
  | { k: 'cast'; e: Expr; type: TypeRef; style?: Expr; try: boolean; how: 'cast' | 'convert' }
  | { k: 'datefn'; fn: string; part: string; args: Expr[] }
  | { k: 'collate'; e: Expr; collation: string }
  | { k: 'paren'; e: Expr };

export type SelectItem = { k: 'star'; qual?: string[] } | { k: 'expr'; e: Expr; alias?: string };

export type TableRef =
  | { k: 'table'; parts: string[]; alias?: string; hints: string[] }
  | { k: 'derived'; sub: Select; alias: string; cols?: string[] }
  | {
      k: 'join';
      type: 'inner' | 'left' | 'right' | 'full' | 'cross' | 'cross apply' | 'outer apply';
      l: TableRef;
      r: TableRef;
      on?: Expr;
    };

export interface Top {
  e: Expr;
  percent: boolean;
  ties: boolean;
}

export interface SelectCore {
  k: 'core';
  distinct: boolean;
  top?: Top;
  items: SelectItem[];
  from: TableRef[];
  where?: Expr;
  groupBy: Expr[];
  having?: Expr;
}

export type QueryExpr =
  | SelectCore
  | { k: 'setop'; op: 'union' | 'union all' | 'except' | 'intersect'; l: QueryExpr; r: QueryExpr }
  | { k: 'nested'; q: Select };

export interface Cte {
  name: string;
  cols?: string[];
  q: Select;
}

export interface Select {
  with: Cte[];
  body: QueryExpr;
  order: OrderItem[];
  offset?: Expr;
  fetch?: Expr;
}

export type Stmt =
  | { k: 'select'; q: Select }
  | { k: 'set'; option: string; value: string }
  | { k: 'use'; db: string }
  | { k: 'begin' }
  | { k: 'commit' }
  | { k: 'rollback' }
  | { k: 'if'; cond: Expr; then: Stmt; else?: Stmt }
  | { k: 'exec'; proc: string; args: { name?: string; e: Expr }[] }
  | { k: 'empty' };
