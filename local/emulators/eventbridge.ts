import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { close, listen, readBody, sendJson } from '../http-util.js';
import { freePort } from './free-port.js';

/** An event as EventBridge would hand it to a rule's target. */
export interface ReceivedEvent {
  id: string;
  source: string;
  'detail-type': string;
  time: string;
  eventBusName: string;
  detail: unknown;
}

export interface EventBridgeEmulator {
  endpoint: string;
  /** Every event put so far, oldest first. */
  events(): ReceivedEvent[];
  stop(): Promise<void>;
}

/**
 * The one EventBridge call arflow makes, PutEvents (JSON 1.1, `X-Amz-Target: AWSEvents.PutEvents`),
 * accepting every entry and keeping it in memory for `GET /_local/events`. The real client talks to
 * it through AWS_ENDPOINT_URL_EVENTBRIDGE.
 */
export async function startEventBridge(options: { port?: number } = {}): Promise<EventBridgeEmulator> {
  const received: ReceivedEvent[] = [];
  const server = createServer(async (request, response) => {
    const body = await readBody(request, 1024 * 1024);
    const target = request.headers['x-amz-target'];
    if (body === 'too-large' || target !== 'AWSEvents.PutEvents') {
      return sendJson(response, 400, { __type: 'ValidationException', message: `arflow's local EventBridge only answers PutEvents, not ${String(target)}` }, 'application/x-amz-json-1.1');
    }
    const { Entries = [] } = JSON.parse(body.toString('utf8') || '{}') as { Entries?: { Source: string; DetailType: string; Detail: string; Time?: number | string; EventBusName?: string }[] };
    const results = Entries.map((entry) => {
      const id = randomUUID();
      // The SDK sends Time as epoch seconds.
      const time = entry.Time === undefined ? new Date() : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
      received.push({ id, source: entry.Source, 'detail-type': entry.DetailType, time: time.toISOString(), eventBusName: entry.EventBusName ?? 'default', detail: JSON.parse(entry.Detail) as unknown });
      return { EventId: id };
    });
    sendJson(response, 200, { FailedEntryCount: 0, Entries: results }, 'application/x-amz-json-1.1');
  });
  const port = await listen(server, options.port ?? (await freePort()));
  return { endpoint: `http://127.0.0.1:${port}`, events: () => [...received], stop: () => close(server) };
}
