// Where a run's CSV files become reconciliation.xlsx: on this thread, or on a worker thread for a large run.
import { Worker } from 'node:worker_threads';
import type { ReportFile } from '../report-file.js';
import { threadChoiceFromEnv, usesThread, type ThreadChoice } from '../../core/thread-choice.js';
import { renderWorkbook, workbookFile, WORKBOOK_ROW_CAP } from './workbook.js';
import type { WorkbookWorkerReply, WorkbookWorkerRequest } from './workbook-worker.js';

/** Takes the run's files as they are rendered; finish() gives the workbook of every file added. */
export interface WorkbookBuilder {
  add(file: ReportFile): void;
  finish(): Promise<ReportFile>;
  /** Lets go of the thread, if any (after finish(), or when the run failed before it). */
  close(): void;
}

/**
 * Below this many rows in the run's tables the workbook is made here: a thread's start and the copy
 * of the files to it cost more than the sheets (README, Performance).
 */
export const WORKBOOK_THREAD_MIN_ROWS = WORKBOOK_ROW_CAP;

/**
 * When to build the workbook on a worker thread: `auto` by the run's rows, `always` or `never`.
 * RECON_WORKBOOK_THREAD=1 forces it (tests compare the bytes with =0), =0 turns it off.
 */
export type WorkbookThread = ThreadChoice;

/**
 * A builder for a run whose tables hold `rows` rows. On a thread, the sheets are made while this
 * thread renders the next files and the report page: both cores work on the reports. A thread needs
 * the built worker script (dist): run from the TypeScript sources (tests), the workbook is made here.
 */
export function workbookBuilder(
  rows: number,
  /** Told why, when the thread failed and the workbook is made on this thread instead. */
  onThreadFailure: (reason: string) => void = () => {},
  mode: WorkbookThread = threadChoiceFromEnv('RECON_WORKBOOK_THREAD'),
  /** The thread's module (a test gives one that fails, to see the workbook made here instead). */
  script: URL = new URL('./workbook-worker.js', import.meta.url),
): WorkbookBuilder {
  const onThread = usesThread(mode, () => rows >= WORKBOOK_THREAD_MIN_ROWS);
  return onThread && script.pathname.endsWith('.js')
    ? new WorkbookOnThread(onThreadFailure, script)
    : new WorkbookHere();
}

class WorkbookHere implements WorkbookBuilder {
  private readonly files: ReportFile[] = [];

  add(file: ReportFile): void {
    this.files.push(file);
  }

  finish(): Promise<ReportFile> {
    return renderWorkbook(this.files);
  }

  close(): void {}
}

/**
 * The sheets made by a worker thread (workbook-worker.ts) as the files come. Should the thread fail,
 * the workbook is made here from the same files: the same bytes, later.
 */
class WorkbookOnThread implements WorkbookBuilder {
  private readonly files: ReportFile[] = [];
  private readonly worker: Worker;
  private readonly reply: Promise<{ content: Buffer } | { failure: string }>;

  constructor(
    private readonly onFailure: (reason: string) => void,
    script: URL,
  ) {
    this.worker = new Worker(script);
    this.reply = new Promise((resolve) => {
      const fail = (reason: string) => resolve({ failure: reason });
      this.worker.once('message', (m: WorkbookWorkerReply) => {
        if (m.kind === 'error') return fail(m.message);
        resolve({ content: Buffer.from(m.content.buffer, m.content.byteOffset, m.content.byteLength) });
      });
      this.worker.once('error', (error) => fail(error.message));
      this.worker.once('exit', (code) => fail(`the workbook thread stopped (exit code ${code})`));
    });
  }

  add(file: ReportFile): void {
    this.files.push(file);
    this.post({ kind: 'file', name: file.name, content: file.content });
  }

  async finish(): Promise<ReportFile> {
    this.post({ kind: 'end' });
    const reply = await this.reply;
    this.close();
    if ('content' in reply) return workbookFile(reply.content);
    this.onFailure(reply.failure);
    return renderWorkbook(this.files);
  }

  close(): void {
    void this.worker.terminate();
  }

  private post(m: WorkbookWorkerRequest): void {
    try {
      this.worker.postMessage(m);
    } catch {
      // A thread that is gone: finish() makes the workbook here.
    }
  }
}
