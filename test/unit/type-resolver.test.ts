import { describe, expect, it } from 'vitest';
import { compileRules, parseEngineSettings } from '../../src/core/engine-settings.js';
import { TypeResolver } from '../../src/ingest/fields.js';

describe('TypeResolver', () => {
  it('resolves any spelling of a configured type, case-insensitively, the same on every later row', () => {
    const resolver = new TypeResolver(compileRules(parseEngineSettings({})).types);
    // More spellings than it scans (16), so the later ones go through its map; unknown ones too.
    const spellings = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 3
        ? `Unknown ${i}`
        : [...'subscription'].map((c, k) => ((i >> k) & 1 ? c.toUpperCase() : c)).join(''),
    );
    for (let round = 0; round < 3; round++)
      for (const text of spellings) {
        const type = resolver.resolve(`${text}`);
        if (text.startsWith('Unknown')) expect(type).toBeUndefined();
        else expect(type).toMatchObject({ key: 'subscription', category: 'recurring' });
      }
    expect(resolver.resolve('SUPPORT')).toMatchObject({ key: 'support' });
  });
});
