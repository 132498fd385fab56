// A SQL Server error (number, severity, state, message) raised by the emulator's parser, translator or session.
import type { ServerMessage } from './tds-tokens.js';

export class TsqlError extends Error {
  constructor(
    readonly number: number,
    message: string,
    readonly severity = 16,
    readonly state = 1,
  ) {
    super(message);
  }
  toServerMessage(): ServerMessage {
    return { number: this.number, message: this.message, class: this.severity, state: this.state };
  }
}

export const syntaxNear = (token: string): TsqlError =>
  new TsqlError(102, `Incorrect syntax near '${token}'.`, 15, 1);

/** A construct SQL Server runs but the emulator's subset does not (Azure SQL's own wording for unsupported options). */
export const outsideSubset = (construct: string): TsqlError =>
  new TsqlError(
    40517,
    `Keyword or statement option '${construct}' is not supported in this version of SQL Server (the emulator's T-SQL subset, see docs/sql.md).`,
    16,
    1,
  );
