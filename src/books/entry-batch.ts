// Validated entries of one period in columns: what a reading thread posts and RecognizedBook.addBatch takes.
//
// Why columns: posting 3M entries as objects (or as strings with lengths) cost more on the receiving
// thread than reading them did. Here ids are bytes appended in one copy, numbers sit in typed arrays
// whose buffers are transferred, and a deal_id comes once per run of entries of the same deal (files
// come grouped by deal), so the receiver looks each deal up once.
import type { MonthIndex } from '../core/dates.js';
import { IdArena, type IdArenaParts } from './id-arena.js';
import type { Entry } from '../core/records.js';
import { StringTable } from './string-table.js';

export interface EntryBatch {
  period: MonthIndex;
  count: number;
  ids: IdArenaParts;
  /** The deal_id of each run of consecutive entries with the same deal_id, and where the run ends. */
  dealIds: string[];
  runEnds: Int32Array;
  /** Per entry, an index into typeKeys / currencies (tables of this batch). */
  typeNos: Uint16Array;
  typeKeys: string[];
  currencyNos: Uint16Array;
  currencies: string[];
  amounts: Float64Array;
}

/** Collects entries of one period into batches of up to `size`. */
export class EntryBatchBuilder {
  private ids = new IdArena();
  private dealIds: string[] = [];
  private runEnds: number[] = [];
  private typeNos: Uint16Array;
  private currencyNos: Uint16Array;
  private amounts: Float64Array;
  private types = new StringTable();
  private currencies = new StringTable();
  private count = 0;

  constructor(
    private readonly period: MonthIndex,
    private readonly size = 8192,
  ) {
    this.typeNos = new Uint16Array(size);
    this.currencyNos = new Uint16Array(size);
    this.amounts = new Float64Array(size);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  /** Adds an entry of the builder's period (the caller filters); call take() when `full`. */
  add(entry: Entry): void {
    const i = this.count++;
    const runs = this.dealIds.length;
    if (runs === 0 || this.dealIds[runs - 1] !== entry.dealId) this.dealIds.push(entry.dealId);
    else this.runEnds.pop();
    this.runEnds.push(i + 1);
    this.ids.push(entry.entryId);
    this.typeNos[i] = this.types.numberOf(entry.typeKey);
    this.currencyNos[i] = this.currencies.numberOf(entry.currency);
    this.amounts[i] = entry.amount;
  }

  /** The batch so far (undefined when empty); the builder starts a new one. */
  take(): EntryBatch | undefined {
    const n = this.count;
    if (n === 0) return undefined;
    const batch: EntryBatch = {
      period: this.period,
      count: n,
      ids: this.ids.parts(),
      dealIds: this.dealIds,
      runEnds: Int32Array.from(this.runEnds),
      typeNos: this.typeNos.slice(0, n),
      typeKeys: this.types.names,
      currencyNos: this.currencyNos.slice(0, n),
      currencies: this.currencies.names,
      amounts: this.amounts.slice(0, n),
    };
    this.ids = new IdArena();
    this.dealIds = [];
    this.runEnds = [];
    this.types = new StringTable();
    this.currencies = new StringTable();
    this.count = 0;
    return batch;
  }
}

/** The buffers of a batch that postMessage can transfer instead of copying. */
export function transferables(batch: EntryBatch): ArrayBuffer[] {
  return [
    batch.ids.bytes,
    batch.ids.ends,
    batch.runEnds,
    batch.typeNos,
    batch.currencyNos,
    batch.amounts,
  ].map((a) => a.buffer as ArrayBuffer);
}
