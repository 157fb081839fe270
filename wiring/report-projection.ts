import { keys, sortKeyPrefix } from '../shared/kernel/index.js';

/**
 * Report rows follow the invoices through the table's stream: any write of an invoice item, and any new
 * timeline event, asks the projector (functions/project-reports) to rebuild that invoice's row. The CDK
 * app filters its event source mapping with this rule; the local stack's stream poller applies the same
 * one. Notice ledger, escalation tokens and report rows themselves are left out, so they cost no
 * invocation (timeline events of customers pass the filter, which cannot match on the partition key's
 * middle, and the projector skips them).
 */
export const reportProjectorFunctionName = 'project-reports';

export const reportProjectionRule = { invoiceSortKey: keys.invoice('', '').sk, invoiceEventNames: ['INSERT', 'MODIFY'], eventSortKeyPrefix: sortKeyPrefix.event } as const;

/** Whether a stream record may change a report row (reportProjectionRule). */
export function isReportProjectionInput(record: { eventName?: string; dynamodb?: { NewImage?: Record<string, { S?: string } | undefined> } }): boolean {
  const sk = record.dynamodb?.NewImage?.['sk']?.S;
  if (sk === undefined) return false;
  if (sk === reportProjectionRule.invoiceSortKey) return (reportProjectionRule.invoiceEventNames as readonly (string | undefined)[]).includes(record.eventName);
  return record.eventName === 'INSERT' && sk.startsWith(reportProjectionRule.eventSortKeyPrefix);
}
