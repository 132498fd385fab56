// Fault injection for tests: an error number on the Nth login or query, a delay, a dropped connection after N rows.
import type { ServerMessage } from './tds-tokens.js';

export interface FaultRule {
  on: 'login' | 'query';
  /** Only events on this database (case-insensitive); any database when absent. */
  database?: string;
  /** The rule fires from the Nth matching event after it was added (1 = the next one). */
  nth?: number;
  /** How many consecutive matching events it fires for (default 1; Infinity for "always"). */
  times?: number;
  /** SQL Server error number to answer with. */
  error?: number;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Queries only: close the connection after sending this many rows. */
  dropAfterRows?: number;
}

interface ActiveRule extends FaultRule {
  seen: number;
  fired: number;
}

export class Faults {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, seen: 0, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules that fire for this event (each matching rule counts the event). */
  take(on: 'login' | 'query', database: string): FaultRule[] {
    const firing: FaultRule[] = [];
    for (const r of this.rules) {
      if (r.on !== on || (r.database && r.database.toLowerCase() !== database.toLowerCase())) continue;
      r.seen++;
      if (r.seen >= (r.nth ?? 1) && r.fired < (r.times ?? 1)) {
        r.fired++;
        firing.push(r);
      }
    }
    return firing;
  }
}

/** The message, class and state SQL Server / Azure SQL send with the error numbers we inject. */
export function injectedError(number: number, database: string, user: string): ServerMessage {
  const m = (message: string, cls = 16, state = 1): ServerMessage => ({ number, message, class: cls, state });
  switch (number) {
    case 18456:
      return m(`Login failed for user '${user}'.`, 14, 1);
    case 4060:
      return m(`Cannot open database "${database}" requested by the login. The login failed.`, 11, 1);
    // Azure SQL's transient errors at severity 20: the server closes the connection after sending them.
    case 40613:
      return m(
        `Database '${database}' on server 'sql-emulator' is not currently available. Please retry the connection later. If the problem persists, contact customer support, and provide them the session tracing ID of '00000000-0000-0000-0000-000000000000'.`,
        20,
        1,
      );
    case 40501:
      return m(
        'The service is currently busy. Retry the request after 10 seconds. Incident ID: 00000000-0000-0000-0000-000000000000. Code: 1.',
        20,
        1,
      );
    case 40197:
      return m(
        'The service has encountered an error processing your request. Please try again. Error code 4815.',
        20,
        1,
      );
    case 49918:
    case 49919:
    case 49920:
      return m('Cannot process request. Too many operations in progress for subscription.', 16, 1);
    case 4221:
      return m(
        "Login to read-secondary failed due to long wait on 'HADR_DATABASE_WAIT_FOR_TRANSITION_TO_VERSIONING'.",
        16,
        1,
      );
    case 10928:
      return m(
        "Resource ID : 1. The request limit for the database is 100 and has been reached. See 'http://go.microsoft.com/fwlink/?LinkId=267637' for assistance.",
        20,
        1,
      );
    case 10929:
      return m(
        "Resource ID : 1. The request minimum guarantee is 10, maximum limit is 100 and the current usage for the database is 100. However, the server is currently too busy to support requests greater than 10 for this database. See 'http://go.microsoft.com/fwlink/?LinkId=267637' for assistance. Otherwise, please try again later.",
        20,
        1,
      );
    case 1205:
      return m(
        'Transaction (Process ID 51) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.',
        13,
        51,
      );
    case 229:
      return m(
        `The SELECT permission was denied on the object, database '${database}', schema 'dbo'.`,
        14,
        5,
      );
    case 208:
      return m("Invalid object name 'dbo.Deals'.", 16, 1);
    default:
      return m(`Injected error ${number}.`, 16, 1);
  }
}
