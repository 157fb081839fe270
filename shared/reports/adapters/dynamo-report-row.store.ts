import { ConditionalCheckFailedException, QueryCommand, type AttributeValue, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ReportInvoice } from '../report-invoice.js';
import { reportRowSchema, type ReportRowStore, type StoredReportRow } from '../report-row.js';
import { REPORT_SHARDS, reportRowKeys } from '../../kernel/index.js';

/**
 * The row is one JSON string attribute: a report reads every row of a tenant, and one string per item
 * is the least to send, unmarshall and parse (a map of ten attributes costs several times more in the
 * SDK and in DynamoDB Local). It is parsed with the domain's schema on the way out, never cast.
 */
const rowAttributeSchema = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
}).pipe(reportRowSchema);

const storedItemSchema = z.object({ row: rowAttributeSchema, position: z.string() });
/** A listed row as the low-level API returns it: the one string attribute, unmarshalled by hand. */
const listedItemSchema = z.object({ row: z.object({ S: rowAttributeSchema }) });

/** The stored item of a row (the benchmarks seed rows with it, as the projector would write them). */
export function reportRowItem(tenantId: string, stored: StoredReportRow): Record<string, string> {
  return {
    ...reportRowKeys.item(tenantId, stored.row.invoiceNumber),
    reportCustomerPk: reportRowKeys.customerPartition(tenantId, stored.row.customerId),
    row: JSON.stringify(stored.row),
    position: stored.position,
  };
}

/** Report rows in DynamoDB: sharded partitions per tenant (read in parallel), and an index per customer (dynamo-keys.ts). */
export class DynamoReportRowStore implements ReportRowStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, invoiceNumber: string): Promise<StoredReportRow | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: reportRowKeys.item(tenantId, invoiceNumber), ConsistentRead: true }));
    return Item ? storedItemSchema.parse(Item) : undefined;
  }

  async put(tenantId: string, stored: StoredReportRow): Promise<'written' | 'stale'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: reportRowItem(tenantId, stored),
          ConditionExpression: 'attribute_not_exists(pk) OR #position <= :position',
          ExpressionAttributeNames: { '#position': 'position' },
          ExpressionAttributeValues: { ':position': stored.position },
        }),
      );
      return 'written';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  async list(tenantId: string, filter: { customerId?: string } = {}): Promise<ReportInvoice[]> {
    const pages =
      filter.customerId === undefined
        ? await Promise.all(Array.from({ length: REPORT_SHARDS }, (_, shard) => this.query({ KeyConditionExpression: 'pk = :pk', pk: reportRowKeys.partition(tenantId, shard) })))
        : [await this.query({ IndexName: reportRowKeys.index, KeyConditionExpression: 'reportCustomerPk = :pk', pk: reportRowKeys.customerPartition(tenantId, filter.customerId) })];
    return pages.flat();
  }

  /**
   * A report reads every row: the low-level Query (sent through the document client's connection)
   * skips unmarshalling a map per item, which at 100,000 rows cost about a second on DynamoDB Local.
   */
  private async query(input: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression'> & { pk: string }): Promise<ReportInvoice[]> {
    const rows: ReportInvoice[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: input.IndexName,
          KeyConditionExpression: input.KeyConditionExpression,
          ExpressionAttributeValues: { ':pk': { S: input.pk } },
          ProjectionExpression: '#row',
          ExpressionAttributeNames: { '#row': 'row' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) rows.push(listedItemSchema.parse(item).row.S);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return rows;
  }
}
