import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { readEnvironment } from '../../shared/kernel/index.js';
import { parseInvoicePartition } from '../../shared/kernel/index.js';
import { DynamoReportRowStore } from '../../shared/reports/index.js';
import { logger } from '../../shared/kernel/index.js';
import { streamPosition } from '../../shared/reports/index.js';
import { projectReportRows, type ChangedInvoice, type ReportProjectionDeps } from '../../shared/reports/index.js';
import { isReportProjectionInput } from '../../wiring/report-projection.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

/**
 * The table's stream (invoice items and timeline events, wiring/report-projection.ts) → the report rows
 * of the invoices they belong to, one rebuild per invoice per batch. When a rebuild fails, the batch is
 * reported failed from its first invoice record, so the stream delivers the batch's changes again:
 * rebuilding a row twice is harmless (it is rebuilt from what is stored, and written only if changed).
 */
export const createHandler = (deps: ReportProjectionDeps) =>
  withObservability<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event) => {
    const changed = new Map<string, ChangedInvoice & { first: string }>();
    for (const record of event.Records) {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      const pk = record.dynamodb?.NewImage?.['pk']?.S;
      const invoice = pk === undefined ? undefined : parseInvoicePartition(pk);
      if (!sequenceNumber || !invoice || !isReportProjectionInput(record as Parameters<typeof isReportProjectionInput>[0])) continue;
      const position = streamPosition(sequenceNumber);
      const seen = changed.get(pk!);
      if (seen) seen.position = position > seen.position ? position : seen.position;
      else changed.set(pk!, { ...invoice, position, first: sequenceNumber });
    }
    const invoices = [...changed.values()];
    try {
      const outcomes = await projectReportRows(deps, invoices);
      logger.debug('Report rows projected', { invoices: invoices.length, written: outcomes.filter((outcome) => outcome === 'written').length });
      return { batchItemFailures: [] };
    } catch (error) {
      const first = invoices.map((invoice) => invoice.first).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[0];
      logger.warn('Projecting report rows failed; the stream delivers the records again', { error });
      return { batchItemFailures: first === undefined ? [] : [{ itemIdentifier: first }] };
    }
  });

export function projectionDeps(env = readEnvironment()): ReportProjectionDeps {
  return { invoices: collectionDeps(env).invoices, rows: new DynamoReportRowStore(createDocumentClient(), env.TABLE_NAME) };
}

export const handler = createHandler(projectionDeps());
