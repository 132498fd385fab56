// The fidelity cases: everyday T-SQL and what SQL Server answers (rows, column names, types) or the error number it raises.
// Written from SQL Server's documented behaviour over the rows in fidelity-data.ts (Ids 1-6 in that order).

export interface Param {
  name: string;
  /** As declared in sp_executesql's @params. */
  type: 'date' | 'int' | 'nvarchar(64)' | 'decimal(5,2)';
  value: string | number;
}

export interface FidelityCase {
  id: string;
  sql: string;
  params?: Param[];
  /** Rows of the first result set (or of `result`), values as mssql gives them normalised (see the suite). */
  rows?: unknown[][];
  /** Which result set of the batch holds `rows` (default 0). */
  result?: number;
  columns?: string[];
  /** mssql's type names, with (p,s) for decimals. */
  types?: string[];
  /** Only these columns of the result (sp_describe_first_result_set's many columns). */
  pick?: string[];
  error?: number;
  /** Clients whose own session state changes the answer (pymssql runs inside a transaction it opened). */
  notFor?: ('pymssql' | 'pyodbc')[];
}

const c = (id: string, sql: string, expect: Omit<FidelityCase, 'id' | 'sql'>): FidelityCase => ({
  id,
  sql,
  ...expect,
});
const D = (d: string): string => d;

