// The DuckDB peer of `npm run bench -- --peers`: the core rules in one SQL statement over the same CSV files.
//
//   node dist/bench/duckdb-peer.js SCRATCH DEALS.csv ENTRIES.csv PERIOD OUT.csv
//
// SCRATCH is a folder where @duckdb/node-api was installed (bench/peers.ts does it): DuckDB is a
// yardstick, not a dependency of the service. The rules are the simplified set issue 13 measured
// DuckDB with: the monthly schedule (cumulative rounding half up, close_date, one-time lines), the
// key's currency, tolerance and the statuses orphan, currency_mismatch, matched, unexpected, missing,
// under and over; no data quality, duplicate, misclassified, explanations, summary or life to date.
// Minor units: JPY none, every other currency two (the service uses ISO 4217's digits).
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface Connection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjects(): Record<string, unknown>[] }>;
}
interface DuckDb {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<Connection> }> };
}

const [scratch, deals, entries, period, out] = process.argv.slice(2);
if (!scratch || !deals || !entries || !period || !out) {
  throw new Error('usage: duckdb-peer.js SCRATCH DEALS.csv ENTRIES.csv PERIOD OUT.csv');
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const [year, month] = period.split('-').map(Number) as [number, number];
const periodIndex = year * 12 + month - 1;

/** Every column as text, as the service reads CSV: the statement decides what each value means. */
const asText = (file: string) =>
  `read_csv(${quote(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;

const STATEMENT = `
COPY (
WITH lines AS (
  SELECT deal_id,
         lower(trim(revenue_type)) AS type,
         coalesce(nullif(trim(currency), ''), 'USD') AS currency,
         TRY_CAST(duration_months AS INTEGER) AS d,
         CAST(round(TRY_CAST(contract_value AS DECIMAL(18, 6))
                    * CASE WHEN coalesce(nullif(trim(currency), ''), 'USD') = 'JPY' THEN 1 ELSE 100 END)
              AS BIGINT) AS v,
         ${periodIndex} - (year(s) * 12 + month(s) - 1) AS k,
         CASE WHEN nullif(close_date, '') IS NULL THEN NULL
              ELSE year(TRY_CAST(left(close_date, 10) AS DATE)) * 12 + month(TRY_CAST(left(close_date, 10) AS DATE)) - 1
         END AS close_index,
         lower(trim(revenue_type)) IN ('implementation', 'consulting', 'setup') AS one_time
  FROM (SELECT *, TRY_CAST(left(coalesce(nullif(start_date, ''), booking_date), 10) AS DATE) AS s
        FROM ${asText(deals)})
),
-- Rows the service rejects to data-quality (no id, no date, no value) take no part.
accepted AS (
  SELECT * FROM lines
  WHERE coalesce(deal_id, '') <> '' AND k IS NOT NULL AND d >= 1 AND v >= 0
    AND type IN ('subscription', 'support', 'maintenance', 'service', 'implementation', 'consulting', 'setup')
),
expected AS (
  SELECT deal_id, type, min(currency) AS currency,
         sum(CASE
               WHEN one_time THEN CASE WHEN k = 0 THEN v ELSE 0 END
               WHEN k < 0 OR k >= d OR ${periodIndex} > coalesce(close_index, ${periodIndex}) THEN 0
               ELSE (2 * v * (k + 1) + d) // (2 * d) - (2 * v * k + d) // (2 * d)
             END) AS e
  FROM accepted GROUP BY deal_id, type
),
known AS (SELECT DISTINCT deal_id FROM accepted),
posted AS (
  SELECT entry_id, deal_id, lower(trim(revenue_type)) AS type,
         coalesce(nullif(trim(currency), ''), 'USD') AS currency,
         CAST(round(TRY_CAST(recognized_amount AS DECIMAL(18, 6))
                    * CASE WHEN coalesce(nullif(trim(currency), ''), 'USD') = 'JPY' THEN 1 ELSE 100 END)
              AS BIGINT) AS amount
  FROM ${asText(entries)}
  WHERE left(recognition_period, 7) = ${quote(period)}
),
booked AS (SELECT * FROM posted WHERE amount IS NOT NULL AND coalesce(entry_id, '') <> ''),
recognized AS (
  SELECT p.deal_id, p.type,
         coalesce(x.currency, min(p.currency)) AS currency,
         sum(CASE WHEN x.currency IS NULL OR p.currency = x.currency THEN p.amount ELSE 0 END) AS r,
         bool_or(x.currency IS NOT NULL AND p.currency <> x.currency) AS mismatch,
         count(*) AS n
  FROM booked p LEFT JOIN expected x USING (deal_id, type)
  GROUP BY p.deal_id, p.type, x.currency
),
keys AS (
  SELECT deal_id, type,
         coalesce(x.currency, r.currency) AS currency,
         coalesce(x.e, 0) AS e, coalesce(r.r, 0) AS r, coalesce(r.n, 0) AS n,
         coalesce(r.mismatch, false) AS mismatch,
         k.deal_id IS NOT NULL AS known
  FROM expected x FULL JOIN recognized r USING (deal_id, type) LEFT JOIN known k USING (deal_id)
  WHERE coalesce(x.e, 0) <> 0 OR r.n > 0
),
classified AS (
  SELECT *, r - e AS variance,
         CASE
           WHEN NOT known THEN 'orphan'
           WHEN mismatch THEN 'currency_mismatch'
           WHEN abs(r - e) * 100 <= abs(e) OR abs(r - e) <= CASE WHEN currency = 'JPY' THEN 1 ELSE 100 END
             THEN 'matched'
           WHEN e = 0 THEN 'unexpected'
           WHEN n = 0 THEN 'missing'
           WHEN r < e THEN 'under'
           ELSE 'over'
         END AS status
  FROM keys
)
SELECT deal_id, type AS revenue_type, currency, e AS expected_minor, r AS recognized_minor,
       variance AS variance_minor, status
FROM classified WHERE status <> 'matched'
ORDER BY abs(variance) DESC, deal_id, revenue_type
) TO ${quote(out)} (HEADER, DELIMITER ',');
`;

const require = createRequire(join(scratch, 'node_modules', 'index.js'));
const { DuckDBInstance } = require('@duckdb/node-api') as DuckDb;
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
await connection.run(STATEMENT);
const counts = await connection.runAndReadAll(
  `SELECT status, count(*) AS n FROM read_csv(${quote(out)}) GROUP BY status ORDER BY status`,
);
process.stdout.write(
  counts
    .getRowObjects()
    .map((row) => `${String(row.status)} ${String(row.n)}`)
    .join(', ') + '\n',
);
