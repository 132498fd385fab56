// The SQL source's public surface for the pipeline and the CLI.
export { createSqlSource, type SqlSourceOptions } from './sql-source.js';
export { DEFAULT_DEALS_QUERY, DEFAULT_ENTRIES_QUERY, DEFAULT_HISTORY_QUERY } from './default-queries.js';
export { TRANSIENT_SQL_ERRORS } from './retry-policy.js';
export { missingServer, sqlEndpoints, type Endpoint, type SqlEndpoints } from './sql-source.js';
export { probeSqlServer, type QueryProbe, type ServerProbe } from './sql-probe.js';
