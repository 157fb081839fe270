import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../shared/kernel/index.js';
import { invoiceItemSchema } from '../shared/invoicing/index.js';
import type { InvoiceWorkflows } from '../shared/invoicing/index.js';

/**
 * The Step Functions emulator keeps executions in memory, so after a restart the local stack starts
 * the workflow of every open invoice again. Safe by design: the workflow derives its position from
 * the invoice and its notice ledger, and sends nothing twice. (AWS keeps executions; no such step there.)
 */
export async function resumeOpenInvoiceWorkflows(db: DynamoDBDocumentClient, tableName: string, workflows: InvoiceWorkflows): Promise<number> {
  let resumed = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :invoice AND #status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':invoice': '#INVOICE', ':open': 'open' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const invoice = invoiceItemSchema.parse(withoutKeys(item));
      if (invoice.workflowError) continue; // a failed workflow waits for a person, not a restart
      await workflows.start(invoice);
      resumed++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return resumed;
}
