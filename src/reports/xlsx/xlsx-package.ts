// The parts around the worksheets (content types, relationships, workbook, styles, properties) and the zip that holds them.
import { ZipFile } from 'yazl';
import type { SharedStrings } from './sheet-xml.js';
import { MAIN_NS, XML_DECLARATION, xmlAttribute, xmlText } from './xml.js';
import { STYLES_XML } from './styles.js';

/** The document properties' time, and the zip entries' (below): no wall clock in the file. */
const FIXED_TIME_TEXT = '1980-01-01T00:00:00Z';

const CT = 'application/vnd.openxmlformats-officedocument';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface SheetPart {
  name: string;
  /** The worksheet part, UTF-8. */
  xml: Buffer;
}

/** The .xlsx file of `sheets` (in order) and the string table their cells refer to. */
export function packageWorkbook(sheets: readonly SheetPart[], strings: SharedStrings): Promise<Buffer> {
  const zip = new ZipFile();
  // Zip times are local-time fields: local midnight, taken now, writes the same bytes in any time zone.
  const fixedTime = new Date(1980, 0, 1);
  // No extended timestamp field: it would carry the time again, in seconds since 1970.
  const add = (path: string, part: string | Buffer) =>
    zip.addBuffer(typeof part === 'string' ? Buffer.from(part, 'utf8') : part, path, {
      mtime: fixedTime,
      forceDosTimestamp: true,
    });
  add('[Content_Types].xml', contentTypes(sheets.length));
  add(
    '_rels/.rels',
    relationships([
      [`${REL}/officeDocument`, 'xl/workbook.xml'],
      [`${PACKAGE_REL}/metadata/core-properties`, 'docProps/core.xml'],
      [`${REL}/extended-properties`, 'docProps/app.xml'],
    ]),
  );
  add('docProps/core.xml', coreProperties());
  add('docProps/app.xml', appProperties(sheets));
  add('xl/workbook.xml', workbookXml(sheets));
  add(
    'xl/_rels/workbook.xml.rels',
    relationships([
      ...sheets.map((_s, i): [string, string] => [`${REL}/worksheet`, `worksheets/sheet${i + 1}.xml`]),
      [`${REL}/styles`, 'styles.xml'],
      [`${REL}/sharedStrings`, 'sharedStrings.xml'],
    ]),
  );
  add('xl/styles.xml', STYLES_XML);
  add('xl/sharedStrings.xml', strings.xml());
  sheets.forEach((s, i) => add(`xl/worksheets/sheet${i + 1}.xml`, s.xml));
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function contentTypes(sheetCount: number): string {
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="${type}"/>`;
  const sheets = Array.from({ length: sheetCount }, (_, i) =>
    override(`/xl/worksheets/sheet${i + 1}.xml`, `${CT}.spreadsheetml.worksheet+xml`),
  );
  return (
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    override('/xl/workbook.xml', `${CT}.spreadsheetml.sheet.main+xml`) +
    sheets.join('') +
    override('/xl/styles.xml', `${CT}.spreadsheetml.styles+xml`) +
    override('/xl/sharedStrings.xml', `${CT}.spreadsheetml.sharedStrings+xml`) +
    override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
    override('/docProps/app.xml', `${CT}.extended-properties+xml`) +
    '</Types>'
  );
}

/** A relationships part: rId1, rId2, … in the order given. */
function relationships(targets: readonly [type: string, target: string][]): string {
  const items = targets.map(
    ([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`,
  );
  return `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL}">${items.join('')}</Relationships>`;
}

function workbookXml(sheets: readonly SheetPart[]): string {
  const items = sheets.map(
    (s, i) => `<sheet name="${xmlAttribute(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  );
  return (
    `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL}">` +
    `<bookViews><workbookView/></bookViews><sheets>${items.join('')}</sheets></workbook>`
  );
}

function coreProperties(): string {
  return (
    `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>revenue-recon</dc:creator>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${FIXED_TIME_TEXT}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${FIXED_TIME_TEXT}</dcterms:modified></cp:coreProperties>`
  );
}

function appProperties(sheets: readonly SheetPart[]): string {
  const names = sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join('');
  return (
    `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>revenue-recon</Application>' +
    '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>' +
    `<vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${names}</vt:vector></TitlesOfParts></Properties>`
  );
}
