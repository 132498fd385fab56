// Worker thread: makes reconciliation.xlsx from the CSV files the run posts as it renders them.
import { parentPort } from 'node:worker_threads';
import { WorkbookWriter } from './workbook.js';
import { errorMessage } from '../../core/error-message.js';

export type WorkbookWorkerRequest = { kind: 'file'; name: string; content: Uint8Array } | { kind: 'end' };

export type WorkbookWorkerReply = { kind: 'done'; content: Uint8Array } | { kind: 'error'; message: string };

if (parentPort) {
  const port = parentPort;
  const workbook = new WorkbookWriter();
  const fail = (error: unknown) =>
    port.postMessage({ kind: 'error', message: errorMessage(error) } satisfies WorkbookWorkerReply);
  port.on('message', (m: WorkbookWorkerRequest) => {
    try {
      if (m.kind === 'file') {
        workbook.add(m.name, Buffer.from(m.content.buffer, m.content.byteOffset, m.content.byteLength));
        return;
      }
      workbook.finish().then((content) => {
        // Handed over, not copied, when the bytes are a buffer of their own (not a slice of Node's pool).
        const own = content.byteOffset === 0 && content.byteLength === content.buffer.byteLength;
        port.postMessage(
          { kind: 'done', content } satisfies WorkbookWorkerReply,
          own ? [content.buffer as ArrayBuffer] : [],
        );
      }, fail);
    } catch (error) {
      fail(error);
    }
  });
}
