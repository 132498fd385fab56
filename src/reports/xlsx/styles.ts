// The workbook's cell styles: one fixed table (styles.xml) and the id of each style a cell may have.
import { MAIN_NS, XML_DECLARATION } from './xml.js';

/** Cell style ids: their order is the cellXfs order in STYLES_XML. */
export const STYLE = {
  plain: 0,
  header: 1,
  month: 2,
  percent: 3,
  /** Amounts with 0 to 4 decimals (ISO 4217 digits): amount + digits. */
  amount: 4,
} as const;

const MAX_DIGITS = 4;

/** The style of an amount in a currency with `digits` decimals (more than 4 are shown with 4). */
export const amountStyle = (digits: number): number =>
  STYLE.amount + Math.min(Math.max(digits, 0), MAX_DIGITS);

/** Number formats 0–163 are Excel's built-in ones; custom ones start at 164. */
const amountFormats = Array.from({ length: MAX_DIGITS + 1 }, (_, d) =>
  d === 0 ? { id: 3 } : d === 2 ? { id: 4 } : { id: 164 + d, code: `#,##0.${'0'.repeat(d)}` },
);
const MONTH_FORMAT = { id: 164, code: 'yyyy-mm' };
const PERCENT_FORMAT = { id: 2 };

const xf = (numFmtId: number, fontId = 0) =>
  `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}/>`;

const custom = [MONTH_FORMAT, ...amountFormats].filter((f): f is { id: number; code: string } => 'code' in f);
const cellXfs = [
  xf(0),
  xf(0, 1),
  xf(MONTH_FORMAT.id),
  xf(PERCENT_FORMAT.id),
  ...amountFormats.map((f) => xf(f.id)),
];
const FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>';

export const STYLES_XML =
  `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}">` +
  `<numFmts count="${custom.length}">${custom.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${f.code}"/>`).join('')}</numFmts>` +
  `<fonts count="2"><font>${FONT}</font><font><b/>${FONT}</font></fonts>` +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="${cellXfs.length}">${cellXfs.join('')}</cellXfs>` +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
