// Starts the entries worker early and later feeds its batches into a HistoryBook and a RecognizedBook on this thread.
import { Worker } from 'node:worker_threads';
import type { EngineSettings } from '../../core/engine-settings.js';
import type { MonthIndex } from '../../core/dates.js';
import type { RecognizedBook } from '../../books/recognized.js';
import type { EntryBatch } from '../../books/entry-batch.js';
import type { HistoryBatch } from '../../books/history-batch.js';
import type { HistoryBook } from '../../books/ltd-book.js';
import {
  SourceError,
  type EntriesAhead,
  type EntriesRead,
  type HistoryRead,
  type ReadProgress,
} from '../../pipeline/ports/record-source.js';

export interface EntriesWorkerInput {
  entriesPath: string;
  /** With history, the worker reads it first (posting its rows) and judges the entries against its entry_ids. */
  historyPath?: string;
  /** The history after the entries instead: aggregated rows hold no entry_ids to judge the entries by. */
  historyLast: boolean;
  settings: EngineSettings;
  period: number;
}

export type EntriesWorkerMessage =
  | { kind: 'history-batch'; batch: HistoryBatch }
  | ({ kind: 'history-done' } & HistoryRead)
  | { kind: 'batch'; batch: EntryBatch }
  | { kind: 'progress'; source: 'entries' | 'history'; rows: number; fraction?: number }
  | ({ kind: 'done' } & EntriesRead)
  | { kind: 'error'; message: string; sourceError: boolean; retryable: boolean };

/**
 * The entries file (after the history file, when there is one, or before an aggregated one) read and
 * validated by a worker thread that starts now. Messages wait in a queue until consumeHistory() and
 * consume() are called (after the deals are booked), in the order the thread reads the files.
 */
export class EntriesOnWorker implements EntriesAhead {
  private readonly worker: Worker;
  private readonly queue: EntriesWorkerMessage[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private finished = false;
  /** consume() is called before consumeHistory() (EntriesAhead.historyLast). */
  readonly historyLast: boolean;

  constructor(
    entriesPath: string,
    settings: EngineSettings,
    period: MonthIndex,
    historyPath?: string,
    /** Read an (aggregated) history after the entries. */
    historyLast = false,
  ) {
    this.historyLast = historyPath !== undefined && historyLast;
    const input: EntriesWorkerInput = {
      entriesPath,
      settings,
      period,
      historyLast: this.historyLast,
      ...(historyPath !== undefined ? { historyPath } : {}),
    };
    this.worker = new Worker(new URL('./entries-worker.js', import.meta.url), { workerData: input });
    this.worker.on('message', (m: EntriesWorkerMessage) => this.push(m));
    this.worker.on('error', (error) => {
      this.failure = error;
      this.wake?.();
    });
    this.worker.on('exit', () => {
      this.finished = true;
      this.wake?.();
    });
  }

  /** Books the history's rows into `book` as they come; resolves with the validator's figures. */
  async consumeHistory(book: HistoryBook, progress?: ReadProgress): Promise<HistoryRead> {
    try {
      for (;;) {
        const m = await this.next('history');
        if (m.kind === 'history-batch') book.addBatch(m.batch);
        else if (m.kind === 'progress') progress?.(m.source, m.rows, m.fraction);
        else if (m.kind === 'history-done') {
          const { kind: _kind, ...read } = m;
          return read;
        } else throw new Error(`the reading thread sent ${m.kind} before the end of the history`);
      }
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      if (this.historyLast) await this.stop();
    }
  }

  /** Books the period's entries into `book` as they come; resolves with the validator's figures. */
  async consume(book: RecognizedBook, progress?: ReadProgress): Promise<EntriesRead> {
    try {
      for (;;) {
        const m = await this.next('entries');
        if (m.kind === 'batch') book.addBatch(m.batch);
        else if (m.kind === 'progress') progress?.(m.source, m.rows, m.fraction);
        else if (m.kind === 'done') {
          book.settle();
          const { kind: _kind, ...read } = m;
          return read;
        } else throw new Error(`the reading thread sent ${m.kind} among the entries`);
      }
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      // The thread goes on to the history when that comes last.
      if (!this.historyLast) await this.stop();
    }
  }

  /** The next message (an error message thrown), waiting for it; throws, naming what was being read, once the worker failed or ended. */
  private async next(
    reading: 'history' | 'entries',
  ): Promise<Exclude<EntriesWorkerMessage, { kind: 'error' }>> {
    for (;;) {
      const m = this.queue.shift();
      if (m !== undefined) {
        if (m.kind !== 'error') return m;
        throw m.sourceError ? new SourceError(m.message, m.retryable) : new Error(m.message);
      }
      if (this.failure)
        throw new SourceError(`cannot read ${reading}: ${this.failure.message}`, false, {
          cause: this.failure,
        });
      if (this.finished) throw new SourceError(`cannot read ${reading}: the reading thread stopped early`);
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  /** Ends the worker (after a failed deals read, or once consumed). */
  async stop(): Promise<void> {
    if (!this.finished) await this.worker.terminate();
  }

  private push(m: EntriesWorkerMessage): void {
    this.queue.push(m);
    this.wake?.();
  }
}
