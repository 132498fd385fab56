// The life-to-date cases a history must show (docs/rules.md §7), as deals of their own with hand-written postings.
import type { MonthIndex } from '../core/dates.js';
import { currencyDigits } from '../core/money.js';
import type { DealLineRow, EntryRow } from '../core/records.js';
import type { Status } from '../core/status.js';
import { post, postedElsewhere, recognizedIn, type Ledger, type PlannedLine } from './ledger.js';
import { amountText } from './ltd-truth.js';

interface CaseLine {
  type: string;
  /** Minor units of the deal's currency. */
  value: bigint;
  duration: number;
  /** Months before the period (0 = the period). */
  startsAgo: number;
  oneTime?: boolean;
  closesAgo?: number;
}

interface CaseSpec {
  name: string;
  segment: string;
  currency: string;
  lines: CaseLine[];
  /** Postings before the period: [type, months ago, minor units, currency when not the deal's]. */
  history: [string, number, bigint, string?][];
  /** Postings in the period (the month's entries file). */
  period: [string, bigint][];
  /** What the month says of each key it classifies. */
  status: Record<string, Status>;
}

/** Each case, and what it must come out as at the period. */
export const LTD_CASES: readonly CaseSpec[] = [
  {
    // Missed last month, caught up this month in one posting: over this month, timing to date, a closed item (recovered).
    name: 'Catch-up Ltd',
    segment: 'Enterprise',
    currency: 'USD',
    lines: [{ type: 'Subscription', value: 1_200_000n, duration: 12, startsAgo: 5 }],
    history: [
      ['Subscription', 5, 100_000n],
      ['Subscription', 4, 100_000n],
      ['Subscription', 3, 100_000n],
      ['Subscription', 2, 100_000n],
    ],
    period: [['Subscription', 200_000n]],
    status: { Subscription: 'over' },
  },
  {
    // A one-time line of last month posted a month late: unexpected this month, timing, a closed item.
    name: 'Late Setup Inc',
    segment: 'Mid-Market',
    currency: 'USD',
    lines: [{ type: 'Implementation', value: 500_000n, duration: 1, startsAgo: 1, oneTime: true }],
    history: [],
    period: [['Implementation', 500_000n]],
    status: { Implementation: 'unexpected' },
  },
  {
    // Recognized ahead of schedule last month, nothing this month: missing, but timing to date (recognized early).
    name: 'Vorschuss GmbH',
    segment: 'SMB',
    currency: 'EUR',
    lines: [{ type: 'Support', value: 600_000n, duration: 6, startsAgo: 3 }],
    history: [
      ['Support', 3, 100_000n],
      ['Support', 2, 100_000n],
      ['Support', 1, 200_000n],
    ],
    period: [],
    status: { Support: 'missing' },
  },
  {
    // 0.5% short every month, inside the 1% monthly tolerance: matched each month, open to date and ageing.
    name: 'Drift Co',
    segment: 'Enterprise',
    currency: 'USD',
    lines: [{ type: 'Subscription', value: 12_000_000n, duration: 12, startsAgo: 8 }],
    history: [8, 7, 6, 5, 4, 3, 2, 1].map(
      (ago) => ['Subscription', ago, 995_000n] as [string, number, bigint],
    ),
    period: [['Subscription', 995_000n]],
    status: { Subscription: 'matched' },
  },
  {
    // Terminated three months ago, still recognized for two more months: no status this month, open (over) to date.
    name: 'Early Exit SA',
    segment: 'Public Sector',
    currency: 'USD',
    lines: [{ type: 'Maintenance', value: 2_400_000n, duration: 12, startsAgo: 6, closesAgo: 3 }],
    history: [6, 5, 4, 3, 2, 1].map((ago) => ['Maintenance', ago, 200_000n] as [string, number, bigint]),
    period: [],
    status: {},
  },
  {
    // JPY: one month missed two months ago, never caught up: matched this month, open (short) to date.
    name: 'Kabushiki Maru KK',
    segment: 'Enterprise',
    currency: 'JPY',
    lines: [{ type: 'Support', value: 600_000n, duration: 12, startsAgo: 4 }],
    history: [
      ['Support', 4, 50_000n],
      ['Support', 3, 50_000n],
      ['Support', 1, 50_000n],
    ],
    period: [['Support', 50_000n]],
    status: { Support: 'matched' },
  },
  {
    // JPY rounding: 1,000,000 over 3 months is 333,333, 666,667, 1,000,000 to date, all recognized: clear.
    name: 'Sanbun KK',
    segment: 'Mid-Market',
    currency: 'JPY',
    lines: [{ type: 'Subscription', value: 1_000_000n, duration: 3, startsAgo: 2 }],
    history: [
      ['Subscription', 2, 333_333n],
      ['Subscription', 1, 333_334n],
    ],
    period: [['Subscription', 333_333n]],
    status: { Subscription: 'matched' },
  },
  {
    // EUR contract whose earlier months were posted in USD: those stay out, so it is open (short) to date.
    name: 'Wrong Ledger BV',
    segment: 'SMB',
    currency: 'EUR',
    lines: [{ type: 'Service', value: 300_000n, duration: 3, startsAgo: 2 }],
    history: [
      ['Service', 2, 100_000n, 'USD'],
      ['Service', 1, 100_000n, 'USD'],
    ],
    period: [['Service', 100_000n]],
    status: { Service: 'matched' },
  },
  {
    // USD rounding: 1,000.00 over 3 months is 333.33, 666.67, 1,000.00 to date: clear.
    name: 'Thirds LLC',
    segment: 'SMB',
    currency: 'USD',
    lines: [{ type: 'Support', value: 100_000n, duration: 3, startsAgo: 2 }],
    history: [
      ['Support', 2, 33_333n],
      ['Support', 1, 33_334n],
    ],
    period: [['Support', 33_333n]],
    status: { Support: 'matched' },
  },
];

