import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ImportJob, ImportJobs, Lease } from '../import-ports.js';
import { fileKinds } from '../import-profile.js';
import { withoutKeys } from '../../kernel/index.js';
import { keys } from '../../kernel/index.js';

const countsSchema = z.object({ read: z.number().int(), imported: z.number().int(), unchanged: z.number().int(), rejected: z.number().int(), updated: z.number().int().optional(), stale: z.number().int().optional(),
  settledUpstream: z.number().int().optional(),
  higherBalance: z.number().int().optional(),
  closedMissing: z.number().int().optional(),
  awaitingConfirmation: z.number().int().optional(),
  staleSnapshot: z.number().int().optional(),
});

const jobItemSchema = z.object({
  tenantId: z.string(),
  jobId: z.string(),
  kind: z.enum(fileKinds),
  profile: z.string(),
  file: z.string(),
  source: z.object({ bucket: z.string(), key: z.string(), etag: z.string(), size: z.number().int(), eventTime: z.string().optional() }),
  status: z.enum(['running', 'completed', 'failed', 'duplicate']),
  position: z.object({ offset: z.number().int(), line: z.number().int(), header: z.array(z.string()).optional() }),
  counts: countsSchema,
  rejectParts: z.array(z.number().int()),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  processingMs: z.number(),
  invocations: z.number().int(),
  error: z.object({ code: z.string(), message: z.string(), line: z.number().int().optional() }).optional(),
  duplicateOf: z.object({ key: z.string(), jobId: z.string() }).optional(),
  tallies: z.record(z.string(), z.number()).optional(),
  openItems: z.object({ order: z.string(), state: z.enum(['applying', 'applied', 'awaiting_confirmation', 'too_many', 'stale', 'superseded', 'incomplete']), awaiting: z.array(z.string()).optional() }).optional(),
  leaseToken: z.string().optional(),
  leaseUntil: z.number().optional(),
});

/**
 * Import jobs as one item each, written whole at every checkpoint. Every write is conditional on the
 * writer's lease, so two invocations of the same file (S3 delivers events at least once) cannot both
 * advance it. Leases are real time: they expire with the Lambda that holds them.
 */
export class DynamoImportJobs implements ImportJobs {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async begin(job: ImportJob, lease: Lease) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.importJob(job.tenantId, job.jobId), ...job, leaseToken: lease.token, leaseUntil: lease.until },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { state: 'new' as const, job: structuredClone(job) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const stored = await this.read(job.tenantId, job.jobId);
    if (!stored) throw new Error(`Import job ${job.jobId} vanished`);
    const { leaseToken, leaseUntil, ...existing } = stored;
    if (existing.status !== 'running') return { state: 'finished' as const, job: existing };
    if (leaseToken !== undefined && (leaseUntil ?? 0) > this.now()) return { state: 'busy' as const, job: existing };
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.importJob(job.tenantId, job.jobId),
          UpdateExpression: 'SET leaseToken = :token, leaseUntil = :until',
          ConditionExpression: leaseToken === undefined ? 'attribute_not_exists(leaseToken)' : 'leaseToken = :previous',
          ExpressionAttributeValues: { ':token': lease.token, ':until': lease.until, ...(leaseToken === undefined ? {} : { ':previous': leaseToken }) },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { state: 'busy' as const, job: existing };
      throw error;
    }
    return { state: 'resumed' as const, job: existing };
  }

  async save(job: ImportJob, lease: Lease): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.importJob(job.tenantId, job.jobId), ...job, leaseToken: lease.token, leaseUntil: lease.until },
          ConditionExpression: 'leaseToken = :token',
          ExpressionAttributeValues: { ':token': lease.token },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(job: ImportJob, lease: Lease): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.importJob(job.tenantId, job.jobId),
          UpdateExpression: 'REMOVE leaseToken, leaseUntil',
          ConditionExpression: 'leaseToken = :token',
          ExpressionAttributeValues: { ':token': lease.token },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async claimContent(tenantId: string, contentKey: string, job: Pick<ImportJob, 'jobId' | 'source'>): Promise<{ jobId: string; key: string }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.importedContent(tenantId, contentKey), jobId: job.jobId, key: job.source.key },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { jobId: job.jobId, key: job.source.key };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.importedContent(tenantId, contentKey), ConsistentRead: true }));
    return z.object({ jobId: z.string(), key: z.string() }).parse(Item);
  }

  async get(tenantId: string, jobId: string): Promise<ImportJob | undefined> {
    const stored = await this.read(tenantId, jobId);
    if (!stored) return undefined;
    const { leaseToken: _token, leaseUntil: _until, ...job } = stored;
    return job;
  }

  private async read(tenantId: string, jobId: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.importJob(tenantId, jobId), ConsistentRead: true }));
    return Item ? (jobItemSchema.parse(withoutKeys(Item)) as z.infer<typeof jobItemSchema> & ImportJob) : undefined;
  }
}
