// The default T-SQL for the demo schema: canonical column names, money and dates brought over as text so nothing passes through a float.
//
// The text is nvarchar / nchar, not varchar / char: tedious decodes a varchar value through iconv-lite
// (a codec lookup per value), an nvarchar one natively (docs/performance.md: the SQL path).

/**
 * All deal lines (the engine needs deals "as a whole" to tell orphans apart), in key order.
 * @periodStart/@periodEnd are declared for every query; this one does not need them.
 */
export const DEFAULT_DEALS_QUERY = `SELECT
  d.DealId AS deal_id,
  d.LineId AS line_id,
  d.CustomerId AS customer_id,
  d.CustomerName AS customer_name,
  d.Segment AS segment,
  d.RevenueType AS revenue_type,
  CONVERT(nvarchar(40), d.ContractValue) AS contract_value,
  d.Currency AS currency,
  CONVERT(nvarchar(12), d.DurationMonths) AS duration_months,
  CONVERT(nchar(10), d.BookingDate, 23) AS booking_date,
  CONVERT(nchar(10), d.StartDate, 23) AS start_date,
  CONVERT(nchar(10), d.CloseDate, 23) AS close_date
FROM dbo.Deals AS d
ORDER BY d.Id`;

/** The period's recognition entries; the period comes over as YYYY-MM text. */
export const DEFAULT_ENTRIES_QUERY = `SELECT
  r.EntryId AS entry_id,
  r.DealId AS deal_id,
  r.RevenueType AS revenue_type,
  CONVERT(nchar(7), r.RecognitionPeriod, 23) AS recognition_period,
  CONVERT(nvarchar(40), r.RecognizedAmount) AS recognized_amount,
  r.Currency AS currency
FROM dbo.RevenueRecognition AS r
WHERE r.RecognitionPeriod >= @periodStart AND r.RecognitionPeriod <= @periodEnd
ORDER BY r.Id`;

/**
 * History for life to date (docs/rules.md §7): the recognized amounts of the months before the period,
 * aggregated in the database to one row per deal, type and currency, sums as exact text. Plain
 * T-SQL: SUM of a decimal(p,s) column is a decimal(38,s), and CONVERT to nvarchar keeps every digit.
 */
export const DEFAULT_HISTORY_QUERY = `SELECT
  r.DealId AS deal_id,
  r.RevenueType AS revenue_type,
  r.Currency AS currency,
  CONVERT(nvarchar(48), SUM(r.RecognizedAmount)) AS recognized_amount,
  CONVERT(nvarchar(12), COUNT(*)) AS entry_count
FROM dbo.RevenueRecognition AS r
WHERE r.RecognitionPeriod < @periodStart
GROUP BY r.DealId, r.RevenueType, r.Currency
ORDER BY r.DealId, r.RevenueType, r.Currency`;
