// The page's one script (inline, allowed by its hash): sorts and filters the discrepancy table in place,
// showing the first rows of the current order and more on request (the browser lays out only the rows
// shown: 5,000 rows with their explanations take seconds to lay out on every sort).
// Plain ES2017 with no dependencies, so the page works from a disk or a Blob link with nothing to load.
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('rows');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  // What a search finds: the text shown, and the plain amounts (a search for 1234.5 finds 1,234.50).
  var texts = rows.map(function (r) {
    var plain = Array.prototype.map.call(r.cells, function (c) { return c.getAttribute('data-v') || ''; });
    return (r.textContent + ' ' + plain.join(' ')).toLowerCase();
  });
  rows.forEach(function (r, i) { r.setAttribute('data-i', i); });
  var step = Number(table.getAttribute('data-step')) || rows.length;
  var limit = step;
  /** The rows in their current (sorted) order. */
  var order = rows.slice();
  var byId = function (id) { return document.getElementById(id); };
  var status = byId('f-status'), severity = byId('f-severity'), segment = byId('f-segment'), text = byId('f-text');
  // Only with life to date.
  var toDate = byId('f-todate');
  var shown = byId('shown'), visible = byId('visible'), limited = byId('limited'), more = byId('more');
  var group = function (n) { return String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ','); };

  function apply() {
    var s = status.value, v = severity.value, g = segment.value, t = text.value.trim().toLowerCase();
    var td = toDate ? toDate.value : '';
    var n = 0;
    for (var j = 0; j < order.length; j++) {
      var row = order[j], d = row.dataset, i = Number(d.i);
      var ok = (!s || d.status === s) && (!v || d.severity === v) && (!g || d.segment === g) &&
        (!td || d.todate === td) && (!t || texts[i].indexOf(t) !== -1);
      var hide = !ok || n >= limit;
      if (row.hidden !== hide) row.hidden = hide;
      if (ok) n++;
    }
    shown.textContent = group(n);
    visible.textContent = group(Math.min(n, limit));
    limited.hidden = n <= limit;
    more.hidden = n <= limit;
  }
  [status, severity, segment, toDate].forEach(function (el) { if (el) el.addEventListener('change', apply); });
  // The header's link to the critical rows (#critical) opens the table filtered to them.
  function showCritical() {
    if (location.hash !== '#critical') return;
    severity.value = 'critical';
    apply();
    byId('discrepancies').scrollIntoView();
  }
  window.addEventListener('hashchange', showCritical);
  text.addEventListener('input', apply);
  more.addEventListener('click', function () { limit += step; apply(); });

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function valueOf(row, col, numeric) {
    var cell = row.cells[col];
    var raw = cell.getAttribute('data-v');
    if (raw === null) raw = cell.textContent;
    if (!numeric) return raw.toLowerCase();
    return raw === '' ? null : Number(raw);
  }
  /** Sorts by column col (dir 1 ascending, -1 descending), or back to the report order (col -1). */
  function sortBy(col, dir) {
    var th = headers[col];
    var numeric = !!th && th.getAttribute('data-type') === 'num';
    headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
    if (th) th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var keyed = rows.map(function (r, i) { return { r: r, i: i, k: th ? valueOf(r, col, numeric) : i }; });
    keyed.sort(function (a, b) {
      if (a.k === b.k) return a.i - b.i;
      if (a.k === null) return 1;
      if (b.k === null) return -1;
      return (a.k < b.k ? -1 : 1) * dir;
    });
    order = keyed.map(function (x) { return x.r; });
    // Out of the document while it is rebuilt: one layout at the end, of the rows then shown.
    table.removeChild(body);
    var frag = document.createDocumentFragment();
    order.forEach(function (r) { frag.appendChild(r); });
    body.appendChild(frag);
    apply();
    table.appendChild(body);
  }
  headers.forEach(function (th, col) {
    var button = th.querySelector('button');
    if (button) button.addEventListener('click', function () {
      sortBy(col, th.getAttribute('aria-sort') === 'ascending' ? -1 : 1);
    });
  });
  // Phones hide the header row: the same sorts from a list.
  var sorter = byId('f-sort');
  if (sorter) sorter.addEventListener('change', function () {
    var parts = sorter.value.split(':');
    sortBy(sorter.value ? Number(parts[0]) : -1, Number(parts[1]) || 1);
  });
  apply();
  showCritical();
})();
`;
