// The page's one stylesheet (inline, allowed by its hash): screen, phone and print.
export const PAGE_STYLE = `
:root{--ink:#1a202c;--muted:#5a6473;--line:#e2e6ec;--soft:#f5f7fa;--card:#fff;--accent:#1e3a8a;
--neg:#b42318;--pos:#9a5b00;--ok:#1f7a4d;--crit-bg:#fde7e7;--crit:#a61b1b;--warn-bg:#fff3d6;--warn:#8a5300;
--st-matched:#2f855a;--st-missing:#c53030;--st-under:#dd6b20;--st-over:#c9a227;--st-duplicate:#7c5cc4;
--st-unexpected:#2b6cb0;--st-orphan:#718096;--st-misclassified:#c53f83;--st-currency_mismatch:#2c8c8c}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
a{color:var(--accent)}
body{margin:0;background:var(--soft);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.num,td.n,th.n{font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap}
header.top{background:#0f1b3d;color:#fff;padding:20px 28px 18px}
header.top h1{margin:0;font-size:22px;font-weight:650;letter-spacing:.2px}
header.top .sub{margin-top:4px;color:#c5cde0;font-size:13px}
header.top .sub code{color:#e6ebf5}
header.top .start{margin-top:8px;font-size:14px;color:#fff}header.top .start a{color:#fff;font-weight:600}
.verdict{display:inline-block;margin-left:10px;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:600;vertical-align:3px}
.verdict.red{background:#fbd5d5;color:#8b1a1a}.verdict.amber{background:#ffe8b0;color:#6b4100}.verdict.green{background:#c9f0da;color:#14532d}
nav.toc{display:flex;flex-wrap:wrap;gap:4px 18px;padding:8px 28px;background:#fff;border-bottom:1px solid var(--line);font-size:13px}
nav.toc a{color:var(--accent);text-decoration:none}nav.toc a:hover{text-decoration:underline}
main{max-width:1280px;margin:0 auto;padding:20px 28px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}
section>h2{margin:0 0 12px;font-size:16px;font-weight:650}
section>h2 .hint{font-weight:400;color:var(--muted);font-size:13px;margin-left:8px}
.kpis{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:12px;margin:0 0 14px}
.kpi{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fbfcfe}
.kpi .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.4px}
.kpi .v{font-size:20px;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums;display:flex;flex-wrap:wrap;align-items:baseline;column-gap:4px;overflow-wrap:anywhere}
.kpi .v small{font-size:12px;font-weight:500;color:var(--muted)}
.kpi.neg .v{color:var(--neg)}.kpi.pos .v{color:var(--pos)}
.cur{font-weight:650;margin:4px 0 8px;color:var(--muted);font-size:13px}
.cur b{color:var(--ink);font-size:15px;margin-right:8px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}
table{border-collapse:collapse;width:100%}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.3px;background:#fbfcfe}
tfoot td{font-weight:650;border-top:2px solid var(--line)}
.neg{color:var(--neg)}.pos{color:var(--pos)}
.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:7px;vertical-align:0}
.st-matched{background:var(--st-matched);fill:var(--st-matched)}.st-missing{background:var(--st-missing);fill:var(--st-missing)}
.st-under{background:var(--st-under);fill:var(--st-under)}.st-over{background:var(--st-over);fill:var(--st-over)}
.st-duplicate{background:var(--st-duplicate);fill:var(--st-duplicate)}.st-unexpected{background:var(--st-unexpected);fill:var(--st-unexpected)}
.st-orphan{background:var(--st-orphan);fill:var(--st-orphan)}.st-misclassified{background:var(--st-misclassified);fill:var(--st-misclassified)}
.st-currency_mismatch{background:var(--st-currency_mismatch);fill:var(--st-currency_mismatch)}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
.pill.critical{background:var(--crit-bg);color:var(--crit)}.pill.warning{background:var(--warn-bg);color:var(--warn)}
.status{white-space:nowrap}
.composition{width:100%;height:14px;display:block;border-radius:7px;margin:2px 0 14px}
tr.group th{background:#fff;color:var(--ink);font-size:13px;text-transform:none;letter-spacing:0;padding-top:14px}
section h3{font-size:14px;margin:18px 0 8px}
section h3 .hint{font-weight:400;color:var(--muted);font-size:13px;margin-left:8px}
.ltd-line{font-weight:400;margin-left:4px}
.oldest .since{white-space:nowrap}
table.oldest{width:auto;min-width:60%}.oldest th,.oldest td{padding-right:24px}.ccy{margin-left:4px;color:var(--muted);font-size:11px}
.scroll-x{overflow-x:auto}
.dq td.ex{overflow-wrap:anywhere;color:var(--muted)}
.legend .dot{margin-right:5px}
.legend{flex-wrap:wrap}
.with-bars{margin:0 0 14px;table-layout:fixed}.with-bars th:first-child{width:46%}
.with-bars td{vertical-align:middle}
.bar-cell .lbl{display:block;white-space:nowrap}
svg.bars{display:block;width:100%;height:18px;margin:3px 0 1px}.aging svg.bars{height:10px}
.bar-expected{fill:#b8c2d3}.bar-recognized{fill:var(--accent)}.bar-short{fill:var(--neg)}.bar-excess{fill:#d4a017}
.legend{display:flex;gap:16px;font-size:12px;color:var(--muted);margin:0 0 8px}
.legend i{display:inline-block;width:12px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.legend .e{background:#b8c2d3}.legend .r{background:var(--accent)}.legend .s{background:var(--neg)}.legend .x{background:#d4a017}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;margin:0 0 10px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:3px}
.filters select,.filters input{font:inherit;padding:5px 8px;border:1px solid #c9d0db;border-radius:6px;background:#fff;min-width:140px}
.filters input{min-width:240px}
.filters .phone-only{display:none}
.oldest .phone-cust{display:none}
.shown{margin-left:auto;color:var(--muted);font-size:13px;padding-bottom:6px}
.more{margin:10px 0 0}.more button{font:inherit;padding:6px 14px;border:1px solid #c9d0db;border-radius:6px;background:#fff;color:var(--accent);cursor:pointer}
.note{background:#eef3ff;border:1px solid #d5e0fb;border-radius:8px;padding:8px 12px;margin:0 0 10px;font-size:13px}
.scroll{overflow:auto;max-height:75vh;border:1px solid var(--line);border-radius:8px}
#rows thead th{position:sticky;top:0;z-index:1}
#rows th button{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center}
#rows th button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
#rows th[aria-sort=ascending] button::after{content:"▲";font-size:9px}
#rows th[aria-sort=descending] button::after{content:"▼";font-size:9px}
#rows tbody tr:hover{background:#f8fafd}
#rows td.expl{min-width:260px}
#rows th,#rows td{padding:7px 7px}
#rows td{overflow-wrap:anywhere}
#rows thead th.n{white-space:nowrap}
#rows td.cust{min-width:130px}
#rows td.deal{min-width:12ch}
#rows td.deal small{white-space:nowrap}
.ids{display:block;margin-top:3px;color:var(--muted);font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.two small{display:block;color:var(--muted);font-size:12px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0;font-size:13px}
.facts dt{color:var(--muted)}.facts dd{margin:0;word-break:break-word}
.files{margin:0;padding-left:18px}
.files li{margin:3px 0}
.files .d{color:var(--muted);font-size:13px}
.muted{color:var(--muted)}
.empty{color:var(--muted);font-style:italic}
@media (max-width:1100px){.kpis{grid-template-columns:repeat(3,minmax(0,1fr))}.grid2{grid-template-columns:1fr}}
@media (max-width:700px){
header.top{padding:16px}header.top h1{font-size:19px}nav.toc{padding:8px 16px}main{padding:12px 10px 30px}
section{padding:14px 12px;border-radius:8px}
.kpis{grid-template-columns:1fr;gap:0;border:1px solid var(--line);border-radius:8px;overflow:hidden}.kpi{display:flex;justify-content:space-between;align-items:baseline;gap:8px;padding:6px 10px;border:0;border-radius:0;border-top:1px solid var(--line)}.kpi:first-child{border-top:0}
.kpi .v{font-size:17px;margin:0;flex-wrap:nowrap;overflow-wrap:normal}
.filters select,.filters input{min-width:0;width:100%}.filters label{flex:1 1 45%}.shown{margin-left:0}
.scroll{max-height:none;border:0}
#rows thead{display:none}
.filters .phone-only{display:flex}
#rows tbody tr{display:block;border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:6px 8px}
#rows tbody td{display:block;border:0;padding:3px 0;text-align:right;min-width:0}
#rows tbody td::before{content:attr(data-label);float:left;color:var(--muted);font-size:12px;padding:1px 10px 0 0}
#rows td.expl{text-align:left;max-width:none;padding-top:6px}
#rows td.expl::before{float:none;display:block}
.facts{grid-template-columns:1fr}
.wide{display:none}
.oldest .ccy{display:block;margin:0}.oldest th,.oldest td{padding-right:5px}
.oldest .cust{display:none}.oldest .phone-cust{display:block}.oldest td.two{overflow-wrap:anywhere}
.with-bars{table-layout:auto}.with-bars th:first-child{width:auto}.with-bars td.bar-cell{min-width:90px}
.statuses,.segments,.aging,.oldest,.dq{font-size:13px}
.statuses td,.segments td,.aging td,.oldest td{padding:6px 5px}
}
@media print{
@page{size:A4 landscape;margin:12mm}
body{background:#fff;font-size:10.5px}
header.top{background:#fff;color:#000;padding:0 0 8px;border-bottom:2px solid #000}
header.top .sub,header.top .sub code,header.top .start,header.top .start a{color:#333}
nav.toc,.filters label,.no-print{display:none}
.filters{display:block;margin:0 0 6px}.shown{margin:0;padding:0;color:#333}
main{max-width:none;padding:8px 0}
section{border:0;border-radius:0;padding:0;margin:0 0 14px;break-inside:auto}
.kpi{background:#fff}.kpis{grid-template-columns:repeat(5,minmax(0,1fr))}.kpi .v{font-size:15px}
.scroll{overflow:visible;max-height:none;border:0}
#rows thead th{position:static}
thead{display:table-header-group}
tr{break-inside:avoid}
a{color:#000;text-decoration:none}
.grid2{grid-template-columns:1fr 1fr}
}
`;
