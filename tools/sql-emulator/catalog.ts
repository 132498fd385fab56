// The demo tables as SQL Server declares them (names in their written case, types, nullability); the PostgreSQL DDL is derived from it.
import { pgType, type SqlType } from './sql-types.js';

export interface CatalogColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
  /** PostgreSQL column default (for NOT NULL columns the seed does not fill). */
  pgDefault?: string;
}

export interface CatalogTable {
  schema: string;
  name: string;
  columns: CatalogColumn[];
}

const col = (name: string, type: SqlType, nullable = true, pgDefault?: string): CatalogColumn => ({
  name,
  type,
  nullable,
  pgDefault,
});
const nv = (len: number): SqlType => ({ base: 'nvarchar', len });
const dec = (p: number, s: number): SqlType => ({ base: 'decimal', len: p, scale: s });

export const CATALOG: Record<'Analytics' | 'Accounting', CatalogTable[]> = {
  Analytics: [
    {
      schema: 'dbo',
      name: 'Deals',
      columns: [
        col('Id', { base: 'int' }, false),
        col('DealId', nv(64)),
        col('LineId', nv(64)),
        col('CustomerId', nv(64)),
        col('CustomerName', nv(200)),
        col('Segment', nv(100)),
        col('RevenueType', nv(100)),
        col('ContractValue', dec(18, 2)),
        col('Currency', nv(8)),
        col('DurationMonths', { base: 'int' }),
        col('BookingDate', { base: 'date' }),
        col('StartDate', { base: 'date' }),
        col('CloseDate', { base: 'date' }),
        col('IsActive', { base: 'bit' }, false, '1'),
        col('UpdatedAt', { base: 'datetime2', len: 7 }, false, "'2000-01-01 00:00:00'"),
      ],
    },
  ],
  Accounting: [
    {
      schema: 'dbo',
      name: 'RevenueRecognition',
      columns: [
        col('Id', { base: 'bigint' }, false),
        col('EntryId', nv(64)),
        col('DealId', nv(64)),
        col('RevenueType', nv(100)),
        col('RecognitionPeriod', { base: 'date' }),
        col('RecognizedAmount', dec(18, 2)),
        col('Currency', nv(8)),
        col('IsReversal', { base: 'bit' }),
        col('PostedAt', { base: 'datetime2', len: 7 }),
      ],
    },
  ],
};

/** PostgreSQL names are the lower-cased SQL Server names; the first column is an identity key. */
export function pgDdl(tables: CatalogTable[]): string {
  const schemas = [...new Set(tables.map((x) => x.schema.toLowerCase()))];
  return [
    ...schemas.map((s) => `CREATE SCHEMA ${s};`),
    ...tables.map((x) => {
      const cols = x.columns.map((c, i) => {
        const type = pgType(c.type);
        const identity = i === 0 ? ' GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : '';
        const def = c.pgDefault ? ` NOT NULL DEFAULT ${c.pgDefault}` : '';
        return `${c.name.toLowerCase()} ${type}${identity}${def}`;
      });
      return `CREATE TABLE ${x.schema.toLowerCase()}.${x.name.toLowerCase()} (${cols.join(', ')});`;
    }),
  ].join('\n');
}
