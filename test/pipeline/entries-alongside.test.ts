// The entries are read while the deals are (two servers answer at once), with the same results,
// the same restart after a broken stream, and no read left running when the deals fail.
import { describe, expect, it } from 'vitest';
import { parseEngineSettings } from '../../src/core/engine-settings.js';
import type { DealLineRow, EntryRow } from '../../src/core/records.js';
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
    private readonly hooks: { afterEntryBatch?: (attempt: number, batch: number) => void } = {},
  ) {}
  private entryReads = 0;

  async *deals(): AsyncIterable<SourceRow<DealLineRow>[]> {
    this.events.push('deals start');
    for (const batch of inBatches(this.dealRows, 100)) {
      await tick();
      yield batch;
    }
    this.events.push('deals end');
  }

  async *entries(): AsyncIterable<SourceRow<EntryRow>[]> {
    const attempt = ++this.entryReads;
    this.events.push(`entries start ${attempt}`);
    this.entriesStarted();
    try {
      let n = 0;
      for (const batch of inBatches(this.entryRows, 100)) {
        await tick();
        yield batch;
        this.hooks.afterEntryBatch?.(attempt, ++n);
      }
      this.events.push(`entries end ${attempt}`);
    } finally {
      this.events.push(`entries closed ${attempt}`);
    }
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
