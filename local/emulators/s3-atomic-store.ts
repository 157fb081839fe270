import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The part of s3rver's FilesystemStore (s3rver/lib/stores/filesystem.js) that this file replaces. */
interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5: string): Promise<void>;
  getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<unknown>;
  putObject(object: { bucket: string; key: string; metadata: Record<string, unknown>; content: Buffer | Readable }): Promise<{ size: number; md5: string }>;
}

interface S3ObjectConstructor {
  new (bucket: string, key: string, content: Readable | null, metadata: Record<string, unknown>): { range?: { start: number; end: number } };
}

/**
 * S3 serves an object being overwritten either whole-old or whole-new. s3rver truncates the file in place
 * and reads `content-length` from a separate stat, so a reader racing a writer gets a torn or empty body —
 * the import CLI, polling a report the handler rewrites, failed with "Unexpected end of JSON input".
 * Writes go to a temporary file renamed over the object (atomic on one file system; the name does not end
 * in `._S3rver_object`, so listings skip it), and reads take the length from the file they opened.
 */
export function makeWritesAtomic(store: FilesystemStore, S3Object: S3ObjectConstructor): void {
  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const partial = `${objectPath}.${randomUUID()}.partial`;
    const md5 = createHash('md5');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    try {
      await pipeline(content, measure, createWriteStream(partial));
      await rename(partial, objectPath);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };

  store.getObject = async (bucket, key, options) => {
    const handle = await open(store.getResourcePath(bucket, key, 'object')).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!handle) return null;
    let streaming = false;
    try {
      const [metadata, stats] = await Promise.all([store.getMetadata(bucket, key), handle.stat()]).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [undefined, undefined] as const; // deleted since the open
        throw error;
      });
      if (!metadata || !stats) return null;
      // The length of the file this read holds open, not of whatever the path names by now.
      metadata['content-length'] = stats.size;
      const lastByte = Math.max(0, stats.size - 1);
      const ranged = options !== undefined && (options.start !== undefined || options.end !== undefined);
      const range = { start: options?.start ?? 0, end: Math.min(options?.end ?? Infinity, lastByte) };
      const satisfiable = range.start >= 0 && range.start <= range.end;
      // The stream owns the handle from here and closes it when it ends or is destroyed.
      const content = satisfiable ? createReadStream('', { fd: handle, start: range.start, end: range.end }) : null;
      streaming = content !== null;
      const result = new S3Object(bucket, key, content, metadata);
      if (ranged) result.range = range;
      return result;
    } finally {
      if (!streaming) await handle.close();
    }
  };
}
