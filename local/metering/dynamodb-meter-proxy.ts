import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { close, listen } from '../http-util.js';
import type { LocalMeter } from './local-meter.js';

const readOperations = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

interface ConsumedCapacity {
  CapacityUnits?: number;
}

/**
 * A loopback proxy in front of DynamoDB Local that asks for `ReturnConsumedCapacity: TOTAL` on every
 * data-plane request and adds up what DynamoDB Local reports: read request units for reads, write
 * request units for writes (it counts index writes and the doubled units of transactions as DynamoDB
 * does). Responses pass through untouched. A refused conditional write carries no ConsumedCapacity
 * but is billed: it counts 1 WRU (2 per item for a cancelled transaction), the minimum AWS charges.
 * DynamoDB Local does not check signatures, so rewriting the body is harmless here.
 */
export async function startDynamoDbMeterProxy(target: string, meter: LocalMeter): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.').at(-1) ?? '';
      const metered = readOperations.has(operation) || writeOperations.has(operation);
      let body = Buffer.concat(chunks);
      let itemCount = 1;
      if (metered) {
        const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        parsed['ReturnConsumedCapacity'] ??= 'TOTAL';
        if (Array.isArray(parsed['TransactItems'])) itemCount = parsed['TransactItems'].length;
        body = Buffer.from(JSON.stringify(parsed));
      }
      const headers = { ...request.headers, host: upstream.host, 'content-length': String(body.length) };
      const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers, agent }, (answer) => {
        const answerChunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
        answer.on('end', () => {
          const answerBody = Buffer.concat(answerChunks);
          if (metered) record(meter, operation, answer.statusCode ?? 500, answerBody, itemCount);
          response.writeHead(answer.statusCode ?? 500, answer.headers);
          response.end(answerBody);
        });
      });
      forwarded.on('error', (error) => {
        response.destroy(error);
      });
      forwarded.end(body);
    });
  });
  const port = await listen(server, 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await close(server);
      agent.destroy();
    },
  };
}

function record(meter: LocalMeter, operation: string, status: number, body: Buffer, itemCount: number): void {
  const kind = readOperations.has(operation) ? 'read' : 'write';
  let units = 0;
  if (status === 200) {
    // A body that is not JSON would be DynamoDB Local's bug, not ours: count the request, no units.
    const consumed = parseJson<{ ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(body)?.ConsumedCapacity;
    for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) units += entry.CapacityUnits ?? 0;
  } else {
    const type = body.toString('utf8');
    if (type.includes('ConditionalCheckFailedException')) units = 1;
    else if (type.includes('TransactionCanceledException')) units = 2 * itemCount;
  }
  meter.dynamoDbRequest(status === 200 ? operation : `${operation} (refused)`, { read: kind === 'read' ? units : 0, write: kind === 'write' ? units : 0 });
}

function parseJson<T>(body: Buffer): T | undefined {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
