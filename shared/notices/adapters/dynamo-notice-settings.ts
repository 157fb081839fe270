import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { brandingSchema, type Branding } from '../branding.js';
import type { NoticeLanguage } from '../language.js';
import type { NoticeSettingsRepository } from '../notice.ports.js';
import { templateKindSchema, templateLanguageSchema, type StoredTemplate } from '../templates.js';
import type { TemplateKind } from '../template-kinds.js';
import { withoutKeys } from '../../kernel/index.js';
import { noticeKeys } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';

const storedBrandingSchema = brandingSchema.extend({ updatedAt: z.string() });
const storedTemplateSchema = z.object({ kind: templateKindSchema, language: templateLanguageSchema, subject: z.string(), body: z.string(), updatedAt: z.string() });

export class DynamoNoticeSettings implements NoticeSettingsRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async branding(tenantId: string): Promise<(Branding & { updatedAt: string }) | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: noticeKeys.branding(tenantId) }));
    return Item ? storedBrandingSchema.parse(withoutKeys(Item)) : undefined;
  }

  async putBranding(tenantId: string, branding: Branding, updatedAt: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...noticeKeys.branding(tenantId), ...branding, updatedAt }, }));
  }

  async templates(tenantId: string): Promise<StoredTemplate[]> {
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': noticeKeys.templates(tenantId) } });
    return items.map((item) => storedTemplateSchema.parse(withoutKeys(item)));
  }

  async putTemplate(tenantId: string, template: StoredTemplate): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...noticeKeys.template(tenantId, template.kind, template.language), ...template } }));
  }

  async deleteTemplate(tenantId: string, kind: TemplateKind, language: NoticeLanguage): Promise<boolean> {
    const { Attributes } = await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: noticeKeys.template(tenantId, kind, language), ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }
}
