// Pure: the run report (and its largest rows) → report.html, one self-contained page with a strict CSP.
import { createHash } from 'node:crypto';
import { STATUSES, type Status } from '../../core/status.js';
import { AGE_BUCKETS, type ToDate } from '../../rules/life-to-date.js';
import { variancePct } from '../render.js';
import { redReason, runColour, type RunColour } from '../run-colour.js';
import type { CurrencyTotals, LifeToDateSummary, ReportRow, RunReport } from '../run-report.js';
import { agingBar, agingMax, compositionBar, segmentBars, segmentMax } from './charts.js';
import { escapeHtml as e, safeHref } from './escape.js';
import { plainMoney, showCount, showMoney, showPeriod, showTime } from './format.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/** The table carries at most this many rows (the largest); the rest are in discrepancies.csv. */
export const PAGE_ROW_CAP = 5000;

/**
 * Rows of the table shown at a time, in its current order (filtered and sorted); "Show more" adds as
 * many again. The browser lays out only the rows shown, so opening and sorting stay quick.
 */
export const PAGE_ROWS_SHOWN = 1000;

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

/** What the page shows beside the run report: the rows of its table, and the links it carries. */
export interface PageInputs {
  /** The largest discrepancies in report order, at most PAGE_ROW_CAP of the report's discrepancyCount. */
  rows: readonly ReportRow[];
  /** File name → the link the page carries for it (a sibling name, or a signed URL), in listing order. */
  links: Record<string, string>;
}