export const CASES: FidelityCase[] = [
  // 1. Text before the query
  c('lead-line-comment', '-- the period\nSELECT COUNT(*) FROM dbo.Deals', { rows: [[6]] }),
  c('lead-block-comment', '/* deals */ SELECT COUNT(*) FROM Deals', { rows: [[6]] }),
  c('lead-nocount', 'SET NOCOUNT ON; SELECT COUNT(*) FROM Deals', { rows: [[6]] }),
  c('lead-semicolon-with', ';WITH x AS (SELECT DealId FROM Deals) SELECT COUNT(*) FROM x', { rows: [[6]] }),
  c('lead-use', 'USE Analytics; SELECT COUNT(*) FROM Deals', { rows: [[6]] }),
  c('lead-set-lines', 'SET NOCOUNT ON\nSET ANSI_WARNINGS ON\nSELECT 1 AS n', { rows: [[1]], columns: ['n'] }),
  c('lead-nested-comment', '/* a /* nested */ comment */ SELECT 2 AS n', { rows: [[2]] }),
  c('lead-comment-set-with', '-- x\nSET NOCOUNT ON;\n;WITH t AS (SELECT 7 AS n) SELECT n FROM t', {
    rows: [[7]],
  }),
  c('lead-nocount-no-semicolon', 'SET NOCOUNT ON\nSELECT COUNT(*) FROM Deals', { rows: [[6]] }),
  c('with-after-statement', 'SELECT 1 WITH x AS (SELECT 1 AS a) SELECT a FROM x', { error: 319 }),

  // 2. Collation (SQL_Latin1_General_CP1_CI_AS)
  c('ci-equals', "SELECT COUNT(*) FROM Deals WHERE RevenueType = 'service'", { rows: [[3]] }),
  c('ci-trailing-spaces', "SELECT COUNT(*) FROM Deals WHERE RevenueType = 'SERVICE   '", { rows: [[3]] }),
  c('ci-not-equals', "SELECT COUNT(*) FROM Deals WHERE RevenueType <> 'Service'", { rows: [[3]] }),
  c('ci-like-prefix', "SELECT COUNT(*) FROM Deals WHERE RevenueType LIKE 'serv%'", { rows: [[3]] }),
  c('ci-like-unicode-trailing', "SELECT COUNT(*) FROM Deals WHERE RevenueType LIKE '%ice'", { rows: [[2]] }),
  c('ci-like-set', "SELECT COUNT(*) FROM Deals WHERE DealId LIKE '[d]-[1-2]'", { rows: [[3]] }),
  c('ci-count-distinct', 'SELECT COUNT(DISTINCT RevenueType) FROM Deals', { rows: [[3]] }),
  c('ci-distinct', 'SELECT COUNT(*) FROM (SELECT DISTINCT RevenueType FROM Deals) x', { rows: [[3]] }),
  c('ci-group-by', 'SELECT COUNT(*) FROM (SELECT RevenueType FROM Deals GROUP BY RevenueType) x', {
    rows: [[3]],
  }),
  c('ci-sum-segment', "SELECT SUM(ContractValue) FROM Deals WHERE Segment = 'smb'", { rows: [[1550.5]] }),
  c('ci-trailing-name', "SELECT COUNT(*) FROM Deals WHERE CustomerName = 'beta'", { rows: [[1]] }),
  c('ci-in-list', "SELECT COUNT(*) FROM Deals WHERE RevenueType IN ('SETUP', 'x')", { rows: [[1]] }),
  c('ci-key', "SELECT COUNT(*) FROM Deals WHERE DealId = 'D-5'", { rows: [[1]] }),
  c('cs-collate', "SELECT COUNT(*) FROM Deals WHERE RevenueType COLLATE Latin1_General_CS_AS = 'Service'", {
    rows: [[2]],
  }),
  c('ci-charindex', "SELECT CHARINDEX('SERV', RevenueType) FROM Deals WHERE Id = 2", { rows: [[1]] }),
  c('ci-replace', "SELECT REPLACE('Service', 'SERV', 'X')", { rows: [['Xice']] }),
  c(
    'ci-group-upper',
    'SELECT UPPER(Segment) AS s, COUNT(*) AS n FROM Deals WHERE Segment IS NOT NULL GROUP BY UPPER(Segment) ORDER BY n',
    {
      rows: [
        ['ENTERPRISE', 2],
        ['SMB', 3],
      ],
    },
  ),
  c('ci-group-nulls', 'SELECT COUNT(*) AS n FROM Deals GROUP BY Segment ORDER BY n', {
    rows: [[1], [2], [3]],
  }),
  c('ci-order', 'SELECT RevenueType FROM Deals WHERE Id IN (5, 6) ORDER BY RevenueType', {
    rows: [['Setup'], ['SUBSCRIPTION']],
  }),
  c('ci-join', 'SELECT COUNT(*) FROM Deals a JOIN Deals b ON a.RevenueType = b.RevenueType WHERE a.Id = 1', {
    rows: [[3]],
  }),
  c('len-trailing', 'SELECT MAX(LEN(CustomerName)) FROM Deals', { rows: [[8]] }),
  c('len-literal', "SELECT LEN('ab  ')", { rows: [[2]] }),
  c('datalength-unicode', "SELECT DATALENGTH(N'ab ')", { rows: [[6]] }),

  // 3. Names
  c('name-as-declared', 'SELECT DealId FROM Deals WHERE Id = 1', { rows: [['D-1']], columns: ['DealId'] }),
  c('name-as-written', 'SELECT dealid FROM Deals WHERE Id = 1', { rows: [['D-1']], columns: ['dealid'] }),
  c('name-qualified-upper', 'SELECT d.DEALID FROM dbo.Deals AS d WHERE d.Id = 1', {
    columns: ['DEALID'],
    rows: [['D-1']],
  }),
  c('name-three-part', 'SELECT D.DealId FROM Analytics.dbo.Deals d WHERE D.Id = 1', { rows: [['D-1']] }),
  c('name-alias-equals', 'SELECT x = DealId FROM Deals WHERE Id = 1', { columns: ['x'], rows: [['D-1']] }),
  c('name-alias-string', "SELECT DealId AS 'Deal Id' FROM Deals WHERE Id = 1", { columns: ['Deal Id'] }),
  c('name-alias-string-no-as', "SELECT DealId 'k' FROM Deals WHERE Id = 1", { columns: ['k'] }),
  c('name-brackets', 'SELECT [DealId] AS [My Col] FROM [dbo].[Deals] WHERE [Id] = 1', {
    columns: ['My Col'],
    rows: [['D-1']],
  }),
  c('name-unnamed', 'SELECT COUNT(*), MAX(Id) FROM Deals', { columns: ['', ''], rows: [[6, 6]] }),
  c('name-unnamed-expr', 'SELECT Id + 1 FROM Deals WHERE Id = 1', { columns: [''], rows: [[2]] }),
  c('name-quoted-identifier', 'SELECT "DealId" FROM "Deals" WHERE Id = 1', { rows: [['D-1']] }),
  c('bad-table', 'SELECT * FROM dbo.Nope', { error: 208 }),
  c('bad-schema', 'SELECT * FROM sales.Deals', { error: 208 }),
  c('bad-column', 'SELECT Nope FROM Deals', { error: 207 }),
  c('bad-qualifier', 'SELECT Deals.DealId FROM Deals d', { error: 4104 }),
  c('ambiguous', 'SELECT Id FROM Deals a JOIN Deals b ON a.Id = b.Id', { error: 209 }),
  c('names-any-case', 'SELECT COUNT(*) FROM analytics.DBO.deals', { rows: [[6]] }),
  c('names-default-schema', 'SELECT COUNT(*) FROM Analytics..Deals', { rows: [[6]] }),
  c('star-derived', 'SELECT t.* FROM (SELECT DealId, LineId FROM Deals WHERE Id = 1) t', {
    columns: ['DealId', 'LineId'],
    rows: [['D-1', '1']],
  }),
  c('star-table', 'SELECT * FROM Deals WHERE Id = 2', {
    columns: [
      'Id',
      'DealId',
      'LineId',
      'CustomerId',
      'CustomerName',
      'Segment',
      'RevenueType',
      'ContractValue',
      'Currency',
      'DurationMonths',
      'BookingDate',
      'StartDate',
      'CloseDate',
      'IsActive',
      'UpdatedAt',
    ],
  }),
  c('derived-named', 'SELECT a.n FROM (SELECT COUNT(*) AS n FROM Deals) AS a', { rows: [[6]] }),
  c('derived-unnamed', 'SELECT * FROM (SELECT COUNT(*) FROM Deals) a', { error: 8155 }),
  c('derived-column-list', 'SELECT n FROM (SELECT COUNT(*) FROM Deals) a(n)', { rows: [[6]] }),
  c('cte-column-list', 'WITH c (k) AS (SELECT DealId FROM Deals) SELECT COUNT(k) FROM c', { rows: [[6]] }),
  c('order-by-alias', "SELECT LineId AS k FROM Deals WHERE DealId = 'D-1' ORDER BY k DESC", {
    rows: [['2'], ['1']],
  }),
  c('order-by-position', 'SELECT TOP 1 Id FROM Deals ORDER BY 1 DESC', { rows: [[6]] }),
  c('order-by-position-out-of-range', 'SELECT Id FROM Deals ORDER BY 2', { error: 108 }),
  c('order-by-not-selected', 'SELECT DealId FROM Deals WHERE Id < 3 ORDER BY Id DESC', {
    rows: [['D-1'], ['D-1']],
  }),
  c('order-by-distinct-not-selected', 'SELECT DISTINCT DealId FROM Deals ORDER BY Id', { error: 145 }),
  c('group-by-missing', 'SELECT DealId, COUNT(*) FROM Deals', { error: 8120 }),
  c('group-by-not-grouped', 'SELECT DealId, LineId FROM Deals GROUP BY DealId', { error: 8120 }),
  c('aggregate-in-where', 'SELECT Id FROM Deals WHERE COUNT(*) > 1', { error: 147 }),
  c('same-exposed-name', 'SELECT 1 FROM Deals JOIN Deals ON 1 = 1', { error: 1013 }),

  // 4. Parameters declared in sp_executesql
  c('param-dateadd', 'SELECT DATEADD(day, 1, @periodEnd) AS d', {
    params: [{ name: 'periodEnd', type: 'date', value: '2026-10-31' }],
    rows: [[D('2026-11-01')]],
  }),
  c('param-year-month', 'SELECT YEAR(@periodStart), MONTH(@periodStart)', {
    params: [{ name: 'periodStart', type: 'date', value: '2026-10-01' }],
    rows: [[2026, 10]],
  }),
  c('param-eomonth', 'SELECT EOMONTH(@periodStart)', {
    params: [{ name: 'periodStart', type: 'date', value: '2026-10-01' }],
    rows: [[D('2026-10-31')]],
    types: ['date'],
  }),
  c(
    'param-between',
    'SELECT COUNT(*) FROM Deals WHERE BookingDate BETWEEN @periodStart AND EOMONTH(@periodStart)',
    { params: [{ name: 'periodStart', type: 'date', value: '2026-10-01' }], rows: [[1]] },
  ),
  c('param-compare', 'SELECT COUNT(*) FROM Deals WHERE BookingDate < @periodStart', {
    params: [{ name: 'periodStart', type: 'date', value: '2026-10-01' }],
    rows: [[5]],
  }),
  c('param-datediff', "SELECT DATEDIFF(month, '2026-01-15', @periodStart)", {
    params: [{ name: 'periodStart', type: 'date', value: '2026-10-01' }],
    rows: [[9]],
  }),
  c('param-int', 'SELECT @n + 1', { params: [{ name: 'n', type: 'int', value: 41 }], rows: [[42]] }),
  c('param-text-ci', 'SELECT COUNT(*) FROM Deals WHERE DealId = @id', {
    params: [{ name: 'id', type: 'nvarchar(64)', value: 'd-1' }],
    rows: [[2]],
  }),
  c('param-undeclared', 'SELECT @missing', { params: [{ name: 'n', type: 'int', value: 1 }], error: 137 }),
  c('param-datepart', 'SELECT DATEPART(quarter, @periodStart)', {
    params: [{ name: 'periodStart', type: 'date', value: '2026-10-01' }],
    rows: [[4]],
  }),
  c('param-datefromparts', 'SELECT DATEFROMPARTS(YEAR(@periodStart), 1, 1)', {
    params: [{ name: 'periodStart', type: 'date', value: '2026-10-01' }],
    rows: [[D('2026-01-01')]],
  }),
  c('param-convert-23', 'SELECT CONVERT(char(7), @periodStart, 23)', {
    params: [{ name: 'periodStart', type: 'date', value: '2026-10-01' }],
    rows: [['2026-10']],
  }),
  c('param-decimal', 'SELECT ContractValue * @rate FROM Deals WHERE Id = 6', {
    params: [{ name: 'rate', type: 'decimal(5,2)', value: 1.1 }],
    rows: [[55]],
  }),
  c('param-top', 'SELECT TOP (@n) Id FROM Deals ORDER BY Id', {
    params: [{ name: 'n', type: 'int', value: 2 }],
    rows: [[1], [2]],
  }),
  c('variable-in-batch', 'SELECT @x', { error: 137 }),

  // 5. TOP, PERCENT, WITH TIES, OFFSET
  c('top-in-derived', 'SELECT COUNT(*) FROM (SELECT TOP 2 Id FROM Deals ORDER BY Id) x', { rows: [[2]] }),
  c(
    'top-in-in',
    'SELECT d.Id FROM Deals d WHERE d.Id IN (SELECT TOP 2 Id FROM Deals ORDER BY Id DESC) ORDER BY d.Id',
    { rows: [[5], [6]] },
  ),
  c('top-in-cte', 'WITH t AS (SELECT TOP 3 Id FROM Deals ORDER BY Id) SELECT COUNT(*) FROM t', {
    rows: [[3]],
  }),
  c(
    'top-in-cross-apply',
    'SELECT COUNT(*) FROM Deals d CROSS APPLY (SELECT TOP 1 e.Id FROM Deals e WHERE e.CustomerId = d.CustomerId ORDER BY e.Id) a',
    { rows: [[6]] },
  ),
  c(
    'top-in-outer-apply',
    'SELECT d.Id, a.Id FROM Deals d OUTER APPLY (SELECT TOP 1 e.Id FROM Deals e WHERE e.CustomerId = d.CustomerId AND e.Id > d.Id ORDER BY e.Id) a ORDER BY d.Id',
    {
      columns: ['Id', 'Id'],
      rows: [
        [1, 2],
        [2, null],
        [3, 5],
        [4, null],
        [5, null],
        [6, null],
      ],
    },
  ),
  c('top-percent', 'SELECT TOP 50 PERCENT Id FROM Deals ORDER BY Id', { rows: [[1], [2], [3]] }),
  c('top-percent-rounds-up', 'SELECT TOP 10 PERCENT Id FROM Deals ORDER BY Id', { rows: [[1]] }),
  c('top-with-ties', 'SELECT TOP 1 WITH TIES CustomerId FROM Deals ORDER BY CustomerId', {
    rows: [['C-1'], ['C-1']],
  }),
  c('top-with-ties-desc', 'SELECT TOP 2 WITH TIES Currency FROM Deals ORDER BY Currency DESC', {
    rows: [['USD'], ['USD'], ['USD']],
  }),
  c('top-with-ties-no-order', 'SELECT TOP 1 WITH TIES Id FROM Deals', { error: 1062 }),
  c('top-and-offset', 'SELECT TOP 1 Id FROM Deals ORDER BY Id OFFSET 0 ROWS', { error: 10741 }),
  c('offset', 'SELECT Id FROM Deals ORDER BY Id OFFSET 4 ROWS', { rows: [[5], [6]] }),
  c('offset-fetch', 'SELECT Id FROM Deals ORDER BY Id OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY', {
    rows: [[2], [3]],
  }),
  c('order-in-derived', 'SELECT * FROM (SELECT Id FROM Deals ORDER BY Id) x', { error: 1033 }),
  c('top-zero', 'SELECT TOP 0 Id FROM Deals', { rows: [] }),
  c('top-by-amount', 'SELECT TOP 2 Id FROM Deals ORDER BY ContractValue DESC', { rows: [[3], [1]] }),

  // 6. PostgreSQL spellings fail as on SQL Server
  c('pg-limit', 'SELECT Id FROM Deals LIMIT 5', { error: 102 }),
  c('pg-concat-operator', 'SELECT DealId || LineId FROM Deals', { error: 102 }),
  c('pg-true', 'SELECT TRUE', { error: 207 }),
  c('pg-true-compare', 'SELECT COUNT(*) FROM Deals WHERE IsActive = true', { error: 207 }),
  c('pg-nulls-last', 'SELECT Id FROM Deals ORDER BY Id NULLS LAST', { error: 102 }),
  c('pg-group-by-ordinal', 'SELECT RevenueType, COUNT(*) FROM Deals GROUP BY 1', { error: 164 }),
  c('pg-cast-operator', 'SELECT Id::int FROM Deals', { error: 102 }),
  c('pg-ilike', "SELECT Id FROM Deals WHERE DealId ILIKE 'd%'", { error: 102 }),
  c('pg-now', 'SELECT now()', { error: 195 }),
  c('pg-generate-series', 'SELECT generate_series(1, 3)', { error: 195 }),
  c('pg-boolean-where', 'SELECT Id FROM Deals WHERE IsActive', { error: 4145 }),
  c('pg-regex', "SELECT DealId FROM Deals WHERE DealId ~ 'D'", { error: 102 }),
  c('pg-limit-after-where', "SELECT 'a' AS x WHERE 1 = 1 LIMIT 1", { error: 102 }),
  c('pg-distinct-on', 'SELECT DISTINCT ON (DealId) DealId FROM Deals', { error: 156 }),
  c('pg-nulls-first-union', 'SELECT 1 AS x UNION SELECT 2 ORDER BY x NULLS FIRST', { error: 102 }),
  c('pg-e-string', "SELECT E'x'", { error: 207 }),
  c('pg-string-agg-order-inside', "SELECT STRING_AGG(DealId, ',' ORDER BY DealId) FROM Deals", {
    error: 156,
  }),
  c('pg-double-quoted-string', 'SELECT "abc"', { error: 207 }),
  c('pg-coalesce-one-arg', 'SELECT COALESCE(1)', { error: 189 }),

  // 7. Everyday T-SQL
  c('concat-plus', "SELECT 'x' + DealId + '-' + LineId FROM Deals WHERE Id = 2", { rows: [['xD-1-2']] }),
  c('bit-equals-one', 'SELECT COUNT(*) FROM Deals WHERE IsActive = 1', { rows: [[6]] }),
  c('iif', "SELECT IIF(ContractValue > 1000, 'big', 'small') FROM Deals ORDER BY Id", {
    rows: [['big'], ['small'], ['big'], ['small'], ['small'], ['small']],
  }),
  c('charindex', "SELECT CHARINDEX('-', DealId) FROM Deals WHERE Id = 1", { rows: [[2]] }),
  c('charindex-start', "SELECT CHARINDEX('o', 'foo boo', 4)", { rows: [[6]] }),
  c('datepart', 'SELECT DATEPART(month, BookingDate), DATEPART(dw, BookingDate) FROM Deals WHERE Id = 1', {
    rows: [[1, 2]],
  }),
  c('datediff-day', 'SELECT DATEDIFF(day, BookingDate, StartDate) FROM Deals WHERE Id = 1', { rows: [[27]] }),
  c('datediff-year-boundary', "SELECT DATEDIFF(year, '2025-12-31', '2026-01-01')", { rows: [[1]] }),
  c('datediff-negative-month', 'SELECT DATEDIFF(month, BookingDate, CloseDate) FROM Deals WHERE Id = 3', {
    rows: [[-1]],
  }),
  c('datediff-week', "SELECT DATEDIFF(week, '2026-01-03', '2026-01-04')", { rows: [[1]] }),
  c(
    'string-agg',
    "SELECT STRING_AGG(DealId, ',') WITHIN GROUP (ORDER BY Id) FROM Deals WHERE Currency = 'EUR'",
    { rows: [['D-2,D-4']] },
  ),
  c('try-cast', "SELECT TRY_CAST('12' AS int), TRY_CAST('x' AS int), TRY_CAST('2026-02-30' AS date)", {
    rows: [[12, null, null]],
  }),
  c('try-convert-103', "SELECT TRY_CONVERT(date, '31/12/2026', 103)", { rows: [[D('2026-12-31')]] }),
  c('try-convert-bad', "SELECT TRY_CONVERT(int, 'abc')", { rows: [[null]] }),
  c('cast-bad-int', "SELECT CAST('abc' AS int)", { error: 245 }),
  c('hint-old-style', 'SELECT COUNT(*) FROM Deals (NOLOCK)', { rows: [[6]] }),
  c('hint-with', 'SELECT COUNT(*) FROM Deals WITH (NOLOCK)', { rows: [[6]] }),
  c('hint-join', 'SELECT COUNT(*) FROM Deals d WITH (NOLOCK) JOIN Deals e WITH (NOLOCK) ON e.Id = d.Id', {
    rows: [[6]],
  }),
  c('hint-unknown', 'SELECT COUNT(*) FROM Deals WITH (FASTEST)', { error: 321 }),
  c('count-big', 'SELECT COUNT_BIG(*) FROM Deals', { rows: [['6']], types: ['bigint'] }),
  c('convert-101', 'SELECT CONVERT(varchar(10), BookingDate, 101) FROM Deals WHERE Id = 1', {
    rows: [['01/05/2026']],
  }),
  c('convert-103', 'SELECT CONVERT(varchar(10), BookingDate, 103) FROM Deals WHERE Id = 1', {
    rows: [['05/01/2026']],
  }),
  c('convert-104', 'SELECT CONVERT(varchar(10), BookingDate, 104) FROM Deals WHERE Id = 1', {
    rows: [['05.01.2026']],
  }),
  c('convert-126-date', 'SELECT CONVERT(varchar(30), BookingDate, 126) FROM Deals WHERE Id = 1', {
    rows: [['2026-01-05']],
  }),
  c('convert-126-datetime', "SELECT CONVERT(varchar(30), CAST('2026-01-05 10:20:30' AS datetime), 126)", {
    rows: [['2026-01-05T10:20:30']],
  }),
  c('convert-112', 'SELECT CONVERT(char(8), BookingDate, 112) FROM Deals WHERE Id = 1', {
    rows: [['20260105']],
  }),
  c('convert-bad-style', 'SELECT CONVERT(varchar(10), BookingDate, 999) FROM Deals', { error: 281 }),
  c('money-as-text', 'SELECT CONVERT(varchar(30), CAST(9000.64 AS money))', { rows: [['9000.64']] }),
  c('money-as-text-rounds', 'SELECT CAST(CAST(9000.6449 AS money) AS varchar(30))', { rows: [['9000.64']] }),
  c('money-value', 'SELECT CAST(1234567.891 AS money)', { rows: [[1234567.891]], types: ['money'] }),
  c('isnull', "SELECT ISNULL(Segment, 'none') FROM Deals WHERE Id = 4", { rows: [['none']] }),
  c('coalesce-dates', 'SELECT COALESCE(CloseDate, StartDate, BookingDate) FROM Deals WHERE Id = 2', {
    rows: [[D('2026-01-05')]],
  }),
  c(
    'case-searched',
    'SELECT CASE WHEN DurationMonths IS NULL THEN 0 ELSE DurationMonths END FROM Deals WHERE Id = 5',
    { rows: [[0]] },
  ),
  c('case-simple-ci', "SELECT CASE RevenueType WHEN 'SERVICE' THEN 1 ELSE 0 END FROM Deals WHERE Id = 2", {
    rows: [[1]],
  }),
  c('row-number', 'SELECT ROW_NUMBER() OVER (ORDER BY Id DESC) AS rn FROM Deals WHERE Id = 1', {
    rows: [['1']],
    types: ['bigint'],
  }),
  c('row-number-no-over', 'SELECT ROW_NUMBER() FROM Deals', { error: 10753 }),
  c(
    'sum-over-partition',
    'SELECT SUM(ContractValue) OVER (PARTITION BY CustomerId) FROM Deals WHERE Id = 1',
    { rows: [[1200.5]] },
  ),
  c(
    'sum-over-partition-all',
    "SELECT Id, SUM(ContractValue) OVER (PARTITION BY CustomerId) AS t FROM Deals WHERE CustomerId = 'C-1' ORDER BY Id",
    {
      rows: [
        [1, 1500.5],
        [2, 1500.5],
      ],
    },
  ),
  c(
    'left-right-substring',
    'SELECT LEFT(CustomerName, 3), RIGHT(DealId, 1), SUBSTRING(DealId, 3, 5) FROM Deals WHERE Id = 3',
    { rows: [['zoë', '2', '2']] },
  ),
  c('substring-before-start', "SELECT SUBSTRING('abcdef', 0, 3)", { rows: [['ab']] }),
  c('upper-accented', 'SELECT UPPER(CustomerName) FROM Deals WHERE Id = 3', { rows: [['ZOË & CO']] }),
  c('trims', "SELECT LTRIM(RTRIM('  x  ')), TRIM('  y  ')", { rows: [['x', 'y']] }),
  c('concat-function', "SELECT CONCAT(DealId, '/', LineId, NULL) FROM Deals WHERE Id = 1", {
    rows: [['D-1/1']],
  }),
  c('plus-null', "SELECT 'a' + NULL", { rows: [[null]] }),
  c('round', 'SELECT ROUND(ContractValue, 0) FROM Deals WHERE Id = 1', {
    rows: [[1201]],
    types: ['decimal(18,2)'],
  }),
  c('abs-ceiling-floor', 'SELECT ABS(-5), CEILING(1.2), FLOOR(-1.2)', { rows: [[5, 2, -2]] }),
  c('integer-division', 'SELECT 7 / 2, 7 % 2, 7 / 2.0', { rows: [[3, 1, 3.5]] }),
  c('divide-by-zero', 'SELECT 1 / 0', { error: 8134 }),
  c('cast-truncates', 'SELECT CAST(12.9 AS int), CAST(-12.9 AS int)', { rows: [[12, -12]] }),
  c('cast-date', "SELECT CAST('2026-10-01' AS date)", { rows: [[D('2026-10-01')]] }),
  c('cast-date-us', "SELECT CAST('10/01/2026' AS date)", { rows: [[D('2026-10-01')]] }),
  // An integer is a datetime of that many days after 1900-01-01: the month-start idiom.
  c(
    'month-start-idiom',
    "SELECT CONVERT(varchar(10), DATEADD(month, DATEDIFF(month, 0, CAST('2026-10-17' AS date)), 0), 23) AS m",
    {
      rows: [['2026-10-01']],
    },
  ),
  c('datediff-from-zero', "SELECT DATEDIFF(day, 0, CAST('1900-01-31' AS date)) AS d", { rows: [[30]] }),
  // An empty text is 0 as an int or float and day 0 as a date; as a decimal it fails.
  c('empty-text-casts', "SELECT CAST('' AS int) AS i, CAST(' ' AS float) AS f, CAST('' AS date) AS d", {
    rows: [[0, 0, D('1900-01-01')]],
  }),
  c('empty-text-decimal', "SELECT CAST('' AS decimal(10,2))", { error: 8114 }),
  c('charindex-empty-needle', "SELECT CHARINDEX('', 'abc') AS i", { rows: [[0]] }),
  c('money-to-int-rounds', 'SELECT CAST(CAST(2.5 AS money) AS int) AS m, CAST(2.5 AS int) AS d', {
    rows: [[3, 2]],
  }),
  c('left-negative-no-rows', 'SELECT LEFT(DealId, -1) AS x FROM Deals WHERE 1 = 0', { rows: [] }),
  c('convert-float-too-short', 'SELECT CONVERT(varchar(3), 1.5e10)', { error: 8115 }),
  c(
    'like-long-decimal',
    "SELECT COUNT(*) FROM Deals WHERE CAST(ContractValue AS decimal(38,30)) LIKE '9000.64%'",
    {
      rows: [[1]],
    },
  ),
  c('nchar-supplementary', 'SELECT NCHAR(128512) AS n', { rows: [[null]] }),
  c('cast-date-bad', "SELECT CAST('2026-02-30' AS date)", { error: 241 }),
  // 100 ns digits: the last instant of a day stays in that day.
  c('datetime2-seven-digits', "SELECT CAST('2026-10-05T23:59:59.9999999' AS date)", {
    rows: [[D('2026-10-05')]],
  }),
  c(
    'datetime2-before-midnight',
    "SELECT CASE WHEN CAST('2026-10-31T23:59:59.9999999' AS datetime2) < '2026-11-01' THEN 1 ELSE 0 END AS before",
    { rows: [[1]] },
  ),
  c('cast-date-to-text', 'SELECT CAST(BookingDate AS varchar(10)) FROM Deals WHERE Id = 1', {
    rows: [['2026-01-05']],
  }),
  c('decimal-to-text', 'SELECT CONVERT(varchar(40), ContractValue) FROM Deals WHERE Id = 6', {
    rows: [['50.00']],
  }),
  // The default queries bring text over as nvarchar / nchar: the same digits and days as varchar / char.
  c('decimal-to-ntext', 'SELECT CONVERT(nvarchar(40), ContractValue) FROM Deals WHERE Id = 6', {
    rows: [['50.00']],
  }),
  c(
    'date-to-nchar-23',
    'SELECT CONVERT(nchar(10), BookingDate, 23), CONVERT(nchar(7), BookingDate, 23) FROM Deals WHERE Id = 1',
    {
      rows: [['2026-01-05', '2026-01']],
    },
  ),
  c('int-to-ntext', 'SELECT CONVERT(nvarchar(12), COUNT(*)) FROM Deals WHERE Id = 1', {
    rows: [['1']],
  }),
  c('cast-decimal-rounds', 'SELECT CAST(ContractValue AS decimal(10,1)) FROM Deals WHERE Id = 1', {
    rows: [[1200.5]],
    types: ['decimal(10,1)'],
  }),
  c('string-to-int-compare', "SELECT COUNT(*) FROM Deals WHERE DurationMonths = '12'", { rows: [[1]] }),
  c('string-to-int-compare-bad', "SELECT COUNT(*) FROM Deals WHERE DurationMonths = 'x'", { error: 245 }),
  c('string-plus-int', "SELECT '1' + 1", { rows: [[2]] }),
  c('date-plus-int', 'SELECT BookingDate + 1 FROM Deals', { error: 206 }),
  c(
    'exists',
    'SELECT COUNT(*) FROM Deals d WHERE EXISTS (SELECT 1 FROM Deals e WHERE e.CustomerId = d.CustomerId AND e.Id <> d.Id)',
    { rows: [[4]] },
  ),
  c(
    'not-in-subquery',
    "SELECT COUNT(*) FROM Deals WHERE CustomerId NOT IN (SELECT CustomerId FROM Deals WHERE Currency = 'EUR')",
    { rows: [[4]] },
  ),
  c('scalar-subquery', 'SELECT (SELECT MAX(Id) FROM Deals) AS m', { rows: [[6]] }),
  c('union', 'SELECT DealId FROM Deals WHERE Id = 1 UNION SELECT DealId FROM Deals WHERE Id = 2', {
    rows: [['D-1']],
  }),
  c(
    'union-all-order',
    'SELECT Id FROM Deals WHERE Id < 3 UNION ALL SELECT Id FROM Deals WHERE Id < 2 ORDER BY Id',
    { rows: [[1], [1], [2]] },
  ),
  c('union-count-mismatch', 'SELECT 1, 2 UNION SELECT 3', { error: 205 }),
  c('except', 'SELECT Id FROM Deals EXCEPT SELECT Id FROM Deals WHERE Id > 1', { rows: [[1]] }),
  c(
    'intersect',
    'SELECT CustomerId FROM Deals WHERE Id = 3 INTERSECT SELECT CustomerId FROM Deals WHERE Id = 5',
    { rows: [['C-2']] },
  ),
  c(
    'having',
    'SELECT CustomerId, SUM(ContractValue) AS total FROM Deals GROUP BY CustomerId HAVING SUM(ContractValue) > 1000 ORDER BY total DESC',
    {
      rows: [
        ['C-2', 9000.65],
        ['C-1', 1500.5],
      ],
    },
  ),
  c('db-name', 'SELECT DB_NAME()', { rows: [['Analytics']] }),
  c('format-month', "SELECT FORMAT(BookingDate, 'yyyy-MM') FROM Deals WHERE Id = 1", { rows: [['2026-01']] }),
  c(
    'group-by-year',
    'SELECT YEAR(BookingDate) AS y, COUNT(*) AS n FROM Deals GROUP BY YEAR(BookingDate) ORDER BY y',
    {
      rows: [
        [2025, 1],
        [2026, 5],
      ],
    },
  ),
  c('dateadd-month-end', "SELECT DATEADD(month, 1, CAST('2026-01-31' AS date))", {
    rows: [[D('2026-02-28')]],
  }),
  c('dateadd-string-is-datetime', "SELECT DATEADD(day, 1, '2026-01-31')", {
    rows: [['2026-02-01T00:00:00.000']],
    types: ['datetime'],
  }),
  c(
    'left-join',
    'SELECT COUNT(*) FROM Deals a LEFT JOIN Deals b ON b.CustomerId = a.CustomerId AND b.Id > a.Id WHERE b.Id IS NULL',
    { rows: [[4]] },
  ),
  c('cross-join', 'SELECT COUNT(*) FROM Deals a CROSS JOIN Deals b', { rows: [[36]] }),
  c('comma-join', 'SELECT COUNT(*) FROM Deals a, Deals b WHERE a.Id = b.Id', { rows: [[6]] }),
  c('between-dates', "SELECT COUNT(*) FROM Deals WHERE BookingDate BETWEEN '2026-01-01' AND '2026-06-30'", {
    rows: [[4]],
  }),
  c('not-between', 'SELECT COUNT(*) FROM Deals WHERE Id NOT BETWEEN 2 AND 5', { rows: [[2]] }),
  c('is-null', 'SELECT COUNT(*) FROM Deals WHERE StartDate IS NULL', { rows: [[2]] }),
  c('count-column-skips-nulls', 'SELECT COUNT(StartDate) FROM Deals', { rows: [[4]] }),
  c('nulls-sort-first', 'SELECT Id FROM Deals ORDER BY StartDate, Id', {
    rows: [[2], [5], [1], [3], [6], [4]],
  }),
  c('nulls-sort-last-desc', 'SELECT Id FROM Deals ORDER BY StartDate DESC, Id', {
    rows: [[4], [6], [3], [1], [2], [5]],
  }),
  // ORDER BY names a select-list column by its name, also under DISTINCT and with a table alias.
  c('distinct-order-by-column', 'SELECT DISTINCT Currency FROM Deals ORDER BY Currency', {
    rows: [['EUR'], ['GBP'], ['USD']],
  }),
  c('distinct-order-by-qualified', 'SELECT DISTINCT d.Currency FROM Deals d ORDER BY d.Currency DESC', {
    rows: [['USD'], ['GBP'], ['EUR']],
  }),
  // A CASE over a column is not a constant: it may be grouped and ordered by.
  c(
    'group-by-case',
    "SELECT CASE WHEN Currency = 'EUR' THEN 'eu' ELSE 'other' END AS zone, COUNT(*) AS n FROM Deals GROUP BY CASE WHEN Currency = 'EUR' THEN 'eu' ELSE 'other' END ORDER BY n",
    {
      rows: [
        ['eu', 2],
        ['other', 4],
      ],
    },
  ),
  c('order-by-case', "SELECT Id FROM Deals ORDER BY CASE WHEN Currency = 'EUR' THEN 0 ELSE 1 END, Id", {
    rows: [[3], [5], [1], [2], [4], [6]],
  }),
  // A number never comes out cut short: too long for a varchar, an int is "*"; a decimal, money or
  // an int into nvarchar fails with an arithmetic overflow.
  c('convert-decimal-too-short', 'SELECT CONVERT(nvarchar(10), 99999999.99)', { error: 8115 }),
  c(
    'convert-decimal-varchar-too-short',
    'SELECT CONVERT(varchar(5), ContractValue) FROM Deals WHERE Id = 3',
    {
      error: 8115,
    },
  ),
  c('convert-money-too-short', 'SELECT CONVERT(varchar(4), CAST(12345.67 AS money))', { error: 8115 }),
  c('convert-int-varchar-star', 'SELECT CONVERT(varchar(3), 12345)', { rows: [['*']] }),
  c('convert-int-nvarchar-too-short', 'SELECT CONVERT(nvarchar(3), 12345)', { error: 8115 }),
  c('convert-decimal-fits', 'SELECT CONVERT(varchar(7), ContractValue) FROM Deals WHERE Id = 3', {
    rows: [['9000.64']],
  }),
  // MIN and MAX of text follow the case-insensitive collation, not the code points.
  c(
    'min-max-text-ci',
    "SELECT MIN(x) AS lo, MAX(x) AS hi FROM (SELECT 'd-2' AS x UNION ALL SELECT 'D-4' UNION ALL SELECT 'b') v",
    {
      rows: [['b', 'D-4']],
    },
  ),
  // A negative length is an error, not a count from the other end.
  c('left-to-char', "SELECT LEFT(DealId, CHARINDEX('-', DealId) - 1) FROM Deals WHERE Id = 1", {
    rows: [['D']],
  }),
  c('left-negative', "SELECT LEFT(DealId, CHARINDEX('x', DealId) - 1) FROM Deals WHERE Id = 1", {
    error: 536,
  }),
  c('right-negative', "SELECT RIGHT('abc', -1)", { error: 536 }),
  c('substring-negative', "SELECT SUBSTRING('abc', 1, -1)", { error: 537 }),
  // Built-ins a cleaning query reaches for.
  c('isnull-null-first', "SELECT ISNULL(NULL, 'abc') AS v", { rows: [['abc']] }),
  c('coalesce-null-first', "SELECT COALESCE(NULL, 'abc') AS v", { rows: [['abc']] }),
  c('coalesce-all-null', 'SELECT COALESCE(NULL, NULL) AS v', { error: 4127 }),
  c('char-in-replace', "SELECT REPLACE('a' + CHAR(13) + 'b', CHAR(13), '') AS v", { rows: [['ab']] }),
  c(
    'char-nchar-ascii-unicode',
    "SELECT CHAR(65) AS c, NCHAR(233) AS n, ASCII('A') AS a, UNICODE(N'é') AS u",
    {
      rows: [['A', 'é', 65, 233]],
    },
  ),
  c('char-out-of-range', 'SELECT CHAR(256) AS c', { rows: [[null]] }),
  c('ascii-empty', "SELECT ASCII('') AS a", { rows: [[null]] }),
  c('stuff', "SELECT STUFF('abcdef', 2, 3, 'XY') AS s, STUFF('abc', 5, 1, 'x') AS past", {
    rows: [['aXYef', null]],
  }),
  c('choose', "SELECT CHOOSE(2, 'a', 'b', 'c') AS v, CHOOSE(4, 'a', 'b', 'c') AS none", {
    rows: [['b', null]],
  }),
  c('greatest-least', 'SELECT GREATEST(1, 5, NULL, 3) AS g, LEAST(2.5, 1.25) AS l', { rows: [[5, 1.25]] }),
  c('quotename', "SELECT QUOTENAME('a]b') AS q, QUOTENAME('x', '''') AS s", { rows: [['[a]]b]', "'x'"]] }),
  c('unknown-function', 'SELECT NOPE(1)', { error: 195 }),
  c('unclosed-quote', "SELECT 'abc", { error: 105 }),
  c('syntax-keyword', 'SELECT FROM Deals', { error: 156 }),
  c('syntax-misspelt', 'SELECT Id FROMM Deals', { error: 102 }),
  c('insert-refused', "INSERT INTO Deals (DealId) VALUES ('x')", { error: 229 }),
  c('unknown-procedure', 'EXEC dbo.nope', { error: 2812 }),
  c('select-star-no-table', 'SELECT *', { error: 263 }),

  // 8. Transactions and SET options
  c('tran-count', 'BEGIN TRANSACTION SELECT @@TRANCOUNT AS n COMMIT TRANSACTION', { rows: [[1]] }),
  c('tran-count-outside', 'SELECT @@TRANCOUNT', { rows: [[0]] }),
  c('commit-without-begin', 'COMMIT', { error: 3902, notFor: ['pymssql'] }),
  c('rollback-without-begin', 'ROLLBACK', { error: 3903 }),
  c('set-options', 'SET XACT_ABORT ON; SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED; SELECT 1 AS n', {
    rows: [[1]],
  }),
  c('if-trancount', 'IF @@TRANCOUNT > 0 COMMIT TRAN; SELECT @@TRANCOUNT', { rows: [[0]] }),
  c(
    'implicit-transactions',
    'SET NOCOUNT ON; SET IMPLICIT_TRANSACTIONS ON; SELECT COUNT(*) FROM Deals; SELECT @@TRANCOUNT; IF @@TRANCOUNT > 0 ROLLBACK',
    { result: 1, rows: [[1]] },
  ),
  c('set-unknown', 'SET FOO ON', { error: 195 }),
  c('version', "SELECT CHARINDEX('Microsoft SQL Server', @@VERSION)", { rows: [[1]] }),

  // 9. Types on the wire
  c('type-decimal-declared', 'SELECT ContractValue FROM Deals WHERE Id = 1', {
    types: ['decimal(18,2)'],
    rows: [[1200.5]],
  }),
  c('type-money', 'SELECT CAST(1 AS money)', { types: ['money'], rows: [[1]] }),
  c('type-count-int', 'SELECT COUNT(*) FROM Deals', { types: ['int'], rows: [[6]] }),
  c('type-varchar-max', "SELECT REPLICATE(CAST('x' AS varchar(max)), 5000) AS s", {
    rows: [['x'.repeat(5000)]],
  }),
  c('type-sum-decimal', 'SELECT SUM(ContractValue) FROM Deals', {
    types: ['decimal(38,2)'],
    rows: [[10651.14]],
  }),
  c('type-avg-int', 'SELECT AVG(DurationMonths) FROM Deals', { types: ['int'], rows: [[8]] }),
  c('type-decimal-times-int', 'SELECT CAST(2.5 AS decimal(5,1)) * 2', {
    types: ['decimal(16,1)'],
    rows: [[5]],
  }),
  c('type-int', 'SELECT DurationMonths FROM Deals WHERE Id = 1', { types: ['int'], rows: [[12]] }),
  c('type-bit', 'SELECT IsActive FROM Deals WHERE Id = 1', { types: ['bit'], rows: [[true]] }),
  c('type-date', 'SELECT BookingDate FROM Deals WHERE Id = 1', {
    types: ['date'],
    rows: [[D('2026-01-05')]],
  }),
  c('type-nvarchar', 'SELECT DealId FROM Deals WHERE Id = 1', { types: ['nvarchar'] }),
  c('type-literal-decimal', 'SELECT 1.50 AS x', { types: ['decimal(3,2)'], rows: [[1.5]] }),
  c('type-decimal-division', 'SELECT ContractValue / 3 FROM Deals WHERE Id = 6', {
    types: ['decimal(29,13)'],
    rows: [[16.6666666666666]],
  }),
  c('type-varchar-literal', "SELECT 'abc'", { types: ['varchar'] }),
  c('type-nvarchar-literal', "SELECT N'abc'", { types: ['nvarchar'] }),
  c('type-datetime2', 'SELECT UpdatedAt FROM Deals WHERE Id = 1', {
    types: ['datetime2'],
    rows: [['2000-01-01T00:00:00.000']],
  }),
  c('type-float', 'SELECT CAST(1.5 AS float)', { types: ['float'], rows: [[1.5]] }),
  c('type-iif-int', 'SELECT IIF(1 = 1, 1, 2)', { types: ['int'], rows: [[1]] }),

  // 3'. sp_describe_first_result_set
  c(
    'describe-columns',
    "EXEC sp_describe_first_result_set N'SELECT DealId, ContractValue, BookingDate, Id FROM dbo.Deals'",
    {
      pick: ['column_ordinal', 'name', 'is_nullable', 'system_type_name', 'max_length', 'precision', 'scale'],
      rows: [
        [1, 'DealId', true, 'nvarchar(64)', 128, 0, 0],
        [2, 'ContractValue', true, 'decimal(18,2)', 9, 18, 2],
        [3, 'BookingDate', true, 'date', 3, 10, 0],
        [4, 'Id', false, 'int', 4, 10, 0],
      ],
    },
  ),
  c('describe-params', "EXEC sp_describe_first_result_set N'SELECT COUNT(*), @p AS p', N'@p date'", {
    pick: ['name', 'system_type_name', 'system_type_id'],
    rows: [
      [null, 'int', 56],
      ['p', 'date', 40],
    ],
  }),
  c(
    'describe-money-bigint',
    "EXEC sp_describe_first_result_set N'SELECT CAST(1 AS money) AS m, COUNT_BIG(*) AS n FROM dbo.Deals'",
    {
      pick: ['name', 'system_type_name', 'max_length', 'precision', 'scale'],
      rows: [
        ['m', 'money', 8, 19, 4],
        ['n', 'bigint', 8, 19, 0],
      ],
    },
  ),
];
