import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { LocalStack } from '../../../local/stack.js';
import type { ImportReport } from '../../../shared/imports/index.js';

/** Drops files into the local stack's import bucket (s3rver) and reads back what the import wrote. */
export class ImportBucket {
  private readonly s3: S3Client;

  constructor(private readonly stack: LocalStack) {
    this.s3 = new S3Client({ endpoint: stack.endpoints.s3, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  }

  /** Uploads, then waits until the import the upload caused has finished. */
  async drop(key: string, body: string | Buffer): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.stack.importBucket, Key: key, Body: body }));
    await this.stack.importsIdle();
  }

  async text(key: string): Promise<string | undefined> {
    try {
      const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.stack.importBucket, Key: key }));
      return await Body?.transformToString('utf8');
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async report(key: string): Promise<ImportReport> {
    const text = await this.text(key);
    if (text === undefined) throw new Error(`No report at ${key}`);
    return JSON.parse(text) as ImportReport;
  }
}
