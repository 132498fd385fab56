// Cross-checks the text parsing of the other infra tests against the real Bicep compiler, when tools/bicep/lint.sh has restored it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepoFile, repoRoot, topLevelKeys, varObject } from './bicep-text.js';

const version = /Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[([\d.]+)\]"/.exec(
  readRepoFile('tools/bicep/bicep.proj'),
)?.[1];
const bicep =
  process.env.BICEP ??
  join(repoRoot, '.tools/nuget/azure.bicep.commandline.linux-x64', version ?? 'none', 'tools/bicep');
// npm test must not depend on dotnet: without the CLI this file is skipped; `npm run lint:infra` restores it.
const available = existsSync(bicep);
// Said, not skipped in silence: a newcomer's `npm test` before `npm run lint:infra` skips these two.
if (!available)
  console.warn(
    `Bicep CLI not restored (${bicep}): its tests skip; \`npm run lint:infra\` restores it (CI runs that first)`,
  );

interface ArmTemplate {
  resources: ArmResource[] | Record<string, ArmResource>;
}
interface ArmResource {
  type: string;
  name: string;
  properties?: { parameters?: Record<string, { value?: unknown }>; template?: ArmTemplate } & Record<
    string,
    unknown
  >;
}

function list(resources: ArmTemplate['resources']): ArmResource[] {
  return Array.isArray(resources) ? resources : Object.values(resources);
}

describe.skipIf(!available)('compiled with the Bicep CLI', () => {
  const template = available
    ? (JSON.parse(
        execFileSync(bicep, ['build', join(repoRoot, 'infra/main.bicep'), '--stdout'], { encoding: 'utf8' }),
      ) as ArmTemplate)
    : { resources: [] };
  const api = list(template.resources).find(
    (r) => r.type === 'Microsoft.Resources/deployments' && r.name === 'api',
  );

  it('the app settings passed to the Function App are exactly the ones the text tests read', () => {
    expect(version).toBeDefined();
    const passed = api?.properties?.parameters?.appSettings?.value as Record<string, unknown> | undefined;
    expect(Object.keys(passed ?? {}).sort()).toEqual(
      [...topLevelKeys(varObject(readRepoFile('infra/main.bicep'), 'appSettings'))].sort(),
    );
  });

  it('the site config merges the host settings the text tests read', () => {
    const inner = list(api?.properties?.template?.resources ?? []);
    const settings = inner.find((r) => r.type === 'Microsoft.Web/sites/config');
    const expression = String(settings?.properties);
    const hostKeys = topLevelKeys(varObject(readRepoFile('infra/app/api.bicep'), 'hostSettings'));
    expect(hostKeys.length).toBeGreaterThan(0);
    for (const key of hostKeys) expect(expression).toContain(`'${key}'`);
    expect(expression).toMatch(/^\[union\(parameters\('appSettings'\), createObject\(/);
  });
});
