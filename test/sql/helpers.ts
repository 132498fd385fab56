// Test helpers: an emulator per suite, app settings pointing at it, and a local token credential that mints JWTs.
import { createHmac } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { AppSettingsSchema, type AppSettings } from '../../src/config/app-settings.js';
import type { PeriodWindow, RecordSource, SourceRow } from '../../src/pipeline/ports/record-source.js';

export const WINDOW: PeriodWindow = { period: '2026-10', periodStart: '2026-10-01', periodEnd: '2026-10-31' };

export function settingsFor(env: Record<string, string>, extra: Record<string, string> = {}): AppSettings {
  return AppSettingsSchema.parse({ ...env, ...extra });
}

export function mintJwt(claims: Record<string, unknown>, secret?: string): string {
  const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = enc({ alg: secret ? 'HS256' : 'none', typ: 'JWT' });
  const body = enc(claims);
  const sig = secret ? createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url') : '';
  return `${head}.${body}.${sig}`;
}

/** Stands in for a managed identity: records the scopes asked for and mints tokens with the given claims. */
export class LocalTokenCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(
    private readonly claims: () => Record<string, unknown> = () => ({
      aud: 'https://database.windows.net/',
      exp: Math.floor(Date.now() / 1000) + 3600,
      oid: 'recon-identity',
    }),
    private readonly secret?: string,
  ) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: mintJwt(this.claims(), this.secret), expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

export async function readAll<T>(iterable: AsyncIterable<SourceRow<T>[]>): Promise<SourceRow<T>[]> {
  const out: SourceRow<T>[] = [];
  for await (const batch of iterable) out.push(...batch);
  return out;
}

export async function readDeals(source: RecordSource): Promise<unknown[]> {
  return readAll(source.deals(WINDOW));
}
