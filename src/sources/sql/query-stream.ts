// Streams one mssql query as batches of row objects, pausing the request while the consumer is behind.
import sql from 'mssql';

export interface QueryColumn {
  name: string;
  /** mssql type name (VarChar, Decimal, Date, ...) */
  type: string;
}

export type QueryEvent =
  { kind: 'columns'; columns: QueryColumn[] } | { kind: 'rows'; rows: Record<string, unknown>[] };

/**
 * Yields the columns, then batches of rows. Holds at most `highWater` batches: beyond that the request
 * is paused (tedious stops reading the socket, TCP pushes back on the server) until the consumer catches up.
 */
export async function* streamQuery(
  request: sql.Request,
  text: string,
  batchSize = 1000,
  highWater = 2,
): AsyncGenerator<QueryEvent> {
  const queue: QueryEvent[] = [];
  let batch: Record<string, unknown>[] = [];
  let failure: unknown;
  let finished = false;
  let paused = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const pushBatch = (): void => {
    if (batch.length === 0) return;
    queue.push({ kind: 'rows', rows: batch });
    batch = [];
    if (queue.length >= highWater && !paused) {
      paused = true;
      request.pause();
    }
    notify();
  };

  request.stream = true;
  request.on('recordset', (columns: Record<string, { name: string; type: unknown }>) => {
    pushBatch();
    const list = Object.values(columns).map((c) => ({ name: c.name, type: typeName(c.type) }));
    queue.push({ kind: 'columns', columns: list });
    notify();
  });
  request.on('row', (row: Record<string, unknown>) => {
    batch.push(row);
    if (batch.length >= batchSize) pushBatch();
  });
  request.on('error', (error: unknown) => {
    failure ??= error;
    notify();
  });
  request.on('done', () => {
    pushBatch();
    finished = true;
    notify();
  });
  void request.query(text);

  let completed = false;
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (paused && queue.length < highWater) {
          paused = false;
          request.resume();
        }
        yield next;
        continue;
      }
      if (failure !== undefined) throw failure;
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure !== undefined) throw failure;
    completed = true;
  } finally {
    // The consumer stopped early: cancel so the server stops sending (ATTENTION).
    if (!completed && !finished) {
      if (paused) request.resume();
      request.cancel();
    }
  }
}

function typeName(t: unknown): string {
  if (typeof t === 'function') return t.name;
  if (
    typeof t === 'object' &&
    t !== null &&
    'type' in t &&
    typeof (t as { type: unknown }).type === 'function'
  )
    return (t as { type: { name: string } }).type.name;
  return String(t);
}
