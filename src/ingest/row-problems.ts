// Collects what is wrong with one input row, so each problem becomes a data-quality line.
import { echo } from '../core/echo.js';
import type { DataQualityIssue } from '../core/records.js';

export class RowProblems {
  readonly items: { field: string; value: string; problem: string; fatal: boolean }[] = [];

  reject(field: string, value: string | null | undefined, problem: string): void {
    this.items.push({ field, value: echo(value ?? ''), problem, fatal: true });
  }

  flag(field: string, value: string | null | undefined, problem: string): void {
    this.items.push({ field, value: echo(value ?? ''), problem, fatal: false });
  }

  get rejected(): boolean {
    return this.items.length > 0 && this.items.some((p) => p.fatal);
  }

  /** Empties the list, so a validator reuses one instance for millions of (mostly clean) rows. */
  clear(): void {
    this.items.length = 0;
  }

  /**
   * One line per problem. A rejected row gets its reasons only: a note on how the row is kept
   * ("kept under category unknown", an amount rounded) would contradict its action.
   */
  toIssues(source: DataQualityIssue['source'], rowNumber: number, rowKey: string): DataQualityIssue[] {
    const rejected = this.rejected;
    const action = rejected ? 'rejected' : 'kept';
    return this.items
      .filter((p) => p.fatal || !rejected)
      .map((p) => ({
        source,
        rowNumber,
        rowKey: echo(rowKey),
        field: p.field,
        value: p.value,
        problem: p.problem,
        action,
      }));
  }
}

export function text(value: string | null | undefined): string {
  return value == null ? '' : value.trim();
}

/** The data-quality line for a row the source could not split into fields (wrong field count, open quote). */
export function malformedRowIssue(
  source: DataQualityIssue['source'],
  rowNumber: number,
  raw: string,
  problem: string,
): DataQualityIssue {
  return {
    source,
    rowNumber,
    rowKey: `row ${rowNumber}`,
    field: '(row)',
    value: echo(raw),
    problem,
    action: 'rejected',
  };
}
