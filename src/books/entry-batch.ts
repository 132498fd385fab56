// Validated entries of one period in columns: what a reading thread posts and RecognizedBook.addBatch takes.
//
// Why columns: posting 3M entries as objects (or as strings with lengths) cost more on the receiving
// thread than reading them did. Here ids are bytes appended in one copy, numbers sit in typed arrays
// whose buffers are transferred, and deals are numbered by the builder: a deal_id crosses once, in the
// batch that first names it, and each run of entries of one deal carries only its number. With
// entries in any order (one entry per run), the receiver then looks up a number per entry, not a
// deal_id string, and no string per entry is cloned between the threads.
import type { MonthIndex } from '../core/dates.js';
import { IdArena, type IdArenaParts } from './id-arena.js';
import { KeyDirectory } from './key-directory.js';
import type { Entry } from '../core/records.js';
import { StringTable } from './string-table.js';

export interface EntryBatch {
  period: MonthIndex;
  count: number;
  ids: IdArenaParts;
  /** The deal of each run of consecutive entries with the same deal_id (the builder's number), and where the run ends. */
  runDeals: Int32Array;
  runEnds: Int32Array;
  /** The deal_ids this batch names first, numbered firstNewDeal, firstNewDeal + 1, …: all earlier ones came before. */
  newDealIds: string[];
  firstNewDeal: number;
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
  /** Every deal_id this builder has numbered, across its batches (with the directory's ordered fast paths). */
  private readonly deals = new KeyDirectory();
  private firstNewDeal = 0;
  private newDealIds: string[] = [];
  private runDeals: number[] = [];
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

  /** Adds an entry of the builder's period (one of another period is left out, as RecognizedBook.add leaves it); call take() when `full`. */
  add(entry: Entry): void {
    if (entry.period !== this.period) return;
    const i = this.count++;
    const deal = this.dealNumber(entry.dealId);
    const runs = this.runDeals.length;
    if (runs === 0 || this.runDeals[runs - 1] !== deal) this.runDeals.push(deal);
    else this.runEnds.pop();
    this.runEnds.push(i + 1);
    this.ids.push(entry.entryId);
    this.typeNos[i] = this.types.numberOf(entry.typeKey);
    this.currencyNos[i] = this.currencies.numberOf(entry.currency);
    this.amounts[i] = entry.amount;
  }

  /** The deal's number in this builder, numbering it (and listing it as new) on first sight. */
  private dealNumber(dealId: string): number {
    const before = this.deals.dealCount;
    const no = this.deals.deal(dealId, false);
    if (this.deals.dealCount > before) this.newDealIds.push(dealId);
    return no;
  }

  /** The batch so far (undefined when empty); the builder starts a new one. */
  take(): EntryBatch | undefined {
    const n = this.count;
    if (n === 0) return undefined;
    const batch: EntryBatch = {
      period: this.period,
      count: n,
      ids: this.ids.parts(),
      runDeals: Int32Array.from(this.runDeals),
      runEnds: Int32Array.from(this.runEnds),
      newDealIds: this.newDealIds,
      firstNewDeal: this.firstNewDeal,
      typeNos: this.typeNos.slice(0, n),
      typeKeys: this.types.names,
      currencyNos: this.currencyNos.slice(0, n),
      currencies: this.currencies.names,
      amounts: this.amounts.slice(0, n),
    };
    this.ids = new IdArena();
    this.firstNewDeal = this.deals.dealCount;
    this.newDealIds = [];
    this.runDeals = [];
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
    batch.runDeals,
    batch.runEnds,
    batch.typeNos,
    batch.currencyNos,
    batch.amounts,
  ].map((a) => a.buffer as ArrayBuffer);
}
