import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Webhook as Verifier } from 'standardwebhooks';
import type { BusinessEvent } from '../../shared/events/index.js';
import {
  addressProblem,
  attemptDelivery,
  awsDestinationRules,
  checkDestination,
  localDestinationRules,
  maxAttempts,
  newDelivery,
  newSigningSecret,
  putWebhookRequestSchema,
  replay,
  retryHorizonSeconds,
  sendOverHttp,
  type DeliveryDeps,
  type Webhook,
  type WebhookDelivery,
} from '../../shared/webhooks/index.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on loopback that answers the next statuses in turn (then 200) and keeps what it got. */
function receiver(): { start(): Promise<string>; stop(): Promise<void>; received: Received[]; answers: number[] } {
  const received: Received[] = [];
  const answers: number[] = [];
  let server: Server;
  return {
    received,
    answers,
    start: () =>
      new Promise((resolve) => {
        server = createServer((request, response) => {
          let body = '';
          request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          request.on('end', () => {
            received.push({ headers: request.headers, body });
            response.statusCode = answers.shift() ?? 200;
            response.end();
          });
        });
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/arflow`));
      }),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const event: BusinessEvent = { id: 'T#acme#INV#A-1|EVENT#invoice.sent-to-agency:e1', type: 'invoice.sent-to-agency', tenantId: 'acme', at: '2026-12-08T08:00:00.000Z', detail: { invoiceNumber: 'A-1', balance: 12500 } };

const headersOf = (received: Received) => ({ 'webhook-id': String(received.headers['webhook-id']), 'webhook-timestamp': String(received.headers['webhook-timestamp']), 'webhook-signature': String(received.headers['webhook-signature']) });

describe('webhook deliveries (Standard Webhooks) to a local receiver', () => {
  const inbox = receiver();
  let url = '';
  before(async () => {
    url = await inbox.start();
  });
  after(() => inbox.stop());

  const webhookWith = (secrets: Webhook['secrets']): Webhook => ({ tenantId: 'acme', name: 'erp', url, events: ['invoice.sent-to-agency'], enabled: true, secrets, createdAt: event.at, updatedAt: event.at });
  // Real time: the standardwebhooks verifier refuses timestamps more than five minutes from its own clock.
  const deps = (now: () => Date = () => new Date()): DeliveryDeps => ({ clock: { now }, rules: localDestinationRules, resolve: async () => ['127.0.0.1'], send: sendOverHttp });

  it('signs a delivery that the standardwebhooks package verifies, with the event as payload', async () => {
    const secret = newSigningSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const delivered = await attemptDelivery(deps(), webhookWith([{ secret }]), newDelivery(webhookWith([{ secret }]), event));
    assert.equal(delivered.state, 'delivered');
    const got = inbox.received.at(-1)!;
    assert.equal(got.headers['webhook-id'], delivered.deliveryId);
    assert.deepEqual(new Verifier(secret).verify(got.body, headersOf(got)), { type: 'invoice.sent-to-agency', timestamp: event.at, data: { id: event.id, tenantId: 'acme', invoiceNumber: 'A-1', balance: 12500 } });
    assert.throws(() => new Verifier(newSigningSecret()).verify(got.body, headersOf(got)), /No matching signature/);
    assert.throws(() => new Verifier(secret).verify(got.body.replace('12500', '1'), headersOf(got)), /No matching signature/);
  });

  it('signs with both secrets during a rotation overlap and with the new one only after it', async () => {
    const [old, fresh] = [newSigningSecret(), newSigningSecret()];
    const now = new Date();
    const rotating = webhookWith([{ secret: fresh }, { secret: old, validUntil: new Date(now.getTime() + 3_600_000).toISOString() }]);
    await attemptDelivery(deps(() => now), rotating, newDelivery(rotating, event));
    const during = inbox.received.at(-1)!;
    assert.equal(headersOf(during)['webhook-signature'].split(' ').length, 2);
    for (const secret of [old, fresh]) assert.ok(new Verifier(secret).verify(during.body, headersOf(during)), 'either secret verifies');

    const over = webhookWith([{ secret: fresh }, { secret: old, validUntil: new Date(now.getTime() - 1000).toISOString() }]);
    await attemptDelivery(deps(() => now), over, newDelivery(over, event));
    const afterOverlap = inbox.received.at(-1)!;
    assert.ok(new Verifier(fresh).verify(afterOverlap.body, headersOf(afterOverlap)));
    assert.throws(() => new Verifier(old).verify(afterOverlap.body, headersOf(afterOverlap)), /No matching signature/);
  });

  it('retries a receiver that answers 500 with growing delays, with the same webhook-id, until it answers 200', async () => {
    const secret = newSigningSecret();
    const webhook = webhookWith([{ secret }]);
    let now = new Date('2026-12-08T08:00:00.000Z');
    inbox.answers.push(500, 503, 500);
    const before = inbox.received.length;
    let delivery: WebhookDelivery = newDelivery(webhook, event);
    const waits: number[] = [];
    while (delivery.state === 'pending') {
      const previous = now;
      delivery = await attemptDelivery(deps(() => now), webhook, delivery);
      if (delivery.nextAttemptAt) {
        now = new Date(delivery.nextAttemptAt);
        waits.push((now.getTime() - previous.getTime()) / 1000);
      }
    }
    assert.equal(delivery.state, 'delivered');
    assert.deepEqual(delivery.attempts.map((attempt) => attempt.status), [500, 503, 500, 200]);
    assert.deepEqual(waits, [5, 300, 1800]);
    assert.deepEqual(new Set(inbox.received.slice(before).map((got) => got.headers['webhook-id'])), new Set([delivery.deliveryId]));
  });

  it('dead-letters after the retry horizon (over 24 hours) and a replay delivers it with a fresh schedule', async () => {
    const webhook = webhookWith([{ secret: newSigningSecret() }]);
    const start = new Date('2026-12-08T08:00:00.000Z');
    let now = start;
    inbox.answers.push(...Array.from({ length: maxAttempts + 1 }, () => 500));
    let delivery = newDelivery(webhook, event);
    while (delivery.state === 'pending') {
      delivery = await attemptDelivery(deps(() => now), webhook, delivery);
      if (delivery.nextAttemptAt) now = new Date(delivery.nextAttemptAt);
    }
    assert.equal(delivery.state, 'dead');
    assert.equal(delivery.attempts.length, maxAttempts);
    assert.ok(retryHorizonSeconds >= 24 * 3600);
    assert.ok(now.getTime() - start.getTime() >= 24 * 3600 * 1000, 'tried for at least a day');

    delivery = replay(delivery, now);
    delivery = await attemptDelivery(deps(() => now), webhook, delivery); // the last queued 500
    assert.equal(delivery.state, 'pending', 'a replay gets its own schedule');
    delivery = await attemptDelivery(deps(() => new Date(delivery.nextAttemptAt!)), webhook, delivery);
    assert.equal(delivery.state, 'delivered');
  });

  it('refuses a destination whose host resolves to a private address at delivery time, and retries it', async () => {
    const webhook = { ...webhookWith([{ secret: newSigningSecret() }]), url: 'https://hooks.example.com/arflow' };
    const before = inbox.received.length;
    const delivery = await attemptDelivery({ ...deps(), rules: awsDestinationRules, resolve: async () => ['10.1.2.3'] }, webhook, newDelivery(webhook, event));
    assert.equal(delivery.state, 'pending');
    assert.match(delivery.attempts[0]!.error!, /destination refused: hooks\.example\.com resolves to 10\.1\.2\.3 which is a private/);
    assert.equal(inbox.received.length, before, 'nothing was sent');
  });
});

describe('webhook destinations (SSRF)', () => {
  const publicDns = async () => ['93.184.215.14'];
  it('refuses private, loopback, link-local and unique-local addresses on AWS', () => {
    for (const address of ['10.0.0.1', '10.255.1.2', '127.0.0.1', '127.8.8.8', '169.254.169.254', '172.16.0.1', '192.168.1.1', '100.64.0.1', '0.0.0.0', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1', '::']) {
      assert.ok(addressProblem(address, awsDestinationRules), address);
    }
    for (const address of ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '8.8.8.8']) assert.equal(addressProblem(address, awsDestinationRules), undefined, address);
  });

  it('allows loopback locally, but still no private or link-local address', () => {
    for (const address of ['127.0.0.1', '::1']) assert.equal(addressProblem(address, localDestinationRules), undefined, address);
    for (const address of ['10.0.0.1', '169.254.169.254', 'fc00::1']) assert.ok(addressProblem(address, localDestinationRules), address);
  });

  it('checks every address a DNS name resolves to, and only https on AWS', async () => {
    assert.deepEqual(await checkDestination('https://hooks.example.com/x', awsDestinationRules, publicDns), { allowed: true, addresses: ['93.184.215.14'] });
    assert.match(JSON.stringify(await checkDestination('https://rebind.example.com/x', awsDestinationRules, async () => ['93.184.215.14', '169.254.169.254'])), /169\.254\.169\.254 which is a private, link-local or reserved address/);
    assert.match(JSON.stringify(await checkDestination('https://v6.example.com/x', awsDestinationRules, async () => ['fd00::5'])), /fd00::5/);
    assert.match(JSON.stringify(await checkDestination('https://localhost/x', awsDestinationRules, async () => ['127.0.0.1', '::1'])), /loopback/);
    assert.deepEqual(await checkDestination('http://hooks.example.com/x', awsDestinationRules, publicDns), { allowed: false, reason: 'must be an https URL' });
    assert.match(JSON.stringify(await checkDestination('https://[::1]:8443/x', awsDestinationRules, publicDns)), /::1 is a loopback address/);
    assert.match(JSON.stringify(await checkDestination('https://user:pw@hooks.example.com/x', awsDestinationRules, publicDns)), /credentials/);
    assert.match(JSON.stringify(await checkDestination('https://nowhere.invalid/x', awsDestinationRules, async () => Promise.reject(new Error('ENOTFOUND')))), /does not resolve/);
    assert.deepEqual(await checkDestination('http://127.0.0.1:9999/x', localDestinationRules, publicDns), { allowed: true, addresses: ['127.0.0.1'] });
  });

  it('validates a registration body: a URL and known events', () => {
    assert.ok(putWebhookRequestSchema.safeParse({ url: 'https://erp.example.com/hooks', events: ['invoice.created', 'invoice.sent-to-agency'] }).success);
    assert.deepEqual(putWebhookRequestSchema.safeParse({ url: 'https://erp.example.com/hooks', events: ['invoice.exploded'] }).error?.issues[0]?.path, ['events', 0]);
    assert.deepEqual(putWebhookRequestSchema.safeParse({ url: 'not a url', events: ['invoice.created'] }).error?.issues[0]?.path, ['url']);
    assert.equal(putWebhookRequestSchema.safeParse({ url: 'https://erp.example.com/hooks', events: [] }).success, false);
  });
});
