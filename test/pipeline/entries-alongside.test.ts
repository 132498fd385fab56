// The entries (and the history before them) are read while the deals are (two servers answer at
// once), with the same results, the same restart after a broken stream, and no read left running
// when the deals fail.
import { describe, expect, it } from 'vitest';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import type { DealLineRow, EntryRow, HistoryRow } from '../../src/core/records.js';
import { generateMonth } from '../../src/generator/generate.js';
import { reconcileSource } from '../../src/pipeline/reconcile-source.js';
import { SourceError, type RecordSource, type SourceRow } from '../../src/pipeline/ports/record-source.js';
import { MemoryRecordSource } from '../../src/sources/memory-source.js';
import { publicOutputs } from '../helpers/engine.js';

const PERIOD = '2026-10';
const month = generateMonth({ deals: 600, period: PERIOD, seed: 21 });
const settings = parseEngineSettings({});

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

function inBatches<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A source in small batches that records when each stream starts, yields and ends. */
class TracedSource implements RecordSource {
  readonly description = 'traced rows';
  readonly events: string[] = [];
  entriesStarted!: () => void;
  readonly entriesStart = new Promise<void>((resolve) => (this.entriesStarted = resolve));
  constructor(
    private readonly dealRows: readonly DealLineRow[],
    private readonly entryRows: readonly EntryRow[],
    private readonly hooks: {
      afterEntryBatch?: (attempt: number, batch: number) => void;
      afterHistoryBatch?: (attempt: number, batch: number) => void;
    } = {},
    historyRows?: readonly HistoryRow[],
  ) {
    if (historyRows) this.history = () => this.historyStream(historyRows);
  }
  private entryReads = 0;
  private historyReads = 0;
  readonly history?: RecordSource['history'];

  /** `name`'s rows in batches of 100, recording its start, end and close (a query cancelled early closes without ending). */
  private async *traced<T>(
    name: 'entries' | 'history',
    attempt: number,
    rows: readonly T[],
    after?: (attempt: number, batch: number) => void,
    onStart?: () => void,
  ): AsyncIterable<T[]> {
    this.events.push(`${name} start ${attempt}`);
    onStart?.();
    try {
      let n = 0;
      for (const batch of inBatches(rows, 100)) {
        await tick();
        yield batch;
        after?.(attempt, ++n);
      }
      this.events.push(`${name} end ${attempt}`);
    } finally {
      this.events.push(`${name} closed ${attempt}`);
    }
  }

  private historyStream(rows: readonly HistoryRow[]): AsyncIterable<SourceRow<HistoryRow>[]> {
    return this.traced('history', ++this.historyReads, rows, this.hooks.afterHistoryBatch);
  }

  async *deals(): AsyncIterable<SourceRow<DealLineRow>[]> {
    this.events.push('deals start');
    for (const batch of inBatches(this.dealRows, 100)) {
      await tick();
      yield batch;
    }
    this.events.push('deals end');
  }

  async *entries(): AsyncIterable<SourceRow<EntryRow>[]> {
    yield* this.traced(
      'entries',
      ++this.entryReads,
      this.entryRows,
      this.hooks.afterEntryBatch,
      this.entriesStarted,
    );
  }
}

