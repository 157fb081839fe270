import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { close, listen } from '../http-util.js';
import { freePort } from './free-port.js';

/**
 * Local-only fault injection (never in the CDK app): a pass-through HTTP proxy in front of an
 * emulator that answers with an AWS error instead of forwarding, for the next N matching calls or
 * until a time on the stack's clock. The handlers' real SDK clients see a real AWS error on the wire
 * (and retry it as they would on AWS); no domain code knows about it.
 */
export const faultServices = ['ses', 'dynamodb'] as const;
export type FaultService = (typeof faultServices)[number];

/** The errors each service can be made to answer, as AWS sends them. */
const errorsByService = {
  ses: {
    TooManyRequestsException: 429,
    InternalFailure: 500,
    ServiceUnavailable: 503,
  },
  dynamodb: {
    ProvisionedThroughputExceededException: 400,
    ThrottlingException: 400,
    RequestLimitExceeded: 400,
    InternalServerError: 500,
  },
} as const satisfies Record<FaultService, Record<string, number>>;

export const faultRuleSchema = z
  .object({
    service: z.enum(faultServices),
    error: z.string().min(1),
    /** Only calls to this operation: the DynamoDB action (`UpdateItem`), or SES v2's `SendEmail`. */
    operation: z.string().min(1).max(100).optional(),
    /** Only calls whose request body contains this text, or all of these (e.g. an attribute name and a key of one write). */
    bodyIncludes: z.union([z.string().min(1).max(500), z.array(z.string().min(1).max(500)).min(1).max(10)]).optional(),
    /** Fail this many matching calls, then forward again... */
    count: z.number().int().positive().max(100_000).optional(),
    /** ...or fail every matching call for this many seconds of the stack's clock. */
    forSeconds: z.number().positive().max(366 * 86_400).optional(),
  })
  .strict()
  .refine((rule) => (rule.count === undefined) !== (rule.forSeconds === undefined), { path: ['count'], message: 'give exactly one of count or forSeconds' })
  .refine((rule) => rule.error in errorsByService[rule.service], {
    path: ['error'],
    message: `must be one of: ${Object.entries(errorsByService).map(([service, errors]) => `${service}: ${Object.keys(errors).join(', ')}`).join('; ')}`,
  });
export type FaultRuleInput = z.infer<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Calls this rule failed so far. */
  injected: number;
  /** For `forSeconds`: when it stops (the stack's clock). */
  until?: string;
}

/** The armed rules, shared by the proxies and the `/_local/faults` endpoint. */
export class FaultSwitch {
  private rules: FaultRule[] = [];

  constructor(private readonly nowMs: () => number) {}

  arm(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...faultRuleSchema.parse(input), id: randomUUID(), injected: 0 };
    if (rule.forSeconds !== undefined) rule.until = new Date(this.nowMs() + rule.forSeconds * 1000).toISOString();
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  /** The error to answer instead of forwarding this call, if an armed rule matches it. */
  take(service: FaultService, operation: string, body: string): { status: number; error: string } | undefined {
    const now = this.nowMs();
    const rule = this.rules.find(
      (candidate) =>
        candidate.service === service &&
        (candidate.operation === undefined || candidate.operation === operation) &&
        [candidate.bodyIncludes ?? []].flat().every((text) => body.includes(text)) &&
        (candidate.count === undefined || candidate.injected < candidate.count) &&
        (candidate.until === undefined || now < Date.parse(candidate.until)),
    );
    if (!rule) return undefined;
    rule.injected++;
    return { status: (errorsByService[service] as Record<string, number>)[rule.error]!, error: rule.error };
  }
}

export interface FaultProxy {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts a proxy for one service in front of `target` (an emulator's endpoint). */
export async function startFaultProxy(service: FaultService, target: string, faults: FaultSwitch): Promise<FaultProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`fault proxy: ${error.message}`);
    });
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const fault = faults.take(service, operationOf(service, request), body.toString('utf8'));
    if (fault) return answerError(service, response, fault.status, fault.error);
    await new Promise<void>((resolve, reject) => {
      const forwarded = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: { ...request.headers, host: upstream.host } },
        (reply) => {
          response.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(response);
          reply.once('end', resolve);
          reply.once('error', reject);
        },
      );
      forwarded.once('error', reject);
      forwarded.end(body);
    });
  };
  const port = await listen(server, await freePort());
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => close(server) };
}

function operationOf(service: FaultService, request: IncomingMessage): string {
  if (service === 'dynamodb') return String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
  // SES v2 is REST: the operation is the route.
  if (request.method === 'POST' && request.url?.startsWith('/v2/email/outbound-emails')) return 'SendEmail';
  return `${request.method} ${request.url}`;
}

/** The error as AWS puts it on the wire: JSON 1.0 `__type` for DynamoDB, `x-amzn-ErrorType` for SES v2 (REST-JSON). */
function answerError(service: FaultService, response: ServerResponse, status: number, error: string): void {
  const message = `${error} (injected by the local stack's fault switch)`;
  const body =
    service === 'dynamodb' ? JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${error}`, message }) : JSON.stringify({ message });
  response.writeHead(status, {
    'content-type': service === 'dynamodb' ? 'application/x-amz-json-1.0' : 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': error,
    'x-amzn-requestid': randomUUID(),
  });
  response.end(body);
}
