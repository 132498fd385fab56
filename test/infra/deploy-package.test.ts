// The package deploys the way azd's remote build and `func azure functionapp publish` build it: sources uploaded
// without node_modules, `npm install` + `npm run build` on the platform, and a production-only install that works.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepoFile, repoRoot } from './bicep-text.js';

interface PackageJson {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const pkg = JSON.parse(readRepoFile('package.json')) as PackageJson;
const funcignore = readRepoFile('.funcignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** Whether a .funcignore pattern (gitignore syntax, as azd and func read it) leaves out a repo path. */
function ignored(path: string): boolean {
  const segments = path.split('/');
  return funcignore.some((pattern) => {
    const dirOnly = pattern.endsWith('/');
    const body = pattern.replace(/\/$/, '');
    const re = new RegExp(`^${body.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return segments.some((s, i) => re.test(s) && (!dirOnly || i < segments.length - 1));
  });
}

describe('the deployment package', () => {
  it('uploads no node_modules with remoteBuild (azd refuses remoteBuild with node_modules uploaded)', () => {
    expect(readRepoFile('azure.yaml')).toMatch(/^ {4}remoteBuild: true$/m);
    expect(ignored('node_modules/mssql/package.json')).toBe(true);
    expect(ignored('node_modules/.bin/tsc')).toBe(true);
  });

  it('uploads everything the remote build (npm install, npm run build) and the host need', () => {
    for (const path of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'host.json',
      'functions/index.ts',
      'src/service/services.ts',
      'tools/sql-emulator/main.ts',
      'bin/recon.js',
    ])
      expect(ignored(path), path).toBe(false);
    for (const path of ['local.settings.json', 'test/unit/money.test.ts', 'infra/main.bicep', '.git/HEAD'])
      expect(ignored(path), path).toBe(true);
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.json');
    expect(pkg.main).toBe('dist/functions/index.js');
  });

  it('runs no build on install: a production-only install has no compiler', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack'])
      expect(pkg.scripts[hook], hook).toBeUndefined();
    expect(pkg.devDependencies.typescript).toBeDefined();
    expect(pkg.dependencies.typescript).toBeUndefined();
  });

  it('installs with npm ci --omit=dev (exit 0), as a production-only install does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recon-omit-dev-'));
    try {
      copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
      copyFileSync(join(repoRoot, 'package-lock.json'), join(dir, 'package-lock.json'));
      // --prefer-offline: the packages come from the cache the project's own npm ci filled where it can.
      const r = spawnSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(r.status, r.stderr.slice(-2000)).toBe(0);
      // The runtime dependencies are there; the compiler is not.
      const listed = execFileSync('npm', ['ls', '--omit=dev', '--depth=0', '--json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      const deps = Object.keys(
        (JSON.parse(listed) as { dependencies: Record<string, unknown> }).dependencies,
      );
      expect(deps.sort()).toEqual(Object.keys(pkg.dependencies).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