describe('entries read alongside the deals', () => {
  it('starts the entries before the deals end, and gives the outputs of a plain read', async () => {
    const plain = await reconcileSource(new MemoryRecordSource(month.deals, month.entries), PERIOD, settings);
    const source = new TracedSource(month.deals, month.entries);
    const both = await reconcileSource(source, PERIOD, settings);
    expect(source.events.indexOf('entries start 1')).toBeLessThan(source.events.indexOf('deals end'));
    expect(publicOutputs(both)).toEqual(publicOutputs(plain));
    expect(both.inputs).toEqual({
      ...plain.inputs,
      deals: { ...plain.inputs.deals, source: 'traced rows' },
      entries: { ...plain.inputs.entries, source: 'traced rows' },
    });
  });

  it('reads a broken entries stream again from the start, counting no row twice', async () => {
    const plain = await reconcileSource(new MemoryRecordSource(month.deals, month.entries), PERIOD, settings);
    const restarts: unknown[] = [];
    const source = new TracedSource(month.deals, month.entries, {
      afterEntryBatch: (attempt, batch) => {
        if (attempt === 1 && batch === 3) throw new SourceError('connection reset', true);
      },
    });
    const log = {
      info: () => undefined,
      warn: (_m: string, f?: unknown) => restarts.push(f),
      error: () => undefined,
    };
    const again = await reconcileSource(source, PERIOD, settings, undefined, { log });
    expect(source.events).toContain('entries start 2');
    expect(restarts).toEqual([expect.objectContaining({ source: 'entries', attempt: 1 })]);
    expect(publicOutputs(again)).toEqual(publicOutputs(plain));
    expect(again.inputs.entries.rows_read).toBe(plain.inputs.entries.rows_read);
  });

  describe('with history', () => {
    const withHistory = generateMonth({ deals: 600, period: PERIOD, seed: 22, historyMonths: 2 });
    const historyRows: HistoryRow[] = withHistory.history!.entries;
    const plainRun = () =>
      reconcileSource(
        new MemoryRecordSource(withHistory.deals, withHistory.entries, 'traced rows', historyRows),
        PERIOD,
        settings,
      );

    it('reads the history while the deals are, the entries after it, with the outputs of a plain read', async () => {
      const plain = await plainRun();
      const source = new TracedSource(withHistory.deals, withHistory.entries, {}, historyRows);
      const both = await reconcileSource(source, PERIOD, settings);
      const at = (event: string) => source.events.indexOf(event);
      expect(at('history start 1')).toBeLessThan(at('deals end'));
      expect(at('entries start 1')).toBeGreaterThan(at('history end 1'));
      expect(both.lifeToDate?.keyCount).toBeGreaterThan(0);
      expect(publicOutputs(both)).toEqual(publicOutputs(plain));
      expect(both.inputs).toEqual(plain.inputs);
    });

    it('reads a broken history stream again from the start on its own, counting no row twice', async () => {
      const plain = await plainRun();
      const restarts: unknown[] = [];
      const source = new TracedSource(
        withHistory.deals,
        withHistory.entries,
        {
          afterHistoryBatch: (attempt, batch) => {
            if (attempt === 1 && batch === 2) throw new SourceError('connection reset', true);
          },
        },
        historyRows,
      );
      const log = {
        info: () => undefined,
        warn: (_m: string, f?: unknown) => restarts.push(f),
        error: () => undefined,
      };
      const again = await reconcileSource(source, PERIOD, settings, undefined, { log });
      expect(source.events.filter((e) => e.startsWith('history start'))).toEqual([
        'history start 1',
        'history start 2',
      ]);
      expect(source.events.filter((e) => e.startsWith('entries start'))).toEqual(['entries start 1']);
      expect(restarts).toEqual([expect.objectContaining({ source: 'history', attempt: 1 })]);
      expect(publicOutputs(again)).toEqual(publicOutputs(plain));
      expect(again.inputs).toEqual(plain.inputs);
    });

    it('stops the history read when the deals fail, and never starts the entries', async () => {
      const source = new TracedSource(withHistory.deals, withHistory.entries, {}, [
        ...historyRows,
        ...historyRows,
        ...historyRows,
      ]);
      const failing: RecordSource = {
        description: 'failing deals',
        entries: () => source.entries(),
        history: () => source.history!({ period: PERIOD, periodStart: '', periodEnd: '' }),
        deals: () => ({
          [Symbol.asyncIterator]: () => ({
            next: async (): Promise<IteratorResult<SourceRow<DealLineRow>[]>> => {
              for (let i = 0; i < 3; i++) await tick();
              throw new SourceError('Analytics is down', false);
            },
          }),
        }),
      };
      await expect(reconcileSource(failing, PERIOD, settings)).rejects.toThrow(/Analytics is down/);
      for (let i = 0; i < 50 && !source.events.includes('history closed 1'); i++) await tick();
      expect(source.events).toContain('history closed 1');
      expect(source.events).not.toContain('history end 1');
      for (let i = 0; i < 5; i++) await tick();
      expect(source.events).not.toContain('entries start 1');
    });

    it('stops the entries read when the history cannot be booked (a sum past 2^53 minor units)', async () => {
      // Ten rows of 9,999,999,999,999.99 on one booked key: more than 2^53 cents together.
      const line = withHistory.deals.find(
        (d) => /^D\d+$/.test(d.deal_id ?? '') && d.revenue_type === 'Subscription',
      )!;
      const huge: HistoryRow[] = Array.from({ length: 10 }, () => ({
        deal_id: line.deal_id,
        revenue_type: line.revenue_type,
        currency: line.currency,
        recognized_amount: '9999999999999.99',
        entry_count: '1',
      }));
      const entries = [...withHistory.entries, ...withHistory.entries, ...withHistory.entries];
      const source = new TracedSource(withHistory.deals, entries, {}, huge);
      await expect(reconcileSource(source, PERIOD, settings)).rejects.toThrow(
        /amounts too large to add exactly/,
      );
      for (let i = 0; i < 50 && !source.events.includes('entries closed 1'); i++) await tick();
      expect(source.events).toContain('entries start 1');
      expect(source.events).toContain('entries closed 1');
      expect(source.events).not.toContain('entries end 1');
    });
  });

  it('stops the entries read when the deals fail', async () => {
    const source = new TracedSource(month.deals, [...month.entries, ...month.entries, ...month.entries]);
    const failing: RecordSource = {
      description: 'failing deals',
      entries: () => source.entries(),
      // Fails once the entries read is under way.
      deals: () => ({
        [Symbol.asyncIterator]: () => ({
          next: async (): Promise<IteratorResult<SourceRow<DealLineRow>[]>> => {
            await source.entriesStart;
            throw new SourceError('Analytics is down', false);
          },
        }),
      }),
    };
    await expect(reconcileSource(failing, PERIOD, settings)).rejects.toThrow(/Analytics is down/);
    // The entries generator is closed (its query cancelled) at its next batch, not read to the end.
    for (let i = 0; i < 50 && !source.events.includes('entries closed 1'); i++) await tick();
    expect(source.events).toContain('entries closed 1');
    expect(source.events).not.toContain('entries end 1');
  });
});
