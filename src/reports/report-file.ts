// A file of a run and where it belongs (<period>/<run_id>/<name>): what renderers produce and stores keep.
export interface RunLocation {
  period: string;
  runId: string;
}

export interface ReportFile {
  name: string;
  content: Buffer;
  contentType: string;
}
