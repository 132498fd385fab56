// Authentication for the SQL sources: a managed identity token credential in Azure, a SQL login locally.
import { ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { AppSettings } from '../../config/app-settings.js';
import { SettingsError } from '../../core/engine-settings.js';

export type TediousAuthentication =
  | { type: 'default'; options: { userName: string; password: string } }
  | { type: 'token-credential'; options: { credential: TokenCredential } };

/**
 * tedious asks the credential for a token itself (scope https://database.windows.net/.default,
 * from the server's FEDAUTHINFO), and again on every new connection, so tokens never go stale.
 */
export function sqlAuthentication(
  settings: AppSettings,
  credential?: TokenCredential,
): TediousAuthentication {
  if (settings.SQL_AUTHENTICATION === 'sql-login') {
    if (!settings.SQL_USER || settings.SQL_PASSWORD === undefined) {
      throw new SettingsError('SQL_AUTHENTICATION=sql-login needs SQL_USER and SQL_PASSWORD');
    }
    return { type: 'default', options: { userName: settings.SQL_USER, password: settings.SQL_PASSWORD } };
  }
  const cred =
    credential ??
    (settings.AZURE_CLIENT_ID
      ? new ManagedIdentityCredential({ clientId: settings.AZURE_CLIENT_ID })
      : new ManagedIdentityCredential());
  return { type: 'token-credential', options: { credential: cred } };
}
