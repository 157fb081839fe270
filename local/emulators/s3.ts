import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import S3rver from 's3rver';
import { freePort } from './free-port.js';
import { makeWritesAtomic } from './s3-atomic-store.js';

export interface S3Emulator {
  endpoint: string;
  server: S3rver;
  stop(): Promise<void>;
}

/** s3rver, with the given buckets; needs Node's --openssl-legacy-provider for its list paging. */
export async function startS3(options: { dataDir: string; buckets: string[]; port?: number }): Promise<S3Emulator> {
  const port = options.port ?? (await freePort());
  const directory = resolve(options.dataDir);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  // s3rver only knows its own S3RVER key; the handlers sign with the local stack's credentials (`local`).
  const { DUMMY_ACCOUNT } = createRequire(import.meta.url)('s3rver/lib/models/account.js') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
  DUMMY_ACCOUNT.createKeyPair('local', 'local');
  const require = createRequire(import.meta.url);
  makeWritesAtomic((server as unknown as { store: Parameters<typeof makeWritesAtomic>[0] }).store, require('s3rver/lib/models/object.js') as Parameters<typeof makeWritesAtomic>[1]);
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, server, stop: () => server.close() };
}
