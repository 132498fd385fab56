// Classifies one reconciliation key: status, severity, variance and its explanation.
import type { EngineRules, RevenueCategory } from '../core/engine-settings.js';
import { findDuplicates, type DuplicateFinding } from './duplicates.js';
import { explanationOf } from './explain.js';
import { currencyDigits } from '../core/money.js';
import type { KeyFacts } from './facts.js';
import type { Severity, Status } from '../core/status.js';
import { statusOf } from './status-precedence.js';
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
  const { expected: booked, recognized: entries, currency } = facts;
  const digits = currencyDigits(currency);
  const typeName = typeDisplayName(facts.typeKey, rules);
  const E = booked?.expected ?? 0;
  const ids = entries?.ids ?? [];
  const amounts = entries?.amounts ?? [];
  const foreign: string[] = [];
  let R = 0;
  for (let i = 0; i < amounts.length; i++) {
    const entryCurrency = entries!.currencies[i]!;
    if (entryCurrency === currency) R += amounts[i]!;
    else foreign.push(`${ids[i]} (${entryCurrency})`);
  }
  let found: DuplicateFinding | undefined | null = null;
  const repeats = (): DuplicateFinding | undefined =>
    found === null
      ? (found = findDuplicates(amounts, (r) => withinTolerance(r - E, E, rules, digits)))
      : found;
  const totals = {
    hasDealId: facts.dealId !== '',
    dealKnown: facts.dealKnown,
    expected: E,
    recognized: R,
    entryCount: ids.length,
    foreignCount: foreign.length,
    digits,
  };
  const status = statusOf(totals, rules, () => repeats() !== undefined);
  const variance = R - E;
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
    explanation: explanationOf(status, {
      period: facts.period,
      dealId: facts.dealId,
      typeName,
      currency,
      digits,
      booked,
      expected: E,
      recognized: R,
      ids,
      foreign,
      repeats,
    }),
  };
}
