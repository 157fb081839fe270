import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { FileFormatError } from '../file-format-error.js';
import type { ImportFiles } from '../import-ports.js';

/** The import bucket through the S3 API (s3rver locally, through AWS_ENDPOINT_URL_S3). */
export class S3ImportFiles implements ImportFiles {
  constructor(private readonly s3: S3Client) {}

  async open(bucket: string, key: string, etag: string, offset: number): Promise<Readable> {
    try {
      const { Body } = await this.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: quoted(etag), ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) }),
      );
      if (Body === undefined) throw new Error(`GetObject ${key} returned no body`);
      return Body as Readable;
    } catch (error) {
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error instanceof NoSuchKey)) {
        throw new FileFormatError('source_changed', `${key} was replaced or deleted while it was imported; a newer version is imported on its own`);
      }
      throw error;
    }
  }

  async head(bucket: string, key: string): Promise<{ etag: string; size: number } | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { etag: unquoted(head.ETag ?? ''), size: head.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async getText(bucket: string, key: string): Promise<string | undefined> {
    try {
      const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Body === undefined ? undefined : await Body.transformToString('utf8');
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async put(bucket: string, key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: `${contentType}; charset=utf-8` }));
  }

  async delete(bucket: string, key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
}

const quoted = (etag: string) => (etag.startsWith('"') ? etag : `"${etag}"`);
const unquoted = (etag: string) => etag.replace(/^"|"$/g, '');
