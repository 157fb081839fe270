import { publish } from './markers.js';

export interface BenchRow {
  rows: number;
  bytes: number;
  /** From the upload to the import's last invocation returning. */
  wallMs: number;
  /** What the import's report says it spent (its checkpoints' clock). */
  processingMs: number;
  invocations: number;
  peakRssBytes: number;
  /** Raw BatchWriteItem of the same number of invoice-sized items into the same DynamoDB Local. */
  rawMs: number;
  /** Workflows the stream's starter had started when the import finished (it trails at its own pace). */
  workflowsStartedByThen: number;
}

/** POST /invoices in batches of 500 through the local API, and raw BatchWriteItem of as many items. */
export interface IngestRow {
  rows: number;
  apiMs: number;
  rawMs: number;
  /** The API's own items (2 index entries, the invoice and its event in transactions) written raw: bench/raw-batch-write.ts. */
  rawSameItemsMs: number;
  peakRssBytes: number;
  workflowsStartedByThen: number;
  /** Requests answered 5xx (the API's 29 s limit) and retried. */
  retries: number;
}

const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

/** The results table, with how each size's time compares with the previous size's (1.0 per 10× rows = linear). */
export function resultsTable(rows: BenchRow[]): string {
  const lines = [
    '| rows | file | import wall time | import rows/s | peak RSS (Node) | raw BatchWriteItem rows/s | import ÷ raw | time vs previous size | workflows started by the end |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    const growth = previous ? `${(row.wallMs / previous.wallMs).toFixed(1)}× for ${(row.rows / previous.rows).toFixed(0)}× rows` : '—';
    lines.push(
      `| ${row.rows.toLocaleString('en-US')} | ${(row.bytes / 2 ** 20).toFixed(1)} MiB | ${(row.wallMs / 1000).toFixed(1)} s | ${perSecond(row.rows, row.wallMs)} | ${Math.round(row.peakRssBytes / 2 ** 20)} MiB | ${perSecond(row.rows, row.rawMs)} | ${(row.rawMs / row.wallMs).toFixed(2)} | ${growth} | ${row.workflowsStartedByThen.toLocaleString('en-US')} |`,
    );
  });
  return lines.join('\n');
}

export function ingestTable(rows: IngestRow[]): string {
  const lines = [
    '| invoices | API wall time | API rows/s | raw BatchWriteItem rows/s (1 item per row) | API ÷ raw (target ≥ 0.35) | the API\'s items written raw (list entry + conditional invoice put), rows/s | API ÷ that | peak RSS (Node) | workflows started by the end | requests retried (5xx) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.rows.toLocaleString('en-US')} | ${(row.apiMs / 1000).toFixed(1)} s | ${perSecond(row.rows, row.apiMs)} | ${perSecond(row.rows, row.rawMs)} | ${(row.rawMs / row.apiMs).toFixed(2)} | ${perSecond(row.rows, row.rawSameItemsMs)} | ${(row.rawSameItemsMs / row.apiMs).toFixed(2)} | ${Math.round(row.peakRssBytes / 2 ** 20)} MiB | ${row.workflowsStartedByThen.toLocaleString('en-US')} | ${row.retries} |`,
    );
  }
  return lines.join('\n');
}

/** What the import and ingest benchmarks measured, with the machine and the command, into their blocks of docs/benchmarks.md. */
export function writeResults(rows: BenchRow[], meta: { machine: string; command: string }): Promise<void> {
  return publish('docs/benchmarks.md', 'results', measuredOn(resultsTable(rows), meta));
}

export function writeIngestResults(rows: IngestRow[], meta: { machine: string; command: string }): Promise<void> {
  return publish('docs/benchmarks.md', 'ingest-api', measuredOn(ingestTable(rows), meta));
}

const measuredOn = (table: string, meta: { machine: string; command: string }) => `Measured ${new Date().toISOString().slice(0, 10)} on ${meta.machine} with \`${meta.command}\`.\n\n${table}`;
