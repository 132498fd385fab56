// Inline SVG bars drawn from the run report: no library, nothing loaded at view time. Each bar sits in
// the table row whose figures it draws, so chart and numbers line up by construction at any width.
import type { AgingLine } from '../../engine/life-to-date.js';
import type { SegmentTotals } from '../run-report.js';
import { escapeHtml } from './escape.js';
import { showCount, showMoney } from './format.js';

/** The bars' coordinate width; the SVG stretches it to its cell (preserveAspectRatio none). */
const WIDTH = 1000;

const scale = (value: number, max: number) => (max <= 0 ? 0 : Math.max(0, (value / max) * WIDTH));
const px = (n: number) => (Math.round(n * 10) / 10).toString();

function bars(height: number, label: string, body: string): string {
  return `<svg class="bars" viewBox="0 0 ${WIDTH} ${height}" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>${body}</svg>`;
}

/** The largest amount a currency's segment bars are scaled to. */
export function segmentMax(lines: readonly SegmentTotals[]): number {
  return Math.max(0, ...lines.flatMap((l) => [Math.abs(l.expected), Math.abs(l.recognized)]));
}

/** Expected over recognized, one segment: two bars scaled to `max`. */
export function segmentBars(l: SegmentTotals, max: number): string {
  const label = `${l.segment}: expected ${showMoney(l.expected, l.currency)}, recognized ${showMoney(l.recognized, l.currency)} ${l.currency}`;
  return bars(
    20,
    label,
    `<rect x="0" y="1" width="${px(scale(Math.abs(l.expected), max))}" height="8" class="bar-expected"/>` +
      `<rect x="0" y="11" width="${px(scale(Math.abs(l.recognized), max))}" height="8" class="bar-recognized"/>`,
  );
}

/** The largest amount open in one age bucket of a currency (shortfall + excess). */
export function agingMax(lines: readonly AgingLine[]): number {
  return Math.max(0, ...lines.map((l) => l.shortfall + l.excess));
}

/** One age bucket: the shortfall, then the excess, end to end, scaled to `max`. */
export function agingBar(l: AgingLine, label: string, max: number): string {
  const short = scale(l.shortfall, max);
  const excess = scale(l.excess, max);
  return bars(
    10,
    `${label}: ${showCount(l.openItems)} open, short ${showMoney(l.shortfall, l.currency)}, over ${showMoney(l.excess, l.currency)} ${l.currency}`,
    `<rect x="0" y="0" width="${px(short)}" height="10" class="bar-short"/>` +
      `<rect x="${px(short)}" y="0" width="${px(excess)}" height="10" class="bar-excess"/>`,
  );
}

/** One bar split by status, each part as wide as its share of the keys. */
export function compositionBar(parts: { status: string; count: number }[]): string {
  const total = parts.reduce((sum, p) => sum + p.count, 0);
  if (total === 0) return '';
  const width = 560;
  let x = 0;
  const rects = parts
    .filter((p) => p.count > 0)
    .map((p) => {
      const w = (p.count / total) * width;
      const rect = `<rect x="${px(x)}" y="0" width="${px(Math.max(w, 1))}" height="14" class="st-${escapeHtml(p.status)}"><title>${escapeHtml(`${p.status}: ${showCount(p.count)}`)}</title></rect>`;
      x += w;
      return rect;
    });
  return `<svg class="composition" viewBox="0 0 ${width} 14" preserveAspectRatio="none" role="img" aria-label="Keys by status">${rects.join('')}</svg>`;
}
