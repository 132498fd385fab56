// Synthetic month for demos, tests and benchmarks: realistic deals and entries with known outcomes.
import { formatEpochDay, parsePeriod, epochDay, daysInMonth, formatPeriod } from '../core/dates.js';
import type { DealLineRow, EntryRow } from '../core/records.js';
import type { Status } from '../core/status.js';
import { historyRows, postHistory } from './history.js';
import { Ledger, monthlyShare, postedElsewhere, type PlannedLine } from './ledger.js';
import { addLtdCases } from './ltd-cases.js';
import { lifeToDateTruth, type LtdTruth } from './ltd-truth.js';
import { Random } from './random.js';
import { DEFAULT_SHAPE, idMaker, shuffleRows, type MonthShape } from './shapes.js';

export interface GenerateOptions {
  deals: number;
  period: string;
  seed?: number;
  /** Id format and row order (default: padded ids, rows grouped by deal). */
  shape?: Partial<MonthShape>;
  /**
   * Months of history before the period (default 0: the month alone). With N > 0 the month's
   * files gain the life-to-date case deals (appended: the rows of N = 0 come first, unchanged),
   * and `history` holds the history file and its ground truth.
   */
  historyMonths?: number;
}

/** What one (deal, revenue type) must come out as: the ground truth. */
export interface TruthRow {
  deal_id: string;
  revenue_type: string;
  status: Status;
  expected: string;
  recognized: string;
}

export interface DataQualityTruth {
  source: 'deals' | 'entries';
  row_key: string;
  field: string;
}

export interface GeneratedMonth {
  deals: DealLineRow[];
  entries: EntryRow[];
  truth: TruthRow[];
  dataQuality: DataQualityTruth[];
  history?: GeneratedHistory;
}

/** The months before the period (entry rows, as `recon run --history` reads them) and life to date's ground truth. */
export interface GeneratedHistory {
  /** The first month written month by month; everything earlier is one opening row per key the month before. */
  firstMonth: string;
  entries: EntryRow[];
  truth: LtdTruth;
}

const SEGMENTS = ['Enterprise', 'Mid-Market', 'SMB', 'Public Sector'] as const;
const RECURRING = ['Subscription', 'Support', 'Maintenance', 'Service'] as const;
const ONE_TIME = ['Implementation', 'Consulting', 'Setup'] as const;
const DURATIONS = [1, 3, 6, 12, 12, 12, 24, 36] as const;
const NAMES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Vandelay',
];
const SUFFIXES = ['Inc', 'LLC', 'GmbH', 'Ltd', 'SA', 'Corp'];

type Scenario = Exclude<Status, 'matched'> | 'matched';
/** Share of deals that carry each injected problem; the rest reconcile. */
const INJECTED: [Scenario, number][] = [
  ['missing', 0.02],
  ['under', 0.015],
  ['over', 0.01],
  ['duplicate', 0.015],
  ['unexpected', 0.01],
  ['misclassified', 0.01],
  ['currency_mismatch', 0.005],
];

const cents = (minor: bigint) => {
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
};

/**
 * The month's entries and its history as one Accounting table, each row once: the history repeats
 * the month file's rows of the month before as the same row objects (history.ts), while a different
 * row with a repeated entry_id is a data-quality case on purpose, so rows are told apart by identity.
 */
export function accountingTable(month: GeneratedMonth): EntryRow[] {
  const inMonth = new Set(month.entries);
  return [...month.entries, ...(month.history?.entries ?? []).filter((e) => !inMonth.has(e))];
}

