// Checks an Entra ID access token (JWT) the way Azure SQL does for what matters locally: audience and expiry (and an HMAC signature when a secret is set).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SQL_AUDIENCES = ['https://database.windows.net/', 'https://database.windows.net'];

export type TokenCheck = { ok: true; principal: string } | { ok: false; reason: string };

export function checkAccessToken(
  token: string,
  options: { hmacSecret?: string | undefined; now?: number } = {},
): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'the token is not a JWT' };
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'the token is not a JWT' };
  }
  if (options.hmacSecret !== undefined) {
    if (header['alg'] !== 'HS256') return { ok: false, reason: 'the token is not signed' };
    const expected = createHmac('sha256', options.hmacSecret).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'the token signature is invalid' };
  }
  const aud = claims['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((a) => typeof a === 'string' && SQL_AUDIENCES.includes(a))) {
    return { ok: false, reason: `the token audience is not ${SQL_AUDIENCES[0]}` };
  }
  const exp = claims['exp'];
  const now = (options.now ?? Date.now()) / 1000;
  if (typeof exp !== 'number' || exp <= now) return { ok: false, reason: 'the token is expired' };
  const principal = [claims['upn'], claims['oid'], claims['appid'], claims['sub']].find(
    (v) => typeof v === 'string',
  );
  return { ok: true, principal: typeof principal === 'string' ? principal : '<token-identified principal>' };
}
