// HTML escaping for every value that reaches report.html: text and attribute values alike.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element text and in quoted attribute values; a customer named `<script>` stays text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A link the page may carry: a file name beside the page, or an http(s)/file URL from the report
 * store. Anything else (javascript:, data:) becomes "#" so no value can run as a link.
 */
export function safeHref(href: string): string {
  if (SAFE_FILE_NAME.test(href) || /^(https?|file):\/\//i.test(href)) return escapeHtml(href);
  return '#';
}
