import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ContactDays } from '../contact-days.port.js';
import { keys } from '../../kernel/index.js';

const contactDayItemSchema = z.object({ invoiceNumber: z.string() });

/** One item per claimed day in the customer's partition (`CONTACT#<date>`), naming the invoice whose notice has it. */
export class DynamoContactDays implements ContactDays {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimContactDay(tenantId: string, customerId: string, date: string, invoiceNumber: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.customerContactDay(tenantId, customerId, date), invoiceNumber },
          // The same invoice claiming again (a retried task) keeps its claim.
          ConditionExpression: 'attribute_not_exists(pk) OR invoiceNumber = :invoiceNumber',
          ExpressionAttributeValues: { ':invoiceNumber': invoiceNumber },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async contactedOn(tenantId: string, customerId: string, date: string): Promise<{ invoiceNumber: string } | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.customerContactDay(tenantId, customerId, date), ConsistentRead: true }));
    return Item ? { invoiceNumber: contactDayItemSchema.parse(Item).invoiceNumber } : undefined;
  }

  async releaseContactDay(tenantId: string, customerId: string, date: string, invoiceNumber: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.customerContactDay(tenantId, customerId, date),
          // Only the holder gives the day back: another invoice's claim stays.
          ConditionExpression: 'invoiceNumber = :invoiceNumber',
          ExpressionAttributeValues: { ':invoiceNumber': invoiceNumber },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
