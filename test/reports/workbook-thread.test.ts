// The workbook's thread: the built worker makes the same bytes as this thread, and a thread that fails leaves the workbook to this thread.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportFile } from '../../src/reports/report-file.js';
import type { workbookBuilder as WorkbookBuilderOf } from '../../src/reports/xlsx/workbook-builder.js';
import { renderWorkbook } from '../../src/reports/xlsx/workbook.js';

// The thread runs the built module only (npm test builds first), as the CLI and the Functions host do.
const built = new URL('../../dist/src/reports/xlsx/workbook-builder.js', import.meta.url);

const csv = (name: string, text: string): ReportFile => ({
  name,
  content: Buffer.from(text),
  contentType: 'text/csv',
});

/** Two files of a run, the summary added before the discrepancies (the sheets still come in SHEETS order). */
const files = [
  csv('summary.csv', 'segment,category,currency,keys\nALL,ALL,USD,2\n'),
  csv('discrepancies.csv', 'deal_id,status,variance\nD-1,under,-12.50\n"=cmd|x",over,3.00\n'),
];

let dir: string;
let workbookBuilder: typeof WorkbookBuilderOf;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workbook-thread-'));
  // The failing threads below are ES modules, whatever Node's guess for a .js file outside a package.
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
  ({ workbookBuilder } = (await import(built.href)) as { workbookBuilder: typeof WorkbookBuilderOf });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function sheetsOf(workbook: ReportFile): Promise<string[]> {
  const zip = await JSZip.loadAsync(workbook.content);
  return Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'));
}

describe('the workbook thread', () => {
  it('makes the workbook of the files it was given, byte for byte as this thread would', async () => {
    const failures: string[] = [];
    const builder = workbookBuilder(files.length, (reason) => failures.push(reason), 'always');
    // Built, so on a thread (from the TypeScript sources it would be made here).
    expect(builder.constructor.name).toBe('WorkbookOnThread');
    for (const file of files) builder.add(file);
    const workbook = await builder.finish();
    expect(failures).toEqual([]);
    expect(workbook.content.equals((await renderWorkbook(files)).content)).toBe(true);
    expect(await sheetsOf(workbook)).toHaveLength(2);
  });

  it.each([
    ['throws as it starts', "throw new Error('no memory for the sheets');", 'no memory for the sheets'],
    ['exits without a reply', 'process.exit(3);', 'exit code 3'],
    [
      'replies with an error',
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => parentPort.postMessage({ kind: 'error', message: 'sheet xml broke' }));",
      'sheet xml broke',
    ],
  ])('makes the workbook here when the thread %s, and says why', async (_, code, reason) => {
    const script = join(dir, `failing-${reason.replace(/\W/g, '-')}.js`);
    await writeFile(script, code);
    const failures: string[] = [];
    const builder = workbookBuilder(
      files.length,
      (why) => failures.push(why),
      'always',
      pathToFileURL(script),
    );
    for (const file of files) builder.add(file);
    const workbook = await builder.finish();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain(reason);
    expect(workbook.content.equals((await renderWorkbook(files)).content)).toBe(true);
  });
});