export function renderReportPage(report: RunReport, inputs: PageInputs): string {
  const title = `Revenue reconciliation · ${showPeriod(report.period)}`;
  const body = [
    header(report, title),
    nav(report),
    '<main>',
    totalsSection(report),
    statusSection(report),
    segmentSection(report),
    report.lifeToDate ? agingSection(report.lifeToDate, inputs.links) : '',
    discrepancySection(report, inputs),
    dataQualitySection(report, inputs.links),
    factsSection(report, inputs.links),
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

/** The verdict's words: why the run has its colour (runColour), so red without a critical row says so. */
function verdictText(report: RunReport, colour: RunColour): string {
  const dq = report.inputs?.data_quality_issues ?? 0;
  switch (colour) {
    case 'grey':
      return 'Run failed';
    case 'red': {
      const reason = redReason(report);
      return reason.charAt(0).toUpperCase() + reason.slice(1);
    }
    case 'amber':
      return 'Warnings to review';
    case 'green':
      return dq > 0
        ? `All matched within tolerance · ${counted(dq, 'input row')} left out or flagged`
        : 'All matched within tolerance';
  }
}

/** "1 discrepancy", "2 discrepancies": `n` with its noun. */
function counted(n: number, one: string, many = `${one}s`): string {
  return `${showCount(n)} ${n === 1 ? one : many}`;
}

function header(report: RunReport, title: string): string {
  const verdict = runColour(report);
  const severity = report.severity ?? { critical: 0, warning: 0 };
  return `<header class="top">
<h1>${e(title)}<span class="verdict ${verdict}">${verdictText(report, verdict)}</span></h1>
<div class="sub">Run <code>${e(report.runId)}</code> · ${e(report.trigger)} · finished ${e(showTime(report.finishedAt))} · ${counted(report.discrepancyCount, 'discrepancy', 'discrepancies')} (${showCount(severity.critical)} critical, ${showCount(severity.warning)} warning)</div>
${startHere(report)}</header>`;
}

/** What to look at first, linked to its section: what needs action before the month is closed. */
function startHere(report: RunReport): string {
  const critical = report.severity?.critical ?? 0;
  const dq = report.inputs?.data_quality_issues ?? 0;
  const open = (report.lifeToDate?.totals ?? []).reduce((n, t) => n + t.openItems, 0);
  const items = [
    critical > 0
      ? `<a href="#critical">${counted(critical, 'critical discrepancy', 'critical discrepancies')}</a>`
      : '',
    dq > 0 ? `<a href="#data-quality">${counted(dq, 'input row')} rejected or flagged</a>` : '',
    open > 0 ? `<a href="#aging">${counted(open, 'item')} open to date</a>` : '',
  ].filter(Boolean);
  return items.length === 0 ? '' : `<div class="start">Start here: ${items.join(' · ')}</div>\n`;
}

function nav(report: RunReport): string {
  const links = [
    ['totals', 'Totals'],
    ['status', 'By status'],
    ['segments', 'By segment'],
    ...(report.lifeToDate ? [['aging', 'Open items by age']] : []),
    ['discrepancies', 'Discrepancies'],
    ['data-quality', 'Data quality'],
    ['run', 'Run and files'],
  ];
  return `<nav class="toc">${links.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>`;
}

function kpi(label: string, minor: number, currency: string, cls = ''): string {
  return `<div class="kpi ${cls}"><div class="k">${label}</div><div class="v" data-total="${label.toLowerCase()}">${money(minor, currency)}<small>${e(currency)}</small></div></div>`;
}

function totalsBlock(t: CurrencyTotals, keys: number): string {
  return `<div class="currency" data-currency="${e(t.currency)}">
<div class="cur"><b>${e(t.currency)}</b>${counted(keys, 'key')} reconciled</div>
<div class="kpis">
${kpi('Expected', t.expected, t.currency)}
${kpi('Recognized', t.recognized, t.currency)}
${kpi('Net variance', t.netVariance, t.currency, signClass(t.netVariance))}
${kpi('Unrecognized', t.unrecognized, t.currency, t.unrecognized > 0 ? 'neg' : '')}
${kpi('Over-recognized', t.overRecognized, t.currency, t.overRecognized > 0 ? 'pos' : '')}
</div></div>`;
}

function totalsSection(report: RunReport): string {
  const statuses = report.statuses ?? [];
  const keysIn = (currency: string) =>
    statuses.filter((s) => s.currency === currency).reduce((n, s) => n + s.count, 0);
  // The currency with the most keys first (the company's own, on a phone above the fold), then by code.
  const byKeys = [...report.totals].sort(
    (a, b) => keysIn(b.currency) - keysIn(a.currency) || (a.currency < b.currency ? -1 : 1),
  );
  const blocks = byKeys.length
    ? byKeys.map((t) => totalsBlock(t, keysIn(t.currency))).join('\n')
    : '<p class="empty">Nothing was expected or recognized in this period.</p>';
  const h = report.history;
  const history = h
    ? `<p class="muted">Against the previous run <code>${e(h.previousRunId)}</code>: ${showCount(h.new)} new, ${showCount(h.persisting)} persisting, ${showCount(h.resolved)} resolved.</p>`
    : '';
  return `<section id="totals"><h2>Totals per currency<span class="hint">unrecognized = sum of shortfalls; over-recognized = sum of excesses</span></h2>
${blocks}
${history}
</section>`;
}

function statusSection(report: RunReport): string {
  const statuses = report.statuses ?? [];
  const currencies = [...new Set(statuses.map((s) => s.currency))];
  const composition = compositionBar(
    STATUSES.map((status) => ({ status, count: report.counts?.[status] ?? 0 })),
  );
  const body = currencies.map((currency) => {
    const lines = statuses.filter((s) => s.currency === currency && s.count > 0);
    const rows = lines.map((s) => {
      // A matched key's variance is within tolerance: shown, not flagged.
      const cls = s.status === 'matched' ? '' : signClass(s.variance);
      return `<tr data-status="${s.status}" data-currency="${e(currency)}"><td class="status"><span class="dot st-${s.status}"></span>${STATUS_LABEL[s.status]}</td><td class="n">${showCount(s.count)}</td>${moneyCell(s.expected, currency, 'wide')}${moneyCell(s.recognized, currency, 'wide')}${moneyCell(s.variance, currency, cls)}</tr>`;
    });
    return `<tr class="group"><th colspan="5">${e(currency)}</th></tr>\n${rows.join('\n')}`;
  });
  const legend = STATUSES.filter((st) => (report.counts?.[st] ?? 0) > 0)
    .map((st) => `<span><span class="dot st-${st}"></span>${STATUS_LABEL[st]}</span>`)
    .join('');
  return `<section id="status"><h2>Counts and amounts by status<span class="hint">keys reconciled, by what was found</span></h2>
${composition}
<div class="legend">${legend}</div>
${
  body.length
    ? `<div class="scroll-x"><table class="statuses"><thead><tr><th>Status</th><th class="n">Keys</th><th class="n wide">Expected</th><th class="n wide">Recognized</th><th class="n">Variance</th></tr></thead>
<tbody>${body.join('\n')}</tbody></table></div>`
    : '<p class="empty">No keys.</p>'
}
</section>`;
}

function segmentSection(report: RunReport): string {
  const segments = report.segments ?? [];
  // In the totals' currency order (alphabetical), as every other section lists them.
  const currencies = [...new Set(segments.map((s) => s.currency))].sort();
  const blocks = currencies.map((c) => {
    const lines = segments.filter((s) => s.currency === c);
    const max = segmentMax(lines);
    const rows = lines.map((s) => {
      const gap = s.recognized - s.expected;
      return `<tr><td class="bar-cell"><span class="lbl">${e(s.segment)}</span>${segmentBars(s, max)}</td>${moneyCell(s.expected, c)}${moneyCell(s.recognized, c, 'wide')}${moneyCell(gap, c, signClass(gap))}</tr>`;
    });
    return `<div class="cur"><b>${e(c)}</b></div><div class="scroll-x"><table class="segments with-bars" data-currency="${e(c)}"><thead><tr><th>Segment</th><th class="n">Expected</th><th class="n wide">Recognized</th><th class="n">Gap</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  });
  return `<section id="segments"><h2>Expected against recognized by segment<span class="hint">gap = recognized - expected</span></h2>
<div class="legend"><span><i class="e"></i>Expected</span><span><i class="r"></i>Recognized</span></div>
${blocks.join('\n') || '<p class="empty">No segments.</p>'}
</section>`;
}

const bucketLabel = (bucket: string) =>
  bucket === 'undated' ? 'undated' : `${bucket} ${bucket === '1' ? 'month' : 'months'}`;

function agingSection(ltd: LifeToDateSummary, links: Record<string, string>): string {
  const { aging } = ltd;
  const currencies = [...new Set(aging.map((a) => a.currency))];
  const blocks = currencies.map((c) => {
    const byBucket = AGE_BUCKETS.map(
      (bucket) =>
        aging.find((a) => a.currency === c && a.bucket === bucket) ?? {
          currency: c,
          bucket,
          openItems: 0,
          shortfall: 0,
          excess: 0,
        },
    );
    const max = agingMax(byBucket);
    const rows = byBucket.map((l) => {
      const label = bucketLabel(l.bucket);
      return `<tr><td class="bar-cell"><span class="lbl">${label}</span>${agingBar(l, label, max)}</td><td class="n">${showCount(l.openItems)}</td>${moneyCell(l.shortfall, c, l.shortfall > 0 ? 'neg' : '')}${moneyCell(l.excess, c, l.excess > 0 ? 'pos' : '')}</tr>`;
    });
    const t = ltd.totals.find((x) => x.currency === c);
    const line = t
      ? `<span class="ltd-line">${showCount(t.openItems)} open to date: short ${money(t.openShortfall, c)}, over ${money(t.openExcess, c)} · closed this month ${showCount(t.closedItems)}: recovered ${money(t.recovered, c)}, reversed ${money(t.reversed, c)}</span>`
      : '';
    return `<div class="cur"><b>${e(c)}</b>${line}</div><div class="scroll-x"><table class="aging with-bars" data-currency="${e(c)}"><thead><tr><th>Open for</th><th class="n">Items</th><th class="n">Short</th><th class="n">Over</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  });
  return `<section id="aging"><h2>Open items to date by age<span class="hint">months open, counted from the month the gap opened to this period</span></h2>
<div class="legend"><span><i class="s"></i>Short to date</span><span><i class="x"></i>Over to date</span></div>
<p class="muted ltd-tolerance">${e(ltdToleranceText(ltd))}</p>
${blocks.join('\n') || '<p class="empty">No open items to date.</p>'}
${oldestOpenItems(ltd, links)}
</section>`;
}

/**
 * When a key is open to date, in words: the page's settings list shows only what the run was given,
 * and the LTD tolerance's defaults (0% and tolerance_abs) apply without being given.
 */
function ltdToleranceText(ltd: LifeToDateSummary): string {
  const floor = `${ltd.toleranceAbs} (in each key's currency)`;
  return Number(ltd.tolerancePct) === 0
    ? `A key is open to date when its gap to date passes ${floor}.`
    : `A key is open to date when its gap to date passes the larger of ${ltd.tolerancePct}% of its expected to date and ${floor}.`;
}

/** The oldest open items (dated ones oldest first, then undated ones), as the report lists them. */
function oldestOpenItems(ltd: LifeToDateSummary, links: Record<string, string>): string {
  if (ltd.oldestOpenItems.length === 0) return '';
  const rows = ltd.oldestOpenItems.map((i) => {
    const since = i.openSince ? e(i.openSince) : '<span class="muted">undated</span>';
    const age = i.ageMonths === undefined ? '' : showCount(i.ageMonths);
    // On a phone the customer moves under the deal, so that the gap keeps its room.
    return `<tr><td class="two">${e(i.dealId)}<small>${e(i.revenueType)}</small><small class="phone-cust">${e(i.customerName)}</small></td><td class="two cust">${e(i.customerName)}<small>${e(i.customerId)}</small></td><td class="since">${since}</td><td class="n wide">${age}</td><td class="n ${signClass(i.ltdVariance)}">${money(i.ltdVariance, i.currency)}<small class="ccy">${e(i.currency)}</small></td></tr>`;
  });
  return `<h3>Oldest open items<span class="hint">every open item is in <a href="${safeHref(fileHref(links, 'open-items.csv'))}">open-items.csv</a></span></h3>
<div class="scroll-x"><table class="oldest"><thead><tr><th>Deal · type</th><th class="cust">Customer</th><th>Open since</th><th class="n wide">Months</th><th class="n">Gap to date</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

/** The to-date readings (docs/life-to-date.md), in the filter's order. */
const TO_DATES: readonly ToDate[] = ['open', 'timing'];

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

function discrepancyRow(r: ReportRow, withLifecycle: boolean, shown: boolean): string {
  const ids = r.entryIds.length ? `<span class="ids">${e(r.entryIds.join('; '))}</span>` : '';
  const severity = r.severity === 'critical' ? 'critical' : 'warning';
  const pct = variancePct(r.variance, r.expected);
  const cells = [
    `<td data-label="Severity" data-v="${severity === 'critical' ? 0 : 1}"><span class="pill ${severity}">${severity}</span></td>`,
    `<td data-label="Status" class="status" data-v="${r.status}"><span class="dot st-${r.status}"></span>${r.status.replace('_', ' ')}</td>`,
    `<td data-label="Deal" class="two deal">${e(r.dealId)}<small>${e(r.revenueType)}</small></td>`,
    `<td data-label="Customer" class="two cust">${e(r.customerName)}<small>${e(r.customerId ? `${r.customerId} · ${r.segment}` : r.segment)}</small></td>`,
    `<td data-label="Currency">${e(r.currency)}</td>`,
    `<td data-label="Expected" class="n" data-v="${plainMoney(r.expected, r.currency)}">${money(r.expected, r.currency)}</td>`,
    `<td data-label="Recognized" class="n" data-v="${plainMoney(r.recognized, r.currency)}">${money(r.recognized, r.currency)}</td>`,
    `<td data-label="Variance" class="n ${signClass(r.variance)}" data-v="${plainMoney(r.variance, r.currency)}">${money(r.variance, r.currency)}</td>`,
    `<td data-label="Var. %" class="n" data-v="${e(pct)}">${pct ? `${e(pct)}%` : ''}</td>`,
    `<td data-label="Explanation" class="expl">${e(r.explanation)}${ids}</td>`,
  ];
  if (withLifecycle) cells.push(`<td data-label="Since last run">${e(r.lifecycle ?? '')}</td>`);
  const toDate = r.toDate ? ` data-todate="${r.toDate}"` : '';
  return `<tr data-status="${r.status}" data-severity="${severity}" data-segment="${e(r.segment)}"${toDate}${shown ? '' : ' hidden'}>${cells.join('')}</tr>`;
}

function options(values: string[], all: string): string {
  return [
    `<option value="">${all}</option>`,
    ...values.map((v) => `<option value="${e(v)}">${e(v)}</option>`),
  ].join('');
}

function discrepancySection(report: RunReport, inputs: PageInputs): string {
  const d = {
    rows: inputs.rows,
    total: report.discrepancyCount,
    csvHref: fileHref(inputs.links, 'discrepancies.csv'),
  };
  const withLifecycle = report.history !== undefined;
  const columns = withLifecycle ? [...COLUMNS, { label: 'Since last run' }] : COLUMNS;
  const head = columns
    .map(
      (c) =>
        `<th${c.cls ? ` class="${c.cls}"` : ''}${c.type ? ` data-type="${c.type}"` : ''}><button type="button">${c.label}</button></th>`,
    )
    .join('');
  const statuses = STATUSES.filter((s) => d.rows.some((r) => r.status === s));
  const segments = [...new Set(d.rows.map((r) => r.segment))].sort();
  // With life to date: a gap that catches up earlier months (timing) apart from one still open to date.
  const toDates = TO_DATES.filter((t) => d.rows.some((r) => r.toDate === t));
  const capped =
    d.rows.length < d.total
      ? `<p class="note" id="cap-note">This page shows the <b>${showCount(d.rows.length)}</b> largest of <b>${showCount(d.total)}</b> discrepancies (critical first, then by the size of the variance). Every row is in <a href="${safeHref(d.csvHref)}">discrepancies.csv</a>.</p>`
      : '';
  const limited = d.rows.length > PAGE_ROWS_SHOWN;
  const table =
    d.rows.length === 0
      ? '<p class="empty">No discrepancies: every key matched within tolerance.</p>'
      : `<div class="filters">
<label>Status<select id="f-status">${options(statuses, 'All statuses')}</select></label>
<label>Severity<select id="f-severity">${options(
          ['critical', 'warning'].filter((s) =>
            d.rows.some((r) => (r.severity === 'critical' ? 'critical' : 'warning') === s),
          ),
          'All severities',
        )}</select></label>
<label>Segment<select id="f-segment">${options(segments, 'All segments')}</select></label>${
          toDates.length > 0
            ? `\n<label>To date<select id="f-todate">${options(toDates, 'Timing and open')}</select></label>`
            : ''
        }
<label>Search<input id="f-text" type="search" placeholder="deal, customer, entry id, explanation…" autocomplete="off"></label>
<label class="phone-only">Sort<select id="f-sort"><option value="">Largest first (report order)</option>${columns
          .flatMap((c, i) => [
            `<option value="${i}:1">${c.label}, ${c.type === 'num' ? 'lowest' : 'A to Z'} first</option>`,
            `<option value="${i}:-1">${c.label}, ${c.type === 'num' ? 'highest' : 'Z to A'} first</option>`,
          ])
          .join('')}</select></label>
<span class="shown"><b id="shown">${showCount(d.rows.length)}</b> of ${showCount(d.rows.length)} rows match${
          d.rows.length < d.total
            ? ` (of this page's rows: the largest ${showCount(d.rows.length)} of ${showCount(d.total)})`
            : ''
        }<span id="limited"${limited ? '' : ' hidden'}>; the first <b id="visible">${showCount(Math.min(d.rows.length, PAGE_ROWS_SHOWN))}</b> are shown</span></span>
</div>
<div class="scroll"><table id="rows" data-step="${PAGE_ROWS_SHOWN}"><thead><tr>${head}</tr></thead>
<tbody>
${d.rows.map((r, i) => discrepancyRow(r, withLifecycle, i < PAGE_ROWS_SHOWN)).join('\n')}
</tbody></table></div>
<p class="more no-print"><button type="button" id="more"${limited ? '' : ' hidden'}>Show ${showCount(PAGE_ROWS_SHOWN)} more rows</button></p>`;
  return `<section id="discrepancies"><h2>Discrepancies<span class="hint">click a column to sort; the CSV is the data of record</span></h2>
${capped}
${table}
</section>`;
}

function dataQualitySection(report: RunReport, links: Record<string, string>): string {
  const dq = {
    total: report.inputs?.data_quality_issues ?? 0,
    groups: report.dataQuality ?? [],
    csvHref: fileHref(links, 'data-quality.csv'),
  };
  const rows = dq.groups
    .map(
      (g) =>
        `<tr><td>${e(g.source)}</td><td>${e(g.field)}</td><td>${g.action}</td><td class="n">${showCount(g.count)}</td><td class="ex">${e(g.example)}</td></tr>`,
    )
    .join('');
  const body =
    dq.total === 0
      ? '<p class="empty">Every input row was accepted.</p>'
      : `<div class="scroll-x"><table class="dq"><thead><tr><th>Source</th><th>Field</th><th>Action</th><th class="n">Rows</th><th>For example</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return `<section id="data-quality"><h2>Data quality<span class="hint">${showCount(dq.total)} rows rejected or suspicious; each is in <a href="${safeHref(dq.csvHref)}">data-quality.csv</a></span></h2>
${body}
</section>`;
}

function factsSection(report: RunReport, links: Record<string, string>): string {
  const facts: [string, string][] = [
    ['Period', report.period],
    ['Run id', report.runId],
    ['Trigger', report.trigger],
    ['Started', showTime(report.startedAt)],
    ['Finished', showTime(report.finishedAt)],
    ...inputFacts(report.inputs),
  ];
  const dl = (pairs: [string, string][]) =>
    `<dl class="facts">${pairs.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`;
  const files = Object.entries(links)
    .map(
      ([name, href]) =>
        `<li><a href="${safeHref(href)}">${e(name)}</a> <span class="d">${e(FILE_DESCRIPTIONS[name] ?? '')}</span></li>`,
    )
    .join('');
  return `<section id="run"><h2>Run and files</h2>
<div class="grid2"><div>${dl(facts)}</div><div><ul class="files">${files}</ul></div></div>
<h3>Settings</h3>
${dl(settingFacts(report.settings))}
</section>`;
}

const fileHref = (links: Record<string, string>, name: string) => links[name] ?? name;

const FILE_DESCRIPTIONS: Record<string, string> = {
  'discrepancies.csv': 'every discrepancy, the data of record',
  'summary.csv': 'totals by segment, revenue category and currency',
  'data-quality.csv': 'rejected and suspicious input rows',
  'resolved.csv': 'matched now, discrepancies in the previous run',
  'open-items.csv': 'keys open to date',
  'closed-items.csv': 'keys that closed this month',
  'aging.csv': 'open items by age',
  'reconciliation.xlsx': 'the same tables as one Excel workbook',
  'manifest.json': 'the run record: inputs, settings, totals, file checksums',
};

/** The settings by name, values as given (strings) or as JSON. */
function settingFacts(settings: Record<string, unknown>): [string, string][] {
  return Object.entries(settings)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
}

function inputFacts(inputs: RunReport['inputs']): [string, string][] {
  if (!inputs) return [];
  const n = showCount;
  const sources: [string, string][] =
    inputs.deals.source === inputs.entries.source
      ? [['Source', inputs.deals.source]]
      : [
          ['Deals source', inputs.deals.source],
          ['Entries source', inputs.entries.source],
        ];
  return [
    ...sources,
    ['Deal lines', `${n(inputs.deals.rows_read)} read, ${n(inputs.deals.rows_rejected)} rejected`],
    [
      'Entries',
      `${n(inputs.entries.rows_read)} read, ${n(inputs.entries.rows_rejected)} rejected, ${n(inputs.entries.in_period)} in the period`,
    ],
    ...(inputs.history
      ? [
          [
            'History rows',
            `${n(inputs.history.rows_read)} read, ${n(inputs.history.rows_rejected)} rejected, ${n(inputs.history.rows_ignored)} ignored (of the period or later)`,
          ] as [string, string],
        ]
      : []),
    ['Data-quality rows', n(inputs.data_quality_issues)],
  ];
}
