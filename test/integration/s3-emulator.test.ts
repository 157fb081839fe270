import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3, type S3Emulator } from '../../local/emulators/s3.js';

/**
 * The import CLI polls a report that the import handler rewrites while it runs. S3 serves either the old
 * or the new object, never a torn one; s3rver truncated the file in place and served what it held at that
 * moment (often nothing), which the CLI reported as "Unexpected end of JSON input".
 */
describe('the local S3 emulator', () => {
  let dir = '';
  let s3rver: S3Emulator;
  let s3: S3Client;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arflow-s3-'));
    s3rver = await startS3({ dataDir: dir, buckets: ['torn'] });
    s3 = new S3Client({ endpoint: s3rver.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  after(async () => {
    s3.destroy();
    await s3rver.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves an object being overwritten whole (old or new), never truncated', async () => {
    const body = (n: number) => JSON.stringify({ version: n, padding: 'x'.repeat(20_000 + (n % 7) * 3_000) });
    await s3.send(new PutObjectCommand({ Bucket: 'torn', Key: 'reports/r.json', Body: body(0) }));
    let writing = true;
    const writer = (async () => {
      try {
        for (let n = 1; n <= 60; n += 1) await s3.send(new PutObjectCommand({ Bucket: 'torn', Key: 'reports/r.json', Body: body(n) }));
      } finally {
        writing = false;
      }
    })();
    const seen = new Set<number>();
    try {
      while (writing) {
        const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'torn', Key: 'reports/r.json' }));
        const text = (await Body?.transformToString('utf8')) ?? '';
        const parsed = JSON.parse(text) as { version: number; padding: string };
        assert.equal(text, body(parsed.version));
        seen.add(parsed.version);
      }
    } finally {
      await writer;
    }
    assert.ok(seen.size > 1, 'the reader saw the object change while it was rewritten');
  });

  it('lists only the objects, not the files a write in progress uses', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'torn', Key: 'reports/other.json', Body: '{}' }));
    const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket: 'torn', Prefix: 'reports/' }));
    assert.deepEqual(Contents?.map((item) => item.Key), ['reports/other.json', 'reports/r.json']);
  });
});