export interface CaseContext {
  period: MonthIndex;
  dealId: (i: number) => string;
  nextEntryId: () => string;
  dayIn: (month: MonthIndex, day: number) => string;
  periodText: string;
}

export interface CaseRows {
  deals: DealLineRow[];
  entries: EntryRow[];
  /** The month's truth rows (truth.csv) of the cases. */
  truth: { deal_id: string; revenue_type: string; status: Status; expected: string; recognized: string }[];
}

/** Books every case in the ledger and returns its rows for the month's files. */
export function addLtdCases(ledger: Ledger, ctx: CaseContext): CaseRows {
  const out: CaseRows = { deals: [], entries: [], truth: [] };
  LTD_CASES.forEach((spec, i) => {
    const dealId = ctx.dealId(i + 1);
    const digits = currencyDigits(spec.currency);
    spec.lines.forEach((l, n) => {
      const line: PlannedLine = {
        type: l.type,
        value: l.value,
        duration: l.duration,
        start: ctx.period - l.startsAgo,
        oneTime: l.oneTime ?? false,
        ...(l.closesAgo === undefined ? {} : { closeMonth: ctx.period - l.closesAgo }),
      };
      ledger.addLine(dealId, spec.currency, line, ctx.period).scripted = true;
      out.deals.push({
        deal_id: dealId,
        line_id: `L${n + 1}`,
        customer_id: `C9${String(i + 1).padStart(5, '0')}`,
        customer_name: spec.name,
        segment: spec.segment,
        revenue_type: l.type,
        contract_value: amountText(l.value, digits),
        currency: spec.currency,
        duration_months: String(l.duration),
        booking_date: ctx.dayIn(line.start - 1, 20),
        start_date: ctx.dayIn(line.start, 1),
        close_date: line.closeMonth === undefined ? '' : ctx.dayIn(line.closeMonth, 15),
      });
    });
    for (const [type, ago, amount, currency] of spec.history)
      post(ledger.key(dealId, type, spec.currency), ctx.period - ago, amount, currency ?? spec.currency);
    for (const [type, amount] of spec.period) {
      postedElsewhere(ledger.key(dealId, type, spec.currency), ctx.period, amount, spec.currency);
      out.entries.push({
        entry_id: ctx.nextEntryId(),
        deal_id: dealId,
        revenue_type: type,
        recognition_period: ctx.periodText,
        recognized_amount: amountText(amount, digits),
        currency: spec.currency,
      });
    }
    for (const [type, status] of Object.entries(spec.status)) {
      const book = ledger.key(dealId, type, spec.currency);
      book.periodStatus = status;
      out.truth.push({
        deal_id: dealId,
        revenue_type: type,
        status,
        expected: amountText(book.expected.get(ctx.period) ?? 0n, digits),
        recognized: amountText(recognizedIn(book, ctx.period), digits),
      });
    }
  });
  return out;
}
