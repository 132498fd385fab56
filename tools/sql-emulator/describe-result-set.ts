// sp_describe_first_result_set's answer: one row per result column, with SQL Server's documented columns.
import type { SqlType } from './sql-types.js';
import { typeName } from './sql-types.js';
import { colMetadata, decimalBytes, rowToken, type CellValue, type Column } from './tds-types.js';
import type { OutColumn } from './tsql-to-pg.js';

const int: SqlType = { base: 'int' };
const bit: SqlType = { base: 'bit' };
const sysname: SqlType = { base: 'nvarchar', len: 128 };
const small: SqlType = { base: 'smallint' };
const tiny: SqlType = { base: 'tinyint' };

const COLUMNS: Column[] = [
  ['is_hidden', bit, false],
  ['column_ordinal', int, false],
  ['name', sysname, true],
  ['is_nullable', bit, false],
  ['system_type_id', int, false],
  ['system_type_name', { base: 'nvarchar', len: 256 } as SqlType, true],
  ['max_length', small, false],
  ['precision', tiny, false],
  ['scale', tiny, false],
  ['collation_name', sysname, true],
  ['user_type_id', int, true],
  ['user_type_database', sysname, true],
  ['user_type_schema', sysname, true],
  ['user_type_name', sysname, true],
  ['assembly_qualified_type_name', { base: 'nvarchar', len: 4000 } as SqlType, true],
  ['xml_collection_id', int, true],
  ['xml_collection_database', sysname, true],
  ['xml_collection_schema', sysname, true],
  ['xml_collection_name', sysname, true],
  ['is_xml_document', bit, false],
  ['is_case_sensitive', bit, false],
  ['is_fixed_length_clr_type', bit, false],
  ['source_server', sysname, true],
  ['source_database', sysname, true],
  ['source_schema', sysname, true],
  ['source_table', sysname, true],
  ['source_column', sysname, true],
  ['is_identity_column', bit, true],
  ['is_part_of_unique_key', bit, true],
  ['is_updateable', bit, true],
  ['is_computed_column', bit, true],
  ['is_sparse_column_set', bit, true],
  ['ordinal_in_order_by_list', small, true],
  ['order_by_list_length', small, true],
  ['order_by_is_descending', small, true],
  ['tds_type_id', int, false],
  ['tds_length', int, false],
  ['tds_collation_id', int, true],
  ['tds_collation_sort_id', tiny, true],
].map(([name, type, nullable]) => ({
  name: name as string,
  type: type as SqlType,
  nullable: nullable as boolean,
}));

const SYSTEM_TYPE_ID: Record<SqlType['base'], number> = {
  bit: 104,
  tinyint: 48,
  smallint: 52,
  int: 56,
  bigint: 127,
  decimal: 106,
  money: 60,
  float: 62,
  real: 59,
  date: 40,
  time: 41,
  datetime2: 42,
  datetime: 61,
  char: 175,
  varchar: 167,
  nchar: 239,
  nvarchar: 231,
};
const TDS_TYPE_ID: Record<SqlType['base'], number> = {
  bit: 104,
  tinyint: 38,
  smallint: 38,
  int: 38,
  bigint: 38,
  decimal: 106,
  money: 110,
  float: 109,
  real: 109,
  date: 40,
  time: 41,
  datetime2: 42,
  datetime: 111,
  char: 175,
  varchar: 167,
  nchar: 239,
  nvarchar: 231,
};

function facts(t: SqlType): { maxLength: number; precision: number; scale: number } {
  const frac = t.len ?? 7;
  switch (t.base) {
    case 'bit':
      return { maxLength: 1, precision: 1, scale: 0 };
    case 'tinyint':
      return { maxLength: 1, precision: 3, scale: 0 };
    case 'smallint':
      return { maxLength: 2, precision: 5, scale: 0 };
    case 'int':
      return { maxLength: 4, precision: 10, scale: 0 };
    case 'bigint':
      return { maxLength: 8, precision: 19, scale: 0 };
    case 'decimal':
      return { maxLength: decimalBytes(t.len ?? 18), precision: t.len ?? 18, scale: t.scale ?? 0 };
    case 'money':
      return { maxLength: 8, precision: 19, scale: 4 };
    case 'float':
      return { maxLength: 8, precision: 53, scale: 0 };
    case 'real':
      return { maxLength: 4, precision: 24, scale: 0 };
    case 'date':
      return { maxLength: 3, precision: 10, scale: 0 };
    case 'datetime':
      return { maxLength: 8, precision: 23, scale: 3 };
    case 'datetime2':
      return {
        maxLength: frac <= 2 ? 6 : frac <= 4 ? 7 : 8,
        precision: frac === 0 ? 19 : 20 + frac,
        scale: frac,
      };
    case 'time':
      return {
        maxLength: frac <= 2 ? 3 : frac <= 4 ? 4 : 5,
        precision: frac === 0 ? 8 : 9 + frac,
        scale: frac,
      };
    default: {
      const unicode = t.base === 'nvarchar' || t.base === 'nchar';
      return { maxLength: t.len === -1 ? -1 : (t.len ?? 1) * (unicode ? 2 : 1), precision: 0, scale: 0 };
    }
  }
}

export function describeResultSet(columns: OutColumn[], database: string): Buffer {
  const rows = columns.map((c, i): CellValue[] => {
    const f = facts(c.type);
    const text = ['char', 'varchar', 'nchar', 'nvarchar'].includes(c.type.base);
    const [schema, table] = c.source?.table.split('.') ?? [];
    return [
      0,
      i + 1,
      c.name === '' ? null : c.name,
      c.nullable ? 1 : 0,
      SYSTEM_TYPE_ID[c.type.base],
      typeName(c.type),
      f.maxLength,
      f.precision,
      f.scale,
      text ? 'SQL_Latin1_General_CP1_CI_AS' : null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      0,
      0,
      0,
      null,
      c.source ? database : null,
      schema ?? null,
      table ?? null,
      c.source?.column ?? null,
      c.source ? (c.source.column === 'Id' ? 1 : 0) : null,
      null,
      null,
      c.source ? 0 : null,
      c.source ? 0 : null,
      null,
      null,
      null,
      TDS_TYPE_ID[c.type.base],
      f.maxLength === -1 ? -1 : f.maxLength,
      text ? 13632521 : null,
      text ? 52 : null,
    ];
  });
  const parts = [colMetadata(COLUMNS), ...rows.map((r) => rowToken(COLUMNS, r))];
  return Buffer.concat(parts);
}
