// What every part of the workbook's XML shares: the declaration, the SpreadsheetML namespace, text escaping.

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** XML 1.0 has no place for these control characters, even escaped: they are dropped. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text escaped for an element's content. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Text escaped for an attribute's value in double quotes. */
export const xmlAttribute = (text: string) => xmlText(text).replaceAll('"', '&quot;');
