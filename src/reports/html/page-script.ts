// The page's one script (inline, allowed by its hash): sorts and filters the discrepancy table in place.
// Plain ES2017 with no dependencies, so the page works from a disk or a Blob link with nothing to load.
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('rows');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var byId = function (id) { return document.getElementById(id); };
  var status = byId('f-status'), severity = byId('f-severity'), segment = byId('f-segment'), text = byId('f-text');
  var shown = byId('shown');
  var group = function (n) { return String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ','); };

  function apply() {
    var s = status.value, v = severity.value, g = segment.value, t = text.value.trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var d = rows[i].dataset;
      var ok = (!s || d.status === s) && (!v || d.severity === v) && (!g || d.segment === g) &&
        (!t || texts[i].indexOf(t) !== -1);
      rows[i].hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = group(n);
  }
  [status, severity, segment].forEach(function (el) { el.addEventListener('change', apply); });
  text.addEventListener('input', apply);

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function valueOf(row, col, numeric) {
    var cell = row.cells[col];
    var raw = cell.getAttribute('data-v');
    if (raw === null) raw = cell.textContent;
    if (!numeric) return raw.toLowerCase();
    return raw === '' ? null : Number(raw);
  }
  function sortBy(col, th) {
    var numeric = th.getAttribute('data-type') === 'num';
    var current = th.getAttribute('aria-sort');
    var dir = current === 'ascending' ? -1 : 1;
    headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var keyed = rows.map(function (r, i) { return { r: r, i: i, k: valueOf(r, col, numeric) }; });
    keyed.sort(function (a, b) {
      if (a.k === b.k) return a.i - b.i;
      if (a.k === null) return 1;
      if (b.k === null) return -1;
      return (a.k < b.k ? -1 : 1) * dir;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (x) { frag.appendChild(x.r); });
    body.appendChild(frag);
  }
  headers.forEach(function (th, col) {
    var button = th.querySelector('button');
    if (button) button.addEventListener('click', function () { sortBy(col, th); });
  });
  apply();
})();
`;
