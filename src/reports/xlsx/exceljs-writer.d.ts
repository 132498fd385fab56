// exceljs's streaming workbook writer on its own: the package's index also loads the reader, the
// in-memory workbook and its CSV support, which `recon run` never uses and which take about as long to
// load as the writer. The file is plain CommonJS without types; these are the package's own.
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';
  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
