// report.html as a report file beside the CSVs.
import type { ReportFile } from '../report-file.js';
import type { ReportPage } from './page-model.js';
import { renderReportPage } from './render-page.js';

export const PAGE_NAME = 'report.html';
export const PAGE_TYPE = 'text/html; charset=utf-8';

export function reportPageFile(page: ReportPage): ReportFile {
  return { name: PAGE_NAME, content: Buffer.from(renderReportPage(page), 'utf8'), contentType: PAGE_TYPE };
}
