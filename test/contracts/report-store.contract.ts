// The cases every ReportStore must pass, whatever it stores into (a folder, a Blob container).
import { describe, expect, it } from 'vitest';
import type { ReportFile, ReportStore, RunLocation } from '../../src/pipeline/ports/report-store.js';

export interface ReportStoreHarness {
  /** A new, empty store: no test sees another's runs. */
  make(): ReportStore;
  /** The bytes a person gets who opens the link. */
  open(link: string): Promise<Buffer>;
}

const file = (name: string, text: string): ReportFile => ({
  name,
  content: Buffer.from(text),
  contentType: 'text/csv; charset=utf-8',
});
const at: RunLocation = { period: '2026-10', runId: '20261101T060000Z-abc' };

export function reportStoreContract(name: string, harness: () => ReportStoreHarness): void {
  describe(`${name} (ReportStore contract)`, () => {
    it('reads back what it wrote, and the latest write of a name', async () => {
      const store = harness().make();
      await store.write(at, file('summary.csv', 'a,b\r\n1,2\r\n'));
      expect((await store.read(at, 'summary.csv'))?.toString()).toBe('a,b\r\n1,2\r\n');
      await store.write(at, file('summary.csv', 'a,b\r\n3,4\r\n'));
      expect((await store.read(at, 'summary.csv'))?.toString()).toBe('a,b\r\n3,4\r\n');
    });

    it('reads nothing for a file, run or period never written', async () => {
      const store = harness().make();
      await store.write(at, file('summary.csv', '1'));
      expect(await store.read(at, 'missing.csv')).toBeUndefined();
      expect(await store.read({ ...at, runId: 'other' }, 'summary.csv')).toBeUndefined();
      expect(await store.read({ ...at, period: '2026-09' }, 'summary.csv')).toBeUndefined();
    });

    it('lists the runs of one period, once each and sorted, and nothing for another', async () => {
      const store = harness().make();
      expect(await store.listRuns('2026-10')).toEqual([]);
      await store.write({ period: '2026-10', runId: 'r2' }, file('x.csv', '1'));
      await store.write({ period: '2026-10', runId: 'r1' }, file('x.csv', '1'));
      await store.write({ period: '2026-10', runId: 'r1' }, file('y.csv', '1'));
      await store.write({ period: '2026-09', runId: 'r9' }, file('x.csv', '1'));
      expect(await store.listRuns('2026-10')).toEqual(['r1', 'r2']);
      expect(await store.listRuns('2026-09')).toEqual(['r9']);
      expect(await store.listRuns('2026-11')).toEqual([]);
    });

    it('removes the files named, ignores ones never written, and keeps the rest', async () => {
      const store = harness().make();
      await store.write(at, file('a.csv', '1'));
      await store.write(at, file('b.csv', '2'));
      await store.remove(at, ['a.csv', 'never-written.csv']);
      expect(await store.read(at, 'a.csv')).toBeUndefined();
      expect((await store.read(at, 'b.csv'))?.toString()).toBe('2');
    });

    it('gives a link that opens the file', async () => {
      const h = harness();
      const store = h.make();
      await store.write(at, file('discrepancies.csv', 'deal_id\r\nD-1\r\n'));
      const link = await store.link(at, 'discrepancies.csv');
      expect((await h.open(link)).toString()).toBe('deal_id\r\nD-1\r\n');
    });

    it('keeps bytes exactly (a BOM, non-ASCII text, binary)', async () => {
      const store = harness().make();
      const bytes = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('Zoë, 東京\r\n'),
        Buffer.from([0, 255]),
      ]);
      await store.write(at, { name: 'x.xlsx', content: bytes, contentType: 'application/octet-stream' });
      expect((await store.read(at, 'x.xlsx'))?.equals(bytes)).toBe(true);
    });

    it('describes itself for logs and the dashboard', () => {
      expect(harness().make().description).toMatch(/\S/);
    });
  });
}
