// What both row validators share: counts, the data-quality list, field readers, and rows the source could not split.
import type { EngineRules } from '../core/engine-settings.js';
import type { DataQualityIssue } from '../core/records.js';
import { MalformedRow, type SourceRow } from '../pipeline/ports/record-source.js';
import { CurrencyReader, TypeResolver } from './fields.js';
import { malformedRowIssue, RowProblems } from './row-problems.js';

export abstract class RowValidator<Row, Valid> {
  rowsRead = 0;
  rowsRejected = 0;
  /** One instance reused for millions of (mostly clean) rows. */
  protected readonly problems = new RowProblems();
  protected readonly types: TypeResolver;
  protected readonly currencies = new CurrencyReader();

  constructor(
    private readonly source: DataQualityIssue['source'],
    rules: EngineRules,
    protected readonly issues: DataQualityIssue[],
  ) {
    this.types = new TypeResolver(rules.types);
  }

  /** Like accept(), for a row the source may have been unable to split into fields. */
  acceptRow(row: SourceRow<Row>): Valid | undefined {
    if (!(row instanceof MalformedRow)) return this.accept(row);
    const rowNumber = ++this.rowsRead;
    this.rowsRejected++;
    this.issues.push(malformedRowIssue(this.source, rowNumber, row.raw, row.problem));
    return undefined;
  }

  /** The validated record, or undefined when the row was rejected (its problems are recorded). */
  abstract accept(row: Row): Valid | undefined;

  /** Drops what only judges later rows of the same file (seen ids), once the file is read. */
  abstract release(): void;
}