export function generateMonth(options: GenerateOptions): GeneratedMonth {
  const period = parsePeriod(options.period);
  if (period === undefined) throw new Error(`period must be YYYY-MM, not "${options.period}"`);
  const seed = options.seed ?? 20261101;
  const rnd = new Random(seed);
  const shape = { ...DEFAULT_SHAPE, ...options.shape };
  const ids = idMaker(shape.ids, seed, options.deals);
  const out: GeneratedMonth = { deals: [], entries: [], truth: [], dataQuality: [] };
  const historyMonths = options.historyMonths ?? 0;
  // The generator's own books for life to date, kept only when history is asked for.
  const ledger = historyMonths > 0 ? new Ledger() : undefined;
  let entrySeq = 0;
  const nextEntryId = () => ids.entry(++entrySeq);
  const periodText = formatPeriod(period);
  const dayIn = (month: number, day: number) =>
    formatEpochDay(
      epochDay(
        Math.floor(month / 12),
        (month % 12) + 1,
        Math.min(day, daysInMonth(Math.floor(month / 12), (month % 12) + 1)),
      ),
    );
  const postingDate = () => (rnd.chance(0.5) ? periodText : dayIn(period, rnd.int(1, 31)));
  const entry = (dealId: string, type: string, amount: bigint, currency = 'USD', when = postingDate()) => {
    const id = nextEntryId();
    out.entries.push({
      entry_id: id,
      deal_id: dealId,
      revenue_type: rnd.chance(0.1) ? type.toLowerCase() : type,
      recognition_period: when,
      recognized_amount: cents(amount),
      currency,
    });
    return id;
  };

  for (let d = 1; d <= options.deals; d++) {
    const dealId = ids.deal(d);
    const roll = rnd.next();
    let acc = 0;
    let scenario: Scenario = 'matched';
    for (const [s, p] of INJECTED) {
      acc += p;
      if (roll < acc) {
        scenario = s;
        break;
      }
    }
    const customer = {
      customer_id: `C${String(rnd.int(1, Math.max(1, Math.floor(options.deals * 0.6)))).padStart(6, '0')}`,
      customer_name: `${rnd.pick(NAMES)} ${rnd.pick(SUFFIXES)}`,
      segment: rnd.pick(SEGMENTS),
    };
    const currency = scenario === 'currency_mismatch' ? 'EUR' : 'USD';
    // Lines: one recurring line active in the period, sometimes a second line of the same type and a one-time line.
    const duration = rnd.pick(DURATIONS);
    const elapsed = scenario === 'unexpected' ? duration + rnd.int(0, 3) : rnd.int(0, duration - 1);
    const startMonth = period - elapsed;
    const type = rnd.pick(RECURRING);
    const value = BigInt(rnd.int(12, 2_400) * 1000 + rnd.int(0, 99));
    const lines: PlannedLine[] = [{ type, value, duration, start: startMonth, oneTime: false }];
    const primary = lines[0]!;
    const naturalEnd = startMonth + duration - 1;
    if (scenario === 'matched' && duration >= 3 && rnd.chance(0.12)) {
      // Terminated early, some time around the period: before it (nothing due any more) or from it on.
      primary.closeMonth = Math.max(startMonth, Math.min(naturalEnd - 1, period + rnd.int(-2, 3)));
    } else if (scenario === 'unexpected' && rnd.chance(0.5)) {
      // Terminated the month before the period although the contract ran on: anything posted now is unexpected.
      const ran = rnd.int(1, 6);
      primary.start = period - ran;
      primary.duration = ran + rnd.int(2, 12);
      primary.closeMonth = period - 1;
    }
    if (scenario === 'matched' && rnd.chance(0.2)) {
      const dur2 = rnd.pick(DURATIONS);
      lines.push({
        type,
        value: BigInt(rnd.int(1, 500) * 100 + rnd.int(0, 99)),
        duration: dur2,
        start: period - rnd.int(0, dur2 - 1),
        oneTime: false,
      });
    }
    if (scenario === 'matched' && rnd.chance(0.25)) {
      const other = rnd.pick(RECURRING.filter((t) => t !== type));
      const dur3 = rnd.pick(DURATIONS);
      lines.push({
        type: other,
        value: BigInt(rnd.int(6, 600) * 100 + rnd.int(0, 99)),
        duration: dur3,
        start: period - rnd.int(0, dur3 - 1),
        oneTime: false,
      });
    }
    if (scenario === 'matched' && rnd.chance(0.2)) {
      lines.push({
        type: rnd.pick(ONE_TIME),
        value: BigInt(rnd.int(5, 900) * 100),
        duration: 1,
        start: period - (rnd.chance(0.5) ? 0 : rnd.int(1, 6)),
        oneTime: true,
      });
    }
    const booking = (start: number) => dayIn(start - (rnd.chance(0.3) ? 1 : 0), rnd.int(1, 28));
    lines.forEach((line, i) => {
      const startDay = rnd.int(1, 28);
      const closeDay = line.closeMonth === line.start ? rnd.int(startDay, 28) : rnd.int(1, 28);
      out.deals.push({
        deal_id: dealId,
        line_id: `L${i + 1}`,
        ...customer,
        revenue_type: line.type,
        contract_value: cents(line.value),
        currency,
        duration_months: String(line.duration),
        booking_date: booking(line.start),
        start_date: dayIn(line.start, startDay),
        close_date: line.closeMonth === undefined ? '' : dayIn(line.closeMonth, closeDay),
      });
    });
    // Expected per type in the period, by the independent rule above.
    const expectedByType = new Map<string, bigint>();
    for (const line of lines) {
      const k = period - line.start + 1;
      const closed = line.closeMonth !== undefined && period > line.closeMonth;
      const share = line.oneTime
        ? k === 1
          ? line.value
          : 0n
        : k >= 1 && k <= line.duration && !closed
          ? monthlyShare(line.value, k, line.duration)
          : 0n;
      expectedByType.set(line.type, (expectedByType.get(line.type) ?? 0n) + share);
    }
    if (ledger) for (const line of lines) ledger.addLine(dealId, currency, line, period);
    const truth = (t: string, status: Status, expected: bigint, recognized: bigint) => {
      if (ledger) {
        const book = ledger.key(dealId, t, currency);
        book.periodStatus = status;
        postedElsewhere(book, period, recognized, currency);
      }
      out.truth.push({
        deal_id: dealId,
        revenue_type: t,
        status,
        expected: cents(expected),
        recognized: cents(recognized),
      });
    };

    for (const [t, e] of expectedByType) {
      if (t !== type || scenario === 'matched') {
        if (e === 0n) continue;
        postMatched(t, e);
        continue;
      }
      switch (scenario) {
        case 'missing':
          truth(t, 'missing', e, 0n);
          break;
        case 'under': {
          const r = e / 2n;
          entry(dealId, t, r);
          truth(t, 'under', e, r);
          break;
        }
        case 'over': {
          const r = e + e / 2n + 1000n;
          entry(dealId, t, r);
          truth(t, 'over', e, r);
          break;
        }
        case 'duplicate':
          entry(dealId, t, e);
          entry(dealId, t, e);
          truth(t, 'duplicate', e, 2n * e);
          break;
        case 'unexpected': {
          const r = 5000n + BigInt(rnd.int(0, 99_999));
          entry(dealId, t, r);
          truth(t, 'unexpected', 0n, r);
          break;
        }
        case 'misclassified': {
          const wrong = rnd.pick(ONE_TIME);
          entry(dealId, wrong, e);
          truth(t, 'misclassified', e, 0n);
          truth(wrong, 'misclassified', 0n, e);
          break;
        }
        case 'currency_mismatch':
          entry(dealId, t, e, 'USD');
          truth(t, 'currency_mismatch', e, 0n);
          break;
        default:
          break;
      }
    }

    function postMatched(t: string, e: bigint): void {
      const style = rnd.next();
      let recognized = e;
      if (style < 0.2) entry(dealId, t, e);
      else if (style < 0.7) {
        // Split postings: the month posted in three parts.
        const part = e / 3n;
        entry(dealId, t, part);
        entry(dealId, t, part);
        entry(dealId, t, e - 2n * part);
      } else if (style < 0.9) {
        // A wrong posting, its reversal, then the right one.
        const wrongAmount = e + 12_345n;
        entry(dealId, t, wrongAmount);
        entry(dealId, t, -wrongAmount);
        entry(dealId, t, e);
      } else {
        recognized = e + BigInt(rnd.int(-50, 50));
        entry(dealId, t, recognized);
      }
      truth(t, 'matched', e, recognized);
    }
  }
  const beforeOtherMonth = out.entries.length;
  addOtherMonthEntries(out, rnd, nextEntryId, formatPeriod(period - 1));
  const otherMonth = out.entries.slice(beforeOtherMonth);
  const firstDeal = out.deals[0]?.deal_id ?? ids.deal(1);
  const orphans = Math.max(2, Math.round(options.deals * 0.004));
  addOrphansAndBadRows(out, rnd, nextEntryId, ids.orphan, firstDeal, periodText, orphans);
  if (shape.order === 'random') {
    shuffleRows(out.deals, seed);
    shuffleRows(out.entries, seed + 1);
  }
  if (ledger) {
    const firstHistory = period - historyMonths;
    // The month's own rows above are those of N = 0; what history adds comes after, from its own stream.
    const cases = addLtdCases(ledger, {
      period,
      dealId: (i) => ids.deal(options.deals + orphans + i),
      nextEntryId,
      dayIn,
      periodText,
    });
    out.deals.push(...cases.deals);
    out.entries.push(...cases.entries);
    out.truth.push(...cases.truth);
    // The month file's entries of the month before count to date too (the history repeats them); their
    // keys are deal lines' keys, so the currency given here is never the one a new key would take.
    for (const row of otherMonth)
      postedElsewhere(
        ledger.key(row.deal_id!, row.revenue_type!, 'USD'),
        period - 1,
        BigInt(row.recognized_amount!.replace('.', '')),
        row.currency!,
      );
    const hrnd = new Random((seed ^ 0x4157_0e1d) >>> 0);
    postHistory(ledger, period, firstHistory, hrnd);
    out.history = {
      firstMonth: formatPeriod(firstHistory),
      entries: historyRows(ledger, {
        period,
        firstHistory,
        rnd: hrnd,
        nextEntryId,
        dayIn,
        alsoInEntries: otherMonth,
      }),
      truth: lifeToDateTruth(ledger, period, firstHistory),
    };
  }
  return out;
}

