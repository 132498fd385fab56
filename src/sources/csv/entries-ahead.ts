// Starts the entries worker early and later feeds its batches into a RecognizedBook on this thread.
import { Worker } from 'node:worker_threads';
import type { EngineSettings } from '../../core/engine-settings.js';
import type { MonthIndex } from '../../core/dates.js';
import type { RecognizedBook } from '../../books/recognized.js';
import type { EntryBatch } from '../../books/entry-batch.js';
import type { DataQualityIssue } from '../../core/records.js';
import {
  SourceError,
  type EntriesAhead,
  type EntriesRead,
  type ReadProgress,
} from '../../pipeline/ports/record-source.js';

export interface EntriesWorkerInput {
  entriesPath: string;
  /** With history, the worker first reads the history's entry_ids: the entries are judged against them. */
  historyPath?: string;
  settings: EngineSettings;
  period: number;
}

export type EntriesWorkerMessage =
  | { kind: 'batch'; batch: EntryBatch }
  | { kind: 'progress'; rows: number; fraction?: number }
  | { kind: 'done'; issues: DataQualityIssue[]; rowsRead: number; rowsRejected: number }
  | { kind: 'error'; message: string; sourceError: boolean; retryable: boolean };

/**
 * The entries file read and validated by a worker thread that starts now. Messages wait in a queue
 * until consume() is called (after the deals are booked), so progress lines and data-quality rows
 * still come in the same order as in a read on this thread.
 */
export class EntriesOnWorker implements EntriesAhead {
  private readonly worker: Worker;
  private readonly queue: EntriesWorkerMessage[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private finished = false;

  constructor(entriesPath: string, settings: EngineSettings, period: MonthIndex, historyPath?: string) {
    const input: EntriesWorkerInput = {
      entriesPath,
      settings,
      period,
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

  /** Books the period's entries into `book` as they come; resolves with the validator's figures. */
  async consume(book: RecognizedBook, progress?: ReadProgress): Promise<EntriesRead> {
    try {
      for (;;) {
        const m = this.queue.shift();
        if (m === undefined) {
          if (this.failure)
            throw new SourceError(`cannot read entries: ${this.failure.message}`, false, {
              cause: this.failure,
            });
          if (this.finished) throw new SourceError('cannot read entries: the reading thread stopped early');
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
          continue;
        }
        if (m.kind === 'batch') book.addBatch(m.batch);
        else if (m.kind === 'progress') progress?.('entries', m.rows, m.fraction);
        else if (m.kind === 'error')
          throw m.sourceError ? new SourceError(m.message, m.retryable) : new Error(m.message);
        else return { issues: m.issues, rowsRead: m.rowsRead, rowsRejected: m.rowsRejected };
      }
    } finally {
      await this.stop();
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
