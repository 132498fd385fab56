// The stand-ins print their settings as export lines a shell takes pasted as they are.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportLine, readExportLine } from '../../tools/shell-export.js';

describe('exportLine', () => {
  it.each([
    ['a connection string', 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8==;'],
    ['a quote and a dollar', "it's $HOME and `date`"],
    ['a URL', 'http://127.0.0.1:3999/services/T000/B000/local'],
  ])('sets %s in bash exactly as given', (_what, value) => {
    const line = exportLine('RECON_TEST_VALUE', value);
    const seen = execFileSync('bash', ['-c', `${line}\nprintf %s "$RECON_TEST_VALUE"`], { encoding: 'utf8' });
    expect(seen).toBe(value);
    // What reads the lines back (the SQL bench reads the emulator's) gets the same value.
    expect(readExportLine(line)).toEqual(['RECON_TEST_VALUE', value]);
  });

  it('reads no setting from any other line', () => {
    expect(readExportLine('Ctrl+C to stop.')).toBeUndefined();
    expect(readExportLine('  SQL_USER=recon')).toBeUndefined();
  });
});