function addOrphansAndBadRows(
  out: GeneratedMonth,
  rnd: Random,
  nextEntryId: () => string,
  orphanId: (i: number) => string,
  firstDeal: string,
  period: string,
  count: number,
): void {
  for (let i = 1; i <= count; i++) {
    const id = nextEntryId();
    const amount = `${rnd.int(100, 9000)}.00`;
    const dealId = orphanId(i);
    out.entries.push({
      entry_id: id,
      deal_id: dealId,
      revenue_type: 'Subscription',
      recognition_period: period,
      recognized_amount: amount,
      currency: 'USD',
    });
    out.truth.push({
      deal_id: dealId,
      revenue_type: 'Subscription',
      status: 'orphan',
      expected: '0.00',
      recognized: amount,
    });
  }
  // Rows that must land in data-quality.csv and nowhere else.
  const bad: [DealLineRow, string][] = [
    [
      {
        deal_id: 'BAD0001',
        line_id: 'L1',
        revenue_type: 'Subscription',
        contract_value: '-1200.00',
        currency: 'USD',
        duration_months: '12',
        booking_date: '2026-01-05',
        start_date: '2026-01-05',
      },
      'contract_value',
    ],
    [
      {
        deal_id: 'BAD0002',
        line_id: 'L1',
        revenue_type: 'Licence',
        contract_value: '1200.00',
        currency: 'USD',
        duration_months: '12',
        booking_date: '2026-01-05',
        start_date: '2026-01-05',
      },
      'revenue_type',
    ],
    [
      {
        deal_id: 'BAD0003',
        line_id: 'L1',
        revenue_type: 'Support',
        contract_value: '1200.00',
        currency: 'USD',
        duration_months: '0',
        booking_date: '2026-01-05',
        start_date: '2026-01-05',
      },
      'duration_months',
    ],
    [
      {
        deal_id: 'BAD0004',
        line_id: 'L1',
        revenue_type: 'Support',
        contract_value: '1200.00',
        currency: 'USD',
        duration_months: '12',
        booking_date: '2026-13-05',
        start_date: '',
      },
      'booking_date',
    ],
  ];
  for (const [row, field] of bad) {
    out.deals.push(row);
    out.dataQuality.push({ source: 'deals', row_key: `${row.deal_id}/${row.line_id}`, field });
  }
  const first = out.entries[0];
  if (first) {
    out.entries.push({ ...first });
    out.dataQuality.push({ source: 'entries', row_key: first.entry_id!, field: 'entry_id' });
  }
  const badAmount = nextEntryId();
  out.entries.push({
    entry_id: badAmount,
    deal_id: firstDeal,
    revenue_type: 'Subscription',
    recognition_period: period,
    recognized_amount: '12,00',
    currency: 'USD',
  });
  out.dataQuality.push({ source: 'entries', row_key: badAmount, field: 'recognized_amount' });
}

/** Entries of the month before: read by a CSV source, ignored by the reconciliation of this period. */
function addOtherMonthEntries(
  out: GeneratedMonth,
  rnd: Random,
  nextEntryId: () => string,
  previous: string,
): void {
  for (let i = 0; i < 25; i++) {
    const deal = out.deals[rnd.int(0, out.deals.length - 1)]!;
    out.entries.push({
      entry_id: nextEntryId(),
      deal_id: deal.deal_id,
      revenue_type: deal.revenue_type,
      recognition_period: previous,
      recognized_amount: '100.00',
      currency: 'USD',
    });
  }
}
