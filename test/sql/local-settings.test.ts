// local.settings.example.json works as given against the SQL Server emulator started the way its comments say.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadAppSettings } from '../../src/config/app-settings.js';
import { generateMonth } from '../../src/generator/generate.js';
import { createSqlSource } from '../../src/sources/sql/sql-source.js';
import { startSqlEmulator, type SqlEmulator } from '../../tools/sql-emulator/server.js';
import { WINDOW, readAll } from './helpers.js';

const example = JSON.parse(
  readFileSync(new URL('../../local.settings.example.json', import.meta.url), 'utf8'),
) as { Values: Record<string, string> };
let emu: SqlEmulator;
let month: ReturnType<typeof generateMonth>;

beforeAll(async () => {
  month = generateMonth({ deals: 30, period: WINDOW.period, seed: 3 });
  // As `npm run emulator` starts it: no user or password given.
  emu = await startSqlEmulator({ deals: month.deals, entries: month.entries });
}, 60_000);
afterAll(async () => emu?.close());

test('its SQL login and password are the ones the emulator accepts (no 18456)', async () => {
  expect([example.Values.SQL_USER, example.Values.SQL_PASSWORD]).toEqual([
    emu.appSettings.SQL_USER,
    emu.appSettings.SQL_PASSWORD,
  ]);
  // Only the port differs: the example names 14330, this emulator took a free one.
  const settings = loadAppSettings({
    ...example.Values,
    ANALYTICS_SQL_PORT: String(emu.port),
    ACCOUNTING_SQL_PORT: String(emu.port),
  });
  const source = createSqlSource(settings, { baseDelayMs: 1, maxDelayMs: 2 });
  expect(await readAll(source.deals(WINDOW))).toHaveLength(month.deals.length);
  expect((await readAll(source.entries(WINDOW))).length).toBeGreaterThan(0);
}, 60_000);
