// Pure: the view model of a run → report.html, one self-contained page with a strict CSP.
import { createHash } from 'node:crypto';
import { STATUSES, type Status } from '../../core/status.js';
import { agingChart, compositionBar, segmentChart } from './charts.js';
import { escapeHtml as e, safeHref } from './escape.js';
import { plainMoney, showCount, showMoney, showPeriod, showTime } from './format.js';
import { AGE_BUCKETS, type CurrencyTotals, type DiscrepancyRow, type ReportPage } from './page-model.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/** The table carries at most this many rows (the largest); the rest are in discrepancies.csv. */
export const PAGE_ROW_CAP = 5000;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Nothing may load: no script, style, font, image or request besides the page's own inline style
 * and script, each allowed by the hash of its exact text (no 'unsafe-inline').
 */
export function contentSecurityPolicy(style: string, script: string): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(style)}`,
    `script-src ${sha256(script)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const STATUS_LABEL: Record<Status, string> = {
  matched: 'Matched',
  missing: 'Missing',
  under: 'Under-recognized',
  over: 'Over-recognized',
  duplicate: 'Duplicate',
  unexpected: 'Unexpected',
  orphan: 'Orphan',
  misclassified: 'Misclassified',
  currency_mismatch: 'Currency mismatch',
};

const signClass = (n: number) => (n < 0 ? 'neg' : n > 0 ? 'pos' : '');
const money = (minor: number, currency: string) => e(showMoney(minor, currency));
const moneyCell = (minor: number, currency: string, cls = '') =>
  `<td class="n ${cls}">${money(minor, currency)}</td>`;

export function renderReportPage(page: ReportPage): string {
  const title = `Revenue reconciliation · ${showPeriod(page.period)}`;
  const body = [
    header(page, title),
    nav(page),
    '<main>',
    totalsSection(page),
    statusSection(page),
    segmentSection(page),
    page.aging ? agingSection(page.aging) : '',
    discrepancySection(page),
    dataQualitySection(page),
    factsSection(page),
    '</main>',
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(PAGE_STYLE, PAGE_SCRIPT))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${body}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

const VERDICT_TEXT = {
  red: 'Critical discrepancies',
  amber: 'Warnings to review',
  green: 'All matched within tolerance',
} as const;

function header(page: ReportPage, title: string): string {
  return `<header class="top">
<h1>${e(title)}<span class="verdict ${page.verdict}">${VERDICT_TEXT[page.verdict]}</span></h1>
<div class="sub">Run <code>${e(page.runId)}</code> · ${e(page.trigger)} · finished ${e(showTime(page.finishedAt))} · ${showCount(page.discrepancies.total)} discrepancies (${showCount(page.severity.critical)} critical, ${showCount(page.severity.warning)} warning)</div>
</header>`;
}

function nav(page: ReportPage): string {
  const links = [
    ['totals', 'Totals'],
    ['status', 'By status'],
    ['segments', 'By segment'],
    ...(page.aging ? [['aging', 'Open items by age']] : []),
    ['discrepancies', 'Discrepancies'],
    ['data-quality', 'Data quality'],
    ['run', 'Run and files'],
  ];
  return `<nav class="toc">${links.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>`;
}

function kpi(label: string, minor: number, currency: string, cls = ''): string {
  return `<div class="kpi ${cls}"><div class="k">${label}</div><div class="v" data-total="${label.toLowerCase()}">${money(minor, currency)}<small>${e(currency)}</small></div></div>`;
}

function totalsBlock(t: CurrencyTotals): string {
  return `<div class="currency" data-currency="${e(t.currency)}">
<div class="cur"><b>${e(t.currency)}</b>${showCount(t.keys)} keys reconciled</div>
<div class="kpis">
${kpi('Expected', t.expected, t.currency)}
${kpi('Recognized', t.recognized, t.currency)}
${kpi('Net variance', t.netVariance, t.currency, signClass(t.netVariance))}
${kpi('Unrecognized', t.unrecognized, t.currency, t.unrecognized > 0 ? 'neg' : '')}
${kpi('Over-recognized', t.overRecognized, t.currency, t.overRecognized > 0 ? 'pos' : '')}
</div></div>`;
}

function totalsSection(page: ReportPage): string {
  const blocks = page.totals.length
    ? page.totals.map(totalsBlock).join('\n')
    : '<p class="empty">Nothing was expected or recognized in this period.</p>';
  const history = page.history
    ? `<p class="muted">Against the previous run <code>${e(page.history.previousRunId)}</code>: ${showCount(page.history.new)} new, ${showCount(page.history.persisting)} persisting, ${showCount(page.history.resolved)} resolved.</p>`
    : '';
  return `<section id="totals"><h2>Totals per currency<span class="hint">unrecognized = sum of shortfalls; over-recognized = sum of excesses</span></h2>
${blocks}
${history}
</section>`;
}

function statusSection(page: ReportPage): string {
  const currencies = [...new Set(page.statuses.map((s) => s.currency))];
  const composition = compositionBar(
    STATUSES.map((status) => ({
      status,
      count: page.statuses.filter((s) => s.status === status).reduce((n, s) => n + s.count, 0),
    })),
  );
  const body = currencies.map((currency) => {
    const lines = page.statuses.filter((s) => s.currency === currency && s.count > 0);
    const rows = lines.map((s) => {
      // A matched key's variance is within tolerance: shown, not flagged.
      const cls = s.status === 'matched' ? '' : signClass(s.variance);
      return `<tr data-status="${s.status}" data-currency="${e(currency)}"><td class="status"><span class="dot st-${s.status}"></span>${STATUS_LABEL[s.status]}</td><td class="n">${showCount(s.count)}</td>${moneyCell(s.expected, currency)}${moneyCell(s.recognized, currency)}${moneyCell(s.variance, currency, cls)}</tr>`;
    });
    return `<tr class="group"><th colspan="5">${e(currency)}</th></tr>\n${rows.join('\n')}`;
  });
  const legend = STATUSES.filter((st) => page.statuses.some((s) => s.status === st && s.count > 0))
    .map((st) => `<span><span class="dot st-${st}"></span>${STATUS_LABEL[st]}</span>`)
    .join('');
  return `<section id="status"><h2>Counts and amounts by status<span class="hint">keys reconciled, by what was found</span></h2>
${composition}
<div class="legend">${legend}</div>
${
  body.length
    ? `<table class="statuses"><thead><tr><th>Status</th><th class="n">Keys</th><th class="n">Expected</th><th class="n">Recognized</th><th class="n">Variance</th></tr></thead>
<tbody>${body.join('\n')}</tbody></table>`
    : '<p class="empty">No keys.</p>'
}
</section>`;
}

function segmentSection(page: ReportPage): string {
  const currencies = [...new Set(page.segments.map((s) => s.currency))];
  const blocks = currencies.map((c) => {
    const rows = page.segments
      .filter((s) => s.currency === c)
      .map((s) => {
        const gap = s.recognized - s.expected;
        return `<tr><td>${e(s.segment)}</td>${moneyCell(s.expected, c)}${moneyCell(s.recognized, c)}${moneyCell(gap, c, signClass(gap))}</tr>`;
      });
    return `<div class="cur"><b>${e(c)}</b></div><div class="grid2 seg-block" data-currency="${e(c)}"><div>${segmentChart(c, page.segments)}</div>
<table class="segments"><thead><tr><th>Segment</th><th class="n">Expected</th><th class="n">Recognized</th><th class="n">Gap</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  });
  return `<section id="segments"><h2>Expected against recognized by segment</h2>
<div class="legend"><span><i class="e"></i>Expected</span><span><i class="r"></i>Recognized</span></div>
${blocks.join('\n') || '<p class="empty">No segments.</p>'}
</section>`;
}

function agingSection(aging: NonNullable<ReportPage['aging']>): string {
  const currencies = [...new Set(aging.map((a) => a.currency))];
  const blocks = currencies.map((c) => {
    const rows = AGE_BUCKETS.map((bucket) => {
      const l = aging.find((a) => a.currency === c && a.bucket === bucket);
      return `<tr><td>${bucket === 'undated' ? 'undated' : `${bucket} ${bucket === '1' ? 'month' : 'months'}`}</td><td class="n">${showCount(l?.openItems ?? 0)}</td>${moneyCell(l?.shortfall ?? 0, c, (l?.shortfall ?? 0) > 0 ? 'neg' : '')}${moneyCell(l?.excess ?? 0, c, (l?.excess ?? 0) > 0 ? 'pos' : '')}</tr>`;
    });
    return `<div class="cur"><b>${e(c)}</b></div><div class="grid2"><div>${agingChart(c, aging)}</div>
<table class="aging" data-currency="${e(c)}"><thead><tr><th>Open for</th><th class="n">Open items</th><th class="n">Short</th><th class="n">Over</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  });
  return `<section id="aging"><h2>Open items to date by age<span class="hint">months open, counted from the month the gap opened to this period</span></h2>
<div class="legend"><span><i class="s"></i>Short to date</span><span><i class="x"></i>Over to date</span></div>
${blocks.join('\n') || '<p class="empty">No open items to date.</p>'}
</section>`;
}

const COLUMNS: { label: string; type?: 'num'; cls?: string }[] = [
  { label: 'Severity' },
  { label: 'Status' },
  { label: 'Deal · type' },
  { label: 'Customer · segment' },
  { label: 'Cur.' },
  { label: 'Expected', type: 'num', cls: 'n' },
  { label: 'Recognized', type: 'num', cls: 'n' },
  { label: 'Variance', type: 'num', cls: 'n' },
  { label: 'Var. %', type: 'num', cls: 'n' },
  { label: 'Explanation and entries' },
];

function discrepancyRow(r: DiscrepancyRow, withLifecycle: boolean): string {
  const ids = r.entryIds.length ? `<span class="ids">${e(r.entryIds.join('; '))}</span>` : '';
  const cells = [
    `<td data-label="Severity" data-v="${r.severity === 'critical' ? 0 : 1}"><span class="pill ${r.severity}">${r.severity}</span></td>`,
    `<td data-label="Status" class="status" data-v="${r.status}"><span class="dot st-${r.status}"></span>${r.status.replace('_', ' ')}</td>`,
    `<td data-label="Deal" class="two">${e(r.dealId)}<small>${e(r.revenueType)}</small></td>`,
    `<td data-label="Customer" class="two cust">${e(r.customerName)}<small>${e(r.customerId ? `${r.customerId} · ${r.segment}` : r.segment)}</small></td>`,
    `<td data-label="Currency">${e(r.currency)}</td>`,
    `<td data-label="Expected" class="n" data-v="${plainMoney(r.expected, r.currency)}">${money(r.expected, r.currency)}</td>`,
    `<td data-label="Recognized" class="n" data-v="${plainMoney(r.recognized, r.currency)}">${money(r.recognized, r.currency)}</td>`,
    `<td data-label="Variance" class="n ${signClass(r.variance)}" data-v="${plainMoney(r.variance, r.currency)}">${money(r.variance, r.currency)}</td>`,
    `<td data-label="Var. %" class="n" data-v="${e(r.variancePct)}">${r.variancePct ? `${e(r.variancePct)}%` : ''}</td>`,
    `<td data-label="Explanation" class="expl">${e(r.explanation)}${ids}</td>`,
  ];
  if (withLifecycle) cells.push(`<td data-label="Since last run">${e(r.lifecycle ?? '')}</td>`);
  return `<tr data-status="${r.status}" data-severity="${r.severity}" data-segment="${e(r.segment)}">${cells.join('')}</tr>`;
}

function options(values: string[], all: string): string {
  return [
    `<option value="">${all}</option>`,
    ...values.map((v) => `<option value="${e(v)}">${e(v)}</option>`),
  ].join('');
}

function discrepancySection(page: ReportPage): string {
  const d = page.discrepancies;
  const withLifecycle = d.rows.some((r) => r.lifecycle !== undefined);
  const columns = withLifecycle ? [...COLUMNS, { label: 'Since last run' }] : COLUMNS;
  const head = columns
    .map(
      (c) =>
        `<th${c.cls ? ` class="${c.cls}"` : ''}${c.type ? ` data-type="${c.type}"` : ''}><button type="button">${c.label}</button></th>`,
    )
    .join('');
  const statuses = STATUSES.filter((s) => d.rows.some((r) => r.status === s));
  const segments = [...new Set(d.rows.map((r) => r.segment))].sort();
  const capped =
    d.rows.length < d.total
      ? `<p class="note" id="cap-note">This page shows the <b>${showCount(d.rows.length)}</b> largest of <b>${showCount(d.total)}</b> discrepancies (critical first, then by the size of the variance). Every row is in <a href="${safeHref(d.csvHref)}">discrepancies.csv</a>.</p>`
      : '';
  const table =
    d.rows.length === 0
      ? '<p class="empty">No discrepancies: every key matched within tolerance.</p>'
      : `<div class="filters no-print">
<label>Status<select id="f-status">${options(statuses, 'All statuses')}</select></label>
<label>Severity<select id="f-severity">${options(
          ['critical', 'warning'].filter((s) => d.rows.some((r) => r.severity === s)),
          'All severities',
        )}</select></label>
<label>Segment<select id="f-segment">${options(segments, 'All segments')}</select></label>
<label>Search<input id="f-text" type="search" placeholder="deal, customer, entry id, explanation…" autocomplete="off"></label>
<span class="shown"><b id="shown">${showCount(d.rows.length)}</b> of ${showCount(d.rows.length)} rows shown</span>
</div>
<div class="scroll"><table id="rows"><thead><tr>${head}</tr></thead>
<tbody>
${d.rows.map((r) => discrepancyRow(r, withLifecycle)).join('\n')}
</tbody></table></div>`;
  return `<section id="discrepancies"><h2>Discrepancies<span class="hint">click a column to sort; the CSV is the data of record</span></h2>
${capped}
${table}
</section>`;
}

function dataQualitySection(page: ReportPage): string {
  const dq = page.dataQuality;
  const rows = dq.groups
    .map(
      (g) =>
        `<tr><td>${e(g.source)}</td><td>${e(g.problem)}</td><td class="n">${showCount(g.count)}</td></tr>`,
    )
    .join('');
  const body =
    dq.total === 0
      ? '<p class="empty">Every input row was accepted.</p>'
      : `<table class="dq"><thead><tr><th>Source</th><th>Problem</th><th class="n">Rows</th></tr></thead><tbody>${rows}</tbody></table>`;
  return `<section id="data-quality"><h2>Data quality<span class="hint">${showCount(dq.total)} rows rejected or suspicious; each is in <a href="${safeHref(dq.csvHref)}">data-quality.csv</a></span></h2>
${body}
</section>`;
}

function factsSection(page: ReportPage): string {
  const facts: [string, string][] = [
    ['Period', page.period],
    ['Run id', page.runId],
    ['Trigger', page.trigger],
    ['Started', showTime(page.startedAt)],
    ['Finished', showTime(page.finishedAt)],
    ...page.inputs.map((i): [string, string] => [i.label, i.value]),
  ];
  const dl = (pairs: [string, string][]) =>
    `<dl class="facts">${pairs.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`;
  const files = page.files
    .map(
      (f) =>
        `<li><a href="${safeHref(f.href)}">${e(f.name)}</a> <span class="d">${e(f.description)}</span></li>`,
    )
    .join('');
  return `<section id="run"><h2>Run and files</h2>
<div class="grid2"><div>${dl(facts)}</div><div><ul class="files">${files}</ul></div></div>
<h3>Settings</h3>
${dl(page.settings.map((s): [string, string] => [s.name, s.value]))}
</section>`;
}
