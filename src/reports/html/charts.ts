// Inline SVG charts drawn from the view model: plain bars, no library, nothing loaded at view time.
import { escapeHtml } from './escape.js';
import { showCount, showMoney } from './format.js';
import type { AgingLine, SegmentLine } from './page-model.js';
import { AGE_BUCKETS } from './page-model.js';

const WIDTH = 560;
const LABEL = 130;
const BAR_AREA = WIDTH - LABEL - 8;

const scale = (value: number, max: number) => (max <= 0 ? 0 : Math.max(0, (value / max) * BAR_AREA));
const px = (n: number) => (Math.round(n * 10) / 10).toString();

/** Cuts a label for the chart's left column; the full text stays in a <title> tooltip. */
function clipLabel(text: string, max = 22): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function svg(height: number, label: string, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(label)}" preserveAspectRatio="xMinYMin meet">${body}</svg>`;
}

/** Expected against recognized, one pair of bars per segment, for one currency. */
export function segmentChart(currency: string, lines: SegmentLine[]): string {
  const rows = lines.filter((l) => l.currency === currency);
  const max = Math.max(0, ...rows.flatMap((l) => [Math.abs(l.expected), Math.abs(l.recognized)]));
  const rowHeight = 40;
  const top = 8;
  const parts: string[] = [];
  rows.forEach((l, i) => {
    const y = top + i * rowHeight;
    parts.push(
      `<g class="seg"><title>${escapeHtml(`${l.segment}: expected ${showMoney(l.expected, currency)}, recognized ${showMoney(l.recognized, currency)} ${currency}`)}</title>`,
      `<text x="0" y="${y + 20}" class="lbl">${escapeHtml(clipLabel(l.segment))}</text>`,
      `<rect x="${LABEL}" y="${y + 4}" width="${px(scale(Math.abs(l.expected), max))}" height="14" rx="2" class="bar-expected"/>`,
      `<rect x="${LABEL}" y="${y + 21}" width="${px(scale(Math.abs(l.recognized), max))}" height="14" rx="2" class="bar-recognized"/>`,
      `</g>`,
    );
  });
  return svg(
    top * 2 + rows.length * rowHeight,
    `Expected against recognized by segment, ${currency}`,
    parts.join(''),
  );
}

/** Open items by age bucket for one currency: a bar per bucket, its length the amount open (shortfall + excess). */
export function agingChart(currency: string, lines: AgingLine[]): string {
  const byBucket = AGE_BUCKETS.map(
    (bucket) =>
      lines.find((l) => l.currency === currency && l.bucket === bucket) ?? {
        currency,
        bucket,
        openItems: 0,
        shortfall: 0,
        excess: 0,
      },
  );
  const max = Math.max(0, ...byBucket.map((l) => l.shortfall + l.excess));
  const rowHeight = 30;
  const parts: string[] = [];
  byBucket.forEach((l, i) => {
    const y = 6 + i * rowHeight;
    const short = scale(l.shortfall, max);
    const excess = scale(l.excess, max);
    const label = l.bucket === 'undated' ? 'undated' : `${l.bucket} ${l.bucket === '1' ? 'month' : 'months'}`;
    parts.push(
      `<g><title>${escapeHtml(`${label}: ${showCount(l.openItems)} open, short ${showMoney(l.shortfall, currency)}, over ${showMoney(l.excess, currency)} ${currency}`)}</title>`,
      `<text x="0" y="${y + 16}" class="lbl">${escapeHtml(label)}</text>`,
      `<rect x="${LABEL}" y="${y + 4}" width="${px(short)}" height="16" rx="2" class="bar-short"/>`,
      `<rect x="${px(LABEL + short)}" y="${y + 4}" width="${px(excess)}" height="16" rx="2" class="bar-excess"/>`,
      `</g>`,
    );
  });
  return svg(12 + byBucket.length * rowHeight, `Open items by age, ${currency}`, parts.join(''));
}

/** One bar split by status, each part as wide as its share of the keys. */
export function compositionBar(parts: { status: string; count: number }[]): string {
  const total = parts.reduce((sum, p) => sum + p.count, 0);
  if (total === 0) return '';
  let x = 0;
  const rects = parts
    .filter((p) => p.count > 0)
    .map((p) => {
      const w = (p.count / total) * WIDTH;
      const rect = `<rect x="${px(x)}" y="0" width="${px(Math.max(w, 1))}" height="14" class="st-${escapeHtml(p.status)}"><title>${escapeHtml(`${p.status}: ${showCount(p.count)}`)}</title></rect>`;
      x += w;
      return rect;
    });
  return `<svg class="composition" viewBox="0 0 ${WIDTH} 14" preserveAspectRatio="none" role="img" aria-label="Keys by status">${rects.join('')}</svg>`;
}
