// The layering rules of .dependency-cruiser.cjs catch back-references (npm test runs them on the real tree).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const { forbidden } = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as {
  forbidden: IForbiddenRuleType[];
};

let root: string;

/** A tree in the project's folder names: each file imports the ones listed. */
async function tree(files: Record<string, string[]>): Promise<void> {
  for (const [file, imports] of Object.entries(files)) {
    const path = join(root, file);
    await mkdir(dirname(path), { recursive: true });
    const lines = imports.map((target, i) => {
      let rel = join(
        ...dirname(file)
          .split('/')
          .map(() => '..'),
        target,
      ).replace(/\.ts$/, '.js');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `import * as m${i} from '${rel}';\nexport const use${i} = m${i};`;
    });
    await writeFile(path, `${lines.join('\n')}\nexport const here = 1;\n`);
  }
}

async function violations(): Promise<string[]> {
  const result = await cruise(['src', 'functions'], {
    baseDir: root,
    validate: true,
    ruleSet: { forbidden },
    tsPreCompilationDeps: true,
  });
  if (typeof result.output === 'string') throw new Error('expected a cruise result object');
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'recon-layers-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('dependency-cruiser layering', () => {
  it('accepts the arrows of docs/architecture.md and names every back-reference', async () => {
    await tree({
      'functions/http.ts': ['src/service/wire.ts', 'src/pipeline/ports/lock.ts'],
      'src/service/wire.ts': ['src/storage/blob.ts', 'src/pipeline/run.ts'],
      'src/storage/blob.ts': ['src/pipeline/ports/store.ts', 'src/service/wire-helper.ts'],
      'src/service/wire-helper.ts': [],
      'src/pipeline/run.ts': ['src/pipeline/ports/store.ts', 'src/core/money.ts', 'src/sources/csv.ts'],
      'src/sources/csv.ts': ['src/pipeline/ports/store.ts'],
      'src/pipeline/ports/store.ts': ['src/reports/manifest.ts'],
      'src/pipeline/ports/lock.ts': [],
      'src/reports/manifest.ts': ['src/core/money.ts', 'src/pipeline/ports/lock.ts'],
      'src/core/money.ts': [],
      'src/core/dates.ts': ['src/config/settings.ts'],
      'src/config/settings.ts': ['src/core/money.ts'],
      'functions/timer.ts': ['src/alerts/slack.ts'],
      'src/alerts/slack.ts': [],
    });
    expect(await violations()).toEqual([
      'layer-core: src/core/dates.ts → src/config/settings.ts',
      'layer-entry: functions/timer.ts → src/alerts/slack.ts',
      'layer-pipeline: src/pipeline/run.ts → src/sources/csv.ts',
      'layer-reports: src/reports/manifest.ts → src/pipeline/ports/lock.ts',
      'layer-storage: src/storage/blob.ts → src/service/wire-helper.ts',
    ]);
  });
});
