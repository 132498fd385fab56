// A SQL failure reads as sentences: what failed, the server's words, then the setting to check.
import { describe, expect, it } from 'vitest';
import { toSourceError, type SqlTarget } from '../../src/sources/sql/sql-errors.js';

const target: SqlTarget = {
  role: 'Accounting',
  prefix: 'ACCOUNTING',
  database: 'Accounting',
  server: 'sql.example',
  port: 1433,
  authentication: 'managed-identity',
  querySetting: 'ENTRIES_QUERY',
  phase: 'login',
};

const reset = () => Object.assign(new Error('socket hang up'), { code: 'ESOCKET' });

describe('toSourceError', () => {
  it('ends the driver message with a full stop before the setting to check', () => {
    expect(toSourceError(reset(), target, true, 3).message).toBe(
      'Accounting database "Accounting" on sql.example:1433: login failed after 3 attempts with ESOCKET: socket hang up. Check ACCOUNTING_SQL_SERVER / ACCOUNTING_SQL_PORT.',
    );
  });

  it('keeps a message that already ends a sentence as it is', () => {
    const error = Object.assign(new Error('Connection lost.'), { code: 'ESOCKET' });
    expect(toSourceError(error, target, true, 1).message).toContain('with ESOCKET: Connection lost. Check ');
  });
});
