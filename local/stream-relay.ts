import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { isRelayed } from '../wiring/event-relay.js';

type Invoke = (event: unknown) => Promise<unknown>;
type StreamRecordFilter = (record: Parameters<typeof isRelayed>[0]) => boolean;

export interface StreamRelay {
  /** Reads every record the stream holds so far and hands it to the function; resolves when done. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Background polling is light: a read of `GET /_local/events` catches up at once anyway. */
const POLL_MS = 1000;
/** Immediate redeliveries of a failed batch before the shard waits for the next poll. */
const ATTEMPTS_PER_POLL = 3;

/**
 * What a CDK DynamoDB event source mapping does (infra/constructs/events.ts, workflow-starter.ts), for
 * DynamoDB Local: reads the table's stream, keeps the inserts the mapping's filter keeps (`filter`, the
 * same rule), and invokes the function with DynamoDB-stream-shaped batches. A batch item failure is
 * redelivered from that record, like `reportBatchItemFailures` with unlimited retries: a few times at
 * once, then at every poll, never skipped. It polls in the background; `drain()` catches up at once.
 */
export function startStreamRelay(options: { endpoint: string; tableName: string; invoke: Invoke; onFailure: (error: unknown) => void; filter: StreamRecordFilter }): StreamRelay {
  const { filter } = options;
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
      while (next && !stopped) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: next, Limit: 1000 }));
        const records = (page.Records ?? []).filter((record) => filter(record as Parameters<typeof isRelayed>[0]));
        const failedAt = records.length > 0 ? await deliver(records) : undefined;
        if (failedAt !== undefined) {
          // Stay on the failed record: the next poll delivers it (and what follows) again.
          const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: failedAt }));
          iterators.set(shardId, ShardIterator ?? null);
          break;
        }
        next = page.NextShardIterator ?? null;
        iterators.set(shardId, next);
        if ((page.Records ?? []).length === 0) break; // caught up with an open shard
      }
    }
  };

  /** Invokes the function in batches of up to 100 records (the mappings' batch size); the sequence number to resume at when a batch keeps failing. */
  const deliver = async (records: _Record[]): Promise<string | undefined> => {
    for (let start = 0; start < records.length; start += 100) {
      // Stopping: the rest stays in the stream (a restarted stack reads on), and stop() does not wait for a paced backlog.
      if (stopped) return records[start]?.dynamodb?.SequenceNumber;
      const event = { Records: records.slice(start, start + 100).map((record) => ({ ...asLambdaGetsIt(record), eventSourceARN: streamArn })) };
      let failure: string | undefined;
      let thrown: unknown;
      for (let attempt = 0; attempt < ATTEMPTS_PER_POLL; attempt++) {
        const result = (await options.invoke(event).catch((error: unknown) => ({ thrown: error }))) as { batchItemFailures?: { itemIdentifier: string }[]; thrown?: unknown } | undefined;
        // A thrown invocation fails the whole batch, like a function error under the mapping.
        thrown = result?.thrown;
        failure = thrown !== undefined ? event.Records[0]?.dynamodb?.SequenceNumber : result?.batchItemFailures?.[0]?.itemIdentifier;
        if (!failure) break;
        const from = BigInt(failure);
        event.Records = event.Records.filter((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0') >= from);
      }
      if (failure) {
        options.onFailure(new Error(`${options.tableName} stream: the function kept failing from record ${failure}; retrying at the next poll${thrown === undefined ? '' : `: ${String(thrown)}`}`, { cause: thrown }));
        return failure;
      }
    }
    return undefined;
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

type Value = Record<string, unknown>;

/**
 * The record as Lambda receives it from the event source mapping (the stream's JSON). The Streams SDK
 * client deserializes an empty map `{"M": {}}` to `{}`, which unmarshall rejects ("No value defined");
 * Lambda gets `{"M": {}}`, so that is what the function gets here too.
 */
function asLambdaGetsIt(record: _Record): _Record {
  const fix = (image: Record<string, unknown> | undefined) => (image ? Object.fromEntries(Object.entries(image).map(([name, value]) => [name, attribute(value as Value)])) : image);
  const attribute = (value: Value): Value => {
    if (Object.keys(value).length === 0) return { M: {} };
    if (value['M']) return { M: fix(value['M'] as Record<string, unknown>) };
    if (Array.isArray(value['L'])) return { L: (value['L'] as Value[]).map(attribute) };
    return value;
  };
  if (!record.dynamodb) return record;
  return { ...record, dynamodb: { ...record.dynamodb, ...(record.dynamodb.NewImage ? { NewImage: fix(record.dynamodb.NewImage) as never } : {}), ...(record.dynamodb.OldImage ? { OldImage: fix(record.dynamodb.OldImage) as never } : {}) } };
}
