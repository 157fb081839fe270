import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../../invoicing/index.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { customerIndex, eventPuts, invoiceListIndex, keys, transactWrite } from '../../kernel/index.js';
import type { InvoiceRevisionStore } from '../invoice-revision.port.js';

/** Optional attributes of the invoice item that a correction sets or removes. */
const optional = ['poNumber', 'paymentLinkUrl', 'metadata', 'policy', 'sourceVersion', 'sourceUpdatedAt'] as const;

/** Corrections, voids and upstream settlements of stored invoices: one transaction each, with their events. */
export class DynamoInvoiceRevisions implements InvoiceRevisionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async revise(before: Invoice, after: Invoice, events: TimelineEvent[]): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':customer': after.customer,
      ':issueDate': after.issueDate,
      ':dueDate': after.dueDate,
      ':amount': after.amount,
      ':balance': after.balance,
      ':status': after.status,
      ':contentHash': after.contentHash,
      ':revision': after.revision,
      ':updatedAt': after.updatedAt,
      ':created': after.created ?? { amount: before.amount, currency: before.currency, dueDate: before.dueDate },
      ...prefixed(customerIndex.attributes(after)),
      ...prefixed(invoiceListIndex.attributes(after)),
    };
    const sets = [
      'customer = :customer',
      'issueDate = :issueDate',
      'dueDate = :dueDate',
      'amount = :amount',
      'balance = :balance',
      '#status = :status',
      'contentHash = :contentHash',
      'revision = :revision',
      'updatedAt = :updatedAt',
      'created = if_not_exists(created, :created)',
      'customerPk = :customerPk',
      'customerSk = :customerSk',
      'listPk = :listPk',
      'listSk = :listSk',
      'listSearch = :listSearch',
    ];
    const removes: string[] = [];
    for (const field of optional) {
      names[`#${field}`] = field;
      if (after[field] === undefined) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = after[field];
      }
    }
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: asRead(before, names, values),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...eventPuts(this.tableName, before, events),
    ]);
    return !failed;
  }

  async changeStanding(before: Invoice, after: Pick<Invoice, 'status' | 'balance' | 'updatedAt'>, events: TimelineEvent[]): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':status': after.status, ':balance': after.balance, ':updatedAt': after.updatedAt };
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: 'SET #status = :status, balance = :balance, updatedAt = :updatedAt',
          ConditionExpression: asRead(before, names, values),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...eventPuts(this.tableName, before, events),
    ]);
    return !failed;
  }
}

/** The condition "still as read": content, version, status, balance and workflow revision. */
function asRead(before: Invoice, names: Record<string, string>, values: Record<string, unknown>): string {
  values[':h0'] = before.contentHash;
  values[':s0'] = before.status;
  values[':b0'] = before.balance;
  values[':r0'] = before.revision;
  names['#v0'] = 'sourceVersion';
  names['#u0'] = 'sourceUpdatedAt';
  const parts = ['contentHash = :h0', '#status = :s0', 'balance = :b0', 'revision = :r0'];
  if (before.sourceVersion === undefined) parts.push('attribute_not_exists(#v0)');
  else {
    values[':v0'] = before.sourceVersion;
    parts.push('#v0 = :v0');
  }
  if (before.sourceUpdatedAt === undefined) parts.push('attribute_not_exists(#u0)');
  else {
    values[':u0'] = before.sourceUpdatedAt;
    parts.push('#u0 = :u0');
  }
  return parts.join(' AND ');
}

function prefixed(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`:${name}`, value]));
}
