// Validated history rows in columns: what the reading thread posts and HistoryBook.addBatch takes.
//
// Why columns: the history brings a row per key (over a million at a million deals); as objects each
// would be cloned field by field between the threads. Here amounts and counts sit in typed arrays
// whose buffers are transferred, types and currencies are small per-batch tables, and a deal_id
// crosses once per run of rows of one deal (aggregated history comes grouped by deal).
import type { HistoryAmount } from '../core/records.js';
import { StringTable } from './string-table.js';

export interface HistoryBatch {
  count: number;
  /** The deal_id of each run of consecutive rows of one deal, and where the run ends. */
  runDealIds: string[];
  runEnds: Int32Array;
  /** Per row, an index into typeKeys / currencies (tables of this batch). */
  typeNos: Uint16Array;
  typeKeys: string[];
  currencyNos: Uint16Array;
  currencies: string[];
  amounts: Float64Array;
  entryCounts: Float64Array;
}

/** Collects accepted history rows into batches of up to `size`. */
export class HistoryBatchBuilder {
  private runDealIds: string[] = [];
  private runEnds: number[] = [];
  private typeNos: Uint16Array;
  private currencyNos: Uint16Array;
  private amounts: Float64Array;
  private entryCounts: Float64Array;
  private types = new StringTable();
  private currencies = new StringTable();
  private count = 0;

  constructor(private readonly size = 8192) {
    this.typeNos = new Uint16Array(size);
    this.currencyNos = new Uint16Array(size);
    this.amounts = new Float64Array(size);
    this.entryCounts = new Float64Array(size);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  /** Adds an accepted row; call take() when `full`. */
  add(row: HistoryAmount): void {
    const i = this.count++;
    const runs = this.runDealIds.length;
    if (runs === 0 || this.runDealIds[runs - 1] !== row.dealId) this.runDealIds.push(row.dealId);
    else this.runEnds.pop();
    this.runEnds.push(i + 1);
    this.typeNos[i] = this.types.numberOf(row.typeKey);
    this.currencyNos[i] = this.currencies.numberOf(row.currency);
    this.amounts[i] = row.amount;
    this.entryCounts[i] = row.entryCount;
  }

  /** The batch so far (undefined when empty); the builder starts a new one. */
  take(): HistoryBatch | undefined {
    const n = this.count;
    if (n === 0) return undefined;
    const batch: HistoryBatch = {
      count: n,
      runDealIds: this.runDealIds,
      runEnds: Int32Array.from(this.runEnds),
      typeNos: this.typeNos.slice(0, n),
      typeKeys: this.types.names,
      currencyNos: this.currencyNos.slice(0, n),
      currencies: this.currencies.names,
      amounts: this.amounts.slice(0, n),
      entryCounts: this.entryCounts.slice(0, n),
    };
    this.runDealIds = [];
    this.runEnds = [];
    this.types = new StringTable();
    this.currencies = new StringTable();
    this.count = 0;
    return batch;
  }
}

/** The buffers of a batch that postMessage can transfer instead of copying. */
export function historyTransferables(batch: HistoryBatch): ArrayBuffer[] {
  return [batch.runEnds, batch.typeNos, batch.currencyNos, batch.amounts, batch.entryCounts].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
