// Post-provision step: makes the Function App's managed identity a db_datareader user in the Analytics and Accounting databases.
//
// Run by azd after `azd provision` (azure.yaml hooks.postprovision), or by hand after `az deployment group create`:
//
//   FUNCTION_IDENTITY_NAME=id-recon-xxxx \
//   ANALYTICS_SQL_SERVER=analytics.database.windows.net ANALYTICS_SQL_DATABASE=Analytics \
//   ACCOUNTING_SQL_SERVER=accounting.database.windows.net ACCOUNTING_SQL_DATABASE=Accounting \
//   node infra/scripts/grant-sql-access.mjs [--dry-run]
//
// (ANALYTICS_SQL_PORT / ACCOUNTING_SQL_PORT default to 1433.) It signs in as whoever runs it (azd or az login,
// through DefaultAzureCredential), who must be the Microsoft Entra admin of both servers, or a member of the admin
// group. In each database it runs, idempotently:
//
//   CREATE USER [<identity name>] FROM EXTERNAL PROVIDER;   -- only when the user does not exist yet
//   ALTER ROLE db_datareader ADD MEMBER [<identity name>];
//
// Nothing else: the app only reads. --dry-run prints the plan and the T-SQL without connecting.
import { pathToFileURL } from 'node:url';

/** T-SQL run in each database; the identity name arrives as the @identityName parameter and is quoted with QUOTENAME. */
export const GRANT_BATCH = `
DECLARE @quoted nvarchar(300) = QUOTENAME(@identityName);
IF @quoted IS NULL THROW 50000, 'identity name too long for a database user', 1;
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = @identityName)
BEGIN
  DECLARE @create nvarchar(max) = N'CREATE USER ' + @quoted + N' FROM EXTERNAL PROVIDER';
  EXEC (@create);
END;
DECLARE @addMember nvarchar(max) = N'ALTER ROLE db_datareader ADD MEMBER ' + @quoted;
EXEC (@addMember);
SELECT IS_ROLEMEMBER(N'db_datareader', @identityName) AS is_reader;
`;

/**
 * @typedef {{ label: string, server: string, port: number, database: string, identityName: string }} GrantTarget
 */

/**
 * The two databases to grant, from the azd environment (the outputs of infra/main.bicep) or the shell.
 * @param {Record<string, string | undefined>} env
 * @returns {GrantTarget[]}
 */
export function planGrants(env) {
  const identityName = required(env, 'FUNCTION_IDENTITY_NAME');
  return ['ANALYTICS', 'ACCOUNTING'].map((prefix) => ({
    label: prefix.toLowerCase(),
    server: required(env, `${prefix}_SQL_SERVER`),
    port: port(env, `${prefix}_SQL_PORT`),
    database: required(env, `${prefix}_SQL_DATABASE`),
    identityName,
  }));
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 */
function required(env, name) {
  const value = env[name]?.trim();
  if (!value)
    throw new Error(
      `${name} is not set (azd sets it from the infra/main.bicep outputs; export it when running by hand)`,
    );
  return value;
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 */
function port(env, name) {
  const raw = env[name]?.trim() || '1433';
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535)
    throw new Error(`${name} must be a TCP port, got "${raw}"`);
  return value;
}

/**
 * Runs GRANT_BATCH in one database with an Entra access token.
 * @param {GrantTarget} target
 * @param {string} token
 */
async function grant(target, token) {
  const { default: sql } = await import('mssql');
  const pool = new sql.ConnectionPool({
    server: target.server,
    port: target.port,
    database: target.database,
    authentication: { type: 'azure-active-directory-access-token', options: { token } },
    options: { encrypt: true, trustServerCertificate: false },
    connectionTimeout: 30_000,
    requestTimeout: 60_000,
  });
  await pool.connect();
  try {
    const result = await pool
      .request()
      .input('identityName', sql.NVarChar(128), target.identityName)
      .query(GRANT_BATCH);
    const row = result.recordset?.[0];
    if (!row || row.is_reader !== 1)
      throw new Error('the user was not found in db_datareader after the grant');
  } finally {
    await pool.close();
  }
}

async function main() {
  const dryRun = process.argv.includes('--dry-run');
  const targets = planGrants(process.env);
  for (const t of targets) {
    console.log(
      `grant-sql-access: ${t.label}: [${t.identityName}] -> db_datareader in ${t.database} on ${t.server},${t.port}`,
    );
  }
  if (dryRun) {
    console.log(
      `grant-sql-access: dry run; T-SQL per database (@identityName = N'${targets[0]?.identityName}'):${GRANT_BATCH}`,
    );
    return;
  }
  const { DefaultAzureCredential } = await import('@azure/identity');
  // The deployer's own sign-in (azd auth login / az login); never the app's identity.
  const credential = new DefaultAzureCredential({ tenantId: process.env.AZURE_TENANT_ID || undefined });
  const accessToken = await credential.getToken('https://database.windows.net/.default');
  if (!accessToken)
    throw new Error('no Microsoft Entra token for Azure SQL: sign in with `azd auth login` or `az login`');
  for (const t of targets) {
    try {
      await grant(t, accessToken.token);
      console.log(`grant-sql-access: ${t.label}: ok`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${t.label} (${t.server}/${t.database}): ${reason}. The signed-in user must be the Entra admin of the server, ` +
          'and the server must let this machine through its firewall.',
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`grant-sql-access: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
