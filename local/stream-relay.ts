import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { isRelayed } from '../infra/event-relay.js';

type Invoke = (event: unknown) => Promise<unknown>;

export interface StreamRelay {
  /** Reads every record the stream holds so far and hands it to the relay function; resolves when done. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Background polling is light: a read of `GET /_local/events` catches up at once anyway. */
const POLL_MS = 1000;

/**
 * What the CDK app's DynamoDB event source mapping does (infra/constructs/events.ts), for DynamoDB
 * Local: reads the table's stream, keeps the inserts the same filter keeps, and invokes the relay
 * function with DynamoDB-stream-shaped batches. It polls in the background; `drain()` catches up at
 * once, so a test reading `GET /_local/events` sees every event of what it did.
 */
export function startStreamRelay(options: { endpoint: string; tableName: string; invoke: Invoke; onFailure: (error: unknown) => void }): StreamRelay {
  const client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  /** Shard id → the iterator to read next (null once a closed shard is read to its end). */
  const iterators = new Map<string, string | null>();
  let streamArn: string | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const readAll = async (): Promise<void> => {
    streamArn ??= (await client.send(new ListStreamsCommand({ TableName: options.tableName }))).Streams?.[0]?.StreamArn;
    if (!streamArn) return;
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      iterators.set(shard.ShardId, ShardIterator ?? null);
    }
    for (const [shardId, iterator] of iterators) {
      let next = iterator;
      while (next) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: next, Limit: 1000 }));
        const records = (page.Records ?? []).filter((record) => isRelayed(record as Parameters<typeof isRelayed>[0]));
        if (records.length > 0) await deliver(records);
        next = page.NextShardIterator ?? null;
        iterators.set(shardId, next);
        if ((page.Records ?? []).length === 0) break; // caught up with an open shard
      }
    }
  };

  const deliver = async (records: _Record[]): Promise<void> => {
    const event = { Records: records.map((record) => ({ ...record, eventSourceARN: streamArn })) };
    // Like the event source mapping: a reported failure is retried from that record (here: at once, then given up and reported).
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = (await options.invoke(event)) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
      const failure = result?.batchItemFailures?.[0]?.itemIdentifier;
      if (!failure) return;
      event.Records = event.Records.filter((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0') >= BigInt(failure));
    }
    options.onFailure(new Error(`the relay kept failing from stream record ${event.Records[0]?.dynamodb?.SequenceNumber}`));
  };

  // One reader at a time: a drain waits for the poll in progress, then reads on from where it stopped.
  const drain = (): Promise<void> => {
    running = running.then(readAll).catch(options.onFailure);
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void drain();
  }, POLL_MS);
  timer.unref();

  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      client.destroy();
    },
  };
}
