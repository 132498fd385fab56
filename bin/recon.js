#!/usr/bin/env node
// The `recon` command: runs the compiled CLI in dist/ (built by `npm run build`, which npm test and npm run demo run).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps the compiled code of the modules on disk (in the temporary folder) for the next
// start; a short month spends about half its run loading modules. Earlier Node has no such call.
module.enableCompileCache?.();

const cli = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'recon: not built yet: run `npm run build` (or `npm test` / `npm run demo`, which build) first',
  );
  process.exit(2);
}
const { runAsProcess } = await import(cli.href);
await runAsProcess(process.argv.slice(2));
