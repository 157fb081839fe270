import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import sesEmulator from 'aws-ses-v2-local';
import { close, listen, readBody } from '../http-util.js';
import { freePort } from './free-port.js';

export interface SesEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** What the SES emulator accepted: enough to publish the events SES would. */
export interface AcceptedEmail {
  messageId: string;
  from: string;
  to: string[];
  /** The message's SES tags (EmailTags) and the configuration set it named. */
  tags: Record<string, string>;
  configurationSet?: string;
  headers: Record<string, string>;
}

interface SendEmailRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ConfigurationSetName?: string;
  EmailTags?: { Name: string; Value: string }[];
  Content?: { Simple?: { Headers?: { Name: string; Value: string }[] } };
}

/**
 * aws-ses-v2-local (the SES v2 API, an inbox page at its root and every sent email at GET /store),
 * behind a small proxy that tells `onAccepted` about every email SES v2 SendEmail accepted, so the
 * local stack can publish the events SES publishes for a configuration set (local/ses-events.ts).
 */
export async function startSes(options: { port?: number; onAccepted?: (email: AcceptedEmail) => void }): Promise<SesEmulator> {
  const port = options.port ?? (await freePort());
  const upstreamPort = await freePort();
  // A CommonJS package whose default export is the start function.
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const module = sesEmulator as unknown as Start | { default: Start };
  const start = typeof module === 'function' ? module : module.default;
  const upstream: Server = await start({ host: '127.0.0.1', port: upstreamPort });
  // Kept-alive connections to the emulator: fetch's per-request overhead showed in the policy simulator's profile (one request per notice).
  const upstreamAgent = new Agent({ keepAlive: true, maxSockets: 16 });

  const proxy = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request, 50 * 1024 * 1024);
      if (body === 'too-large') {
        response.writeHead(413).end();
        return;
      }
      const forwarded = await forward(upstreamAgent, upstreamPort, request, body);
      const answer = forwarded.body;
      if (request.method === 'POST' && request.url?.startsWith('/v2/email/outbound-emails') && forwarded.ok && options.onAccepted) {
        const sent = JSON.parse(body.toString('utf8')) as SendEmailRequest;
        const { MessageId } = JSON.parse(answer.toString('utf8')) as { MessageId?: string };
        if (MessageId) {
          options.onAccepted({
            messageId: MessageId,
            from: sent.FromEmailAddress ?? '',
            to: [...(sent.Destination?.ToAddresses ?? []), ...(sent.Destination?.CcAddresses ?? []), ...(sent.Destination?.BccAddresses ?? [])],
            tags: Object.fromEntries((sent.EmailTags ?? []).map(({ Name, Value }) => [Name, Value])),
            ...(sent.ConfigurationSetName ? { configurationSet: sent.ConfigurationSetName } : {}),
            headers: Object.fromEntries((sent.Content?.Simple?.Headers ?? []).map(({ Name, Value }) => [Name, Value])),
          });
        }
      }
      response.writeHead(forwarded.status, Object.fromEntries(Object.entries(forwarded.headers).filter(([name]) => !['content-length', 'transfer-encoding', 'content-encoding', 'connection', 'keep-alive'].includes(name))));
      response.end(answer);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(String(error));
    });
  });
  await listen(proxy, port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      upstreamAgent.destroy();
      await close(proxy);
      await close(upstream);
    },
  };
}

/** The request as the SES emulator answers it (the headers that describe the connection dropped). */
function forward(upstreamAgent: Agent, upstreamPort: number, request: IncomingMessage, body: Buffer): Promise<{ status: number; ok: boolean; headers: Record<string, string>; body: Buffer }> {
  const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'content-length', 'connection'].includes(entry[0])));
  return new Promise((resolve, reject) => {
    const upstreamRequest = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, path: request.url ?? '/', method: request.method ?? 'GET', agent: upstreamAgent, headers: { ...headers, ...(body.length > 0 ? { 'content-length': String(body.length) } : {}) } },
      (upstreamResponse) => {
        const chunks: Buffer[] = [];
        upstreamResponse.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamResponse.once('error', reject);
        upstreamResponse.once('end', () => {
          const status = upstreamResponse.statusCode ?? 502;
          const answerHeaders = Object.fromEntries(Object.entries(upstreamResponse.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])));
          resolve({ status, ok: status >= 200 && status < 300, headers: answerHeaders, body: Buffer.concat(chunks) });
        });
      },
    );
    upstreamRequest.once('error', reject);
    upstreamRequest.end(body.length > 0 ? body : undefined);
  });
}
