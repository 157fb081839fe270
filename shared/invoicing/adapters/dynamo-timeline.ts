import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { compareTimelineEvents, invoiceCreatedEvent, type TimelineEvent } from '../../kernel/index.js';
import { eventItemSchema, withoutKeys } from '../../kernel/index.js';
import { invoiceItemSchema } from './invoice-items.js';
import { keys, sortKeyPrefix } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';

/** Just past every `EVENT#` sort key ('$' follows '#'): the invoice item sorts first ('#'), then escalations, then events. */
const AFTER_EVENTS = 'EVENT$';

/**
 * An invoice's timeline, oldest first, in one consistent query over its partition from the invoice item
 * to its last event: the stored events, and the `invoice.created` event derived from the invoice item
 * (a new invoice is stored as that one item; see dynamo-keys.ts). An invoice stored by an earlier
 * version has its creation event as an item of its own: that one is used, not a second.
 */
export async function readTimeline(db: DynamoDBDocumentClient, tableName: string, tenantId: string, invoiceNumber: string): Promise<TimelineEvent[]> {
  const { pk, sk } = keys.invoice(tenantId, invoiceNumber);
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :invoice AND :after',
    ExpressionAttributeValues: { ':pk': pk, ':invoice': sk, ':after': AFTER_EVENTS },
    ConsistentRead: true,
  });
  const events = items.filter((item) => String(item['sk']).startsWith(sortKeyPrefix.event)).map((item) => eventItemSchema.parse(withoutKeys(item)));
  const invoiceItem = items.find((item) => item['sk'] === sk);
  if (invoiceItem && !events.some((event) => event.key === 'invoice.created')) events.push(invoiceCreatedEvent(invoiceItemSchema.parse(withoutKeys(invoiceItem))));
  return events.sort(compareTimelineEvents);
}
