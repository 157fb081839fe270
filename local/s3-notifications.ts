import type { EventEmitter } from 'node:events';
import type S3rver from 's3rver';
import { importPrefixes } from '../shared/imports/index.js';

type Invoke = (event: unknown) => Promise<unknown>;

export interface S3NotificationRouter {
  /** Resolves when every routed event (and its retries) has finished. */
  idle(): Promise<void>;
}

/** Lambda retries a failed asynchronous invocation twice; locally a second apart instead of minutes. */
const RETRIES = 2;
const RETRY_DELAY_MS = 1000;

/**
 * What the CDK app's bucket notifications do (infra/constructs/ingest.ts), for s3rver: ObjectCreated
 * under the same prefixes invokes the import function asynchronously with an S3 event, the key
 * URL-encoded as S3 sends it, retried twice on failure.
 */
export function routeS3Notifications(server: S3rver, invoke: Invoke, onFailure: (error: unknown, key: string) => void): S3NotificationRouter {
  const inFlight = new Set<Promise<void>>();
  // s3rver is an EventEmitter at run time; its type declarations leave that out.
  (server as unknown as EventEmitter).on('event', (event: { Records: { eventName: string; s3: { object: { key: string } } }[] }) => {
    const record = event.Records[0];
    if (!record || !record.eventName.startsWith('ObjectCreated:')) return;
    const key = record.s3.object.key;
    if (!key.startsWith(importPrefixes.incoming) && !key.startsWith(importPrefixes.continuation)) return;
    const awsShaped = structuredClone(event);
    awsShaped.Records[0]!.s3.object.key = encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
    const run = (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await invoke(awsShaped);
          return;
        } catch (error) {
          if (attempt >= RETRIES) return onFailure(error, key);
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
        }
      }
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  });
  return {
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
