// report.html as a report file beside the CSVs.
import type { ReportFile } from '../report-file.js';
import type { RunReport } from '../run-report.js';
import { renderReportPage, type PageInputs } from './render-page.js';

export const PAGE_NAME = 'report.html';
export const PAGE_TYPE = 'text/html; charset=utf-8';

export function reportPageFile(report: RunReport, inputs: PageInputs): ReportFile {
  return {
    name: PAGE_NAME,
    content: Buffer.from(renderReportPage(report, inputs), 'utf8'),
    contentType: PAGE_TYPE,
  };
}
