// Classifies one reconciliation key (SPEC §4): status, severity, variance and its explanation.
import type { EngineRules, RevenueCategory } from '../core/engine-settings.js';
import { findDuplicates } from './duplicates.js';
import { moneyFormatter, quoteIds, scheduleNote, unexpectedReason } from './explain.js';
import { currencyDigits } from '../core/money.js';
import type { KeyFacts } from './facts.js';
import type { Severity, Status } from '../core/status.js';
import { toleranceAmount, withinTolerance } from './tolerance.js';

export interface ReconRow {
  dealId: string;
  customerId: string;
  customerName: string;
  segment: string;
  typeKey: string;
  revenueType: string;
  category: RevenueCategory;
  currency: string;
  status: Status;
  severity: Severity;
  expected: number;
  recognized: number;
  variance: number;
  tolerance: number;
  entryIds: string[];
  explanation: string;
}

export function typeDisplayName(typeKey: string, rules: EngineRules): string {
  if (typeKey === '') return '(no type)';
  return rules.types.get(typeKey)?.name ?? typeKey;
}

export function severityOf(status: Status, variance: number, rules: EngineRules, digits: number): Severity {
  if (status === 'matched') return 'ok';
  return Math.abs(variance) >= rules.criticalMinor(digits) ? 'critical' : 'warning';
}

export function classifyKey(facts: KeyFacts, rules: EngineRules): ReconRow {
  const { expected: booked, recognized: entries } = facts;
  const currency = booked?.currency ?? facts.deal?.currency ?? entries?.currencies[0] ?? 'USD';
  const digits = currencyDigits(currency);
  const fmt = moneyFormatter(digits);
  const typeName = typeDisplayName(facts.typeKey, rules);
  const E = booked?.expected ?? 0;
  const ids = entries?.ids ?? [];
  const amounts = entries?.amounts ?? [];
  const foreign: number[] = [];
  let R = 0;
  for (let i = 0; i < amounts.length; i++) {
    if (entries!.currencies[i] === currency) R += amounts[i]!;
    else foreign.push(i);
  }
  const variance = R - E;
  const accepts = (recognized: number) => withinTolerance(recognized - E, E, rules, digits);
  const note = scheduleNote(booked);

  const decide = (): { status: Status; explanation: string } => {
    if (facts.dealId === '')
      return {
        status: 'orphan',
        explanation: `${entryWord(ids)} ${quoteIds(ids)} ${ids.length === 1 ? 'names' : 'name'} no deal_id`,
      };
    if (!facts.dealKnown) return { status: 'orphan', explanation: `deal ${facts.dealId} is not in bookings` };
    if (foreign.length > 0) {
      const list = foreign.map((i) => `${ids[i]} (${entries!.currencies[i]})`);
      return {
        status: 'currency_mismatch',
        explanation: `${entryWord(list)} ${quoteIds(list)} ${list.length === 1 ? 'is' : 'are'} not in ${currency}, the ${booked ? "deal line's" : "deal's"} currency; ${fmt(R)} ${currency} recognized against ${fmt(E)} expected`,
      };
    }
    if (accepts(R)) return { status: 'matched', explanation: '' };
    if (E === 0) {
      const why = unexpectedReason(facts.period, typeName, facts.dealId, booked);
      return { status: 'unexpected', explanation: `recognized ${fmt(R)} but nothing expected: ${why}` };
    }
    if (ids.length === 0)
      return { status: 'missing', explanation: `no revenue recognized; expected ${fmt(E)}${note}` };
    if (R < E)
      return {
        status: 'under',
        explanation: `recognized ${fmt(R)} of ${fmt(E)} expected${note}; short by ${fmt(E - R)}`,
      };
    const dup = findDuplicates(amounts, accepts);
    if (dup) {
      const parts = dup.groups.map(
        (g) => `entries ${quoteIds(g.indexes.map((i) => ids[i]!))} have the same amount (${fmt(g.amount)})`,
      );
      return {
        status: 'duplicate',
        explanation: `${parts.join('; ')}; without the repeat, recognized is ${fmt(dup.recognizedWithout)} against ${fmt(E)} expected`,
      };
    }
    return {
      status: 'over',
      explanation: `recognized ${fmt(R)} against ${fmt(E)} expected${note}; ${fmt(R - E)} over`,
    };
  };

  const { status, explanation } = decide();
  return {
    dealId: facts.dealId,
    customerId: facts.deal?.customerId ?? '',
    customerName: facts.deal?.customerName ?? '',
    segment: facts.deal?.segment ?? 'Unassigned',
    typeKey: facts.typeKey,
    revenueType: typeName,
    category: booked?.category ?? rules.types.get(facts.typeKey)?.category ?? 'unknown',
    currency,
    status,
    severity: severityOf(status, variance, rules, digits),
    expected: E,
    recognized: R,
    variance,
    tolerance: toleranceAmount(E, rules, digits),
    entryIds: ids,
    explanation,
  };
}

function entryWord(ids: unknown[]): string {
  return ids.length === 1 ? 'entry' : 'entries';
}
