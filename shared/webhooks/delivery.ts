import { createHash } from 'node:crypto';
import type { BusinessEvent } from '../events/index.js';
import type { Clock } from '../kernel/index.js';
import { checkDestination, type DestinationRules, type ResolveHost } from './destination.js';
import { maxAttempts, nextAttemptAt } from './retry-schedule.js';
import { activeSecrets, signedHeaders } from './signature.js';
import { payloadOf, type Webhook } from './webhook.js';

/** One attempt, as the delivery log shows it. */
export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status, absent when none answered (refused destination, timeout, network). */
  status?: number;
  error?: string;
}

/** One event on its way to one webhook; `deliveryId` is the Standard Webhooks message id (webhook-id). */
export interface WebhookDelivery {
  deliveryId: string;
  tenantId: string;
  webhookName: string;
  event: BusinessEvent;
  state: 'pending' | 'delivered' | 'dead';
  attempts: DeliveryAttempt[];
  nextAttemptAt?: string;
  /** Attempts made before the last replay: the retry schedule counts the ones after it. */
  replayedAfter?: number;
}

/** Posts a signed body to the checked addresses of a URL (no redirects); answers the status code. */
export type SendWebhook = (request: { url: string; addresses: string[]; headers: Record<string, string>; body: string }) => Promise<number>;

export interface DeliveryDeps {
  clock: Clock;
  rules: DestinationRules;
  resolve: ResolveHost;
  send: SendWebhook;
  /** [0, 1); Math.random in production, 0 in tests. */
  jitter?: () => number;
}

/** The same event for the same webhook always gets the same id, so a receiver drops repeats by it. */
export function deliveryIdOf(webhookName: string, event: BusinessEvent): string {
  return `msg_${createHash('sha256').update(`${webhookName}\n${event.id}`).digest('base64url').slice(0, 32)}`;
}

export function newDelivery(webhook: Webhook, event: BusinessEvent): WebhookDelivery {
  return { deliveryId: deliveryIdOf(webhook.name, event), tenantId: webhook.tenantId, webhookName: webhook.name, event, state: 'pending', attempts: [] };
}

/**
 * One attempt: check the destination now (DNS may have changed since registration), sign with every
 * active secret, post. A 2xx delivers; anything else is retried on the schedule and dead-lettered after
 * its last attempt. Returns the delivery as it is after the attempt; the caller stores it.
 */
export async function attemptDelivery(deps: DeliveryDeps, webhook: Webhook, delivery: WebhookDelivery): Promise<WebhookDelivery> {
  const now = deps.clock.now();
  const attempt: DeliveryAttempt = { at: now.toISOString() };
  const verdict = await checkDestination(webhook.url, deps.rules, deps.resolve);
  if (!verdict.allowed) {
    attempt.error = `destination refused: ${verdict.reason}`;
  } else {
    const body = payloadOf(delivery.event);
    try {
      attempt.status = await deps.send({ url: webhook.url, addresses: verdict.addresses, headers: { 'content-type': 'application/json', ...signedHeaders(delivery.deliveryId, now, body, activeSecrets(webhook.secrets, now)) }, body });
      if (attempt.status < 200 || attempt.status > 299) attempt.error = `the receiver answered ${attempt.status}`;
    } catch (error) {
      attempt.error = (error as Error).message;
    }
  }
  const attempts = [...delivery.attempts, attempt];
  const { nextAttemptAt: _previous, ...rest } = delivery;
  if (attempt.error === undefined) return { ...rest, state: 'delivered', attempts };
  const inSchedule = attempts.length - (delivery.replayedAfter ?? 0);
  const next = inSchedule < maxAttempts ? nextAttemptAt(inSchedule, now, deps.jitter?.() ?? 0) : undefined;
  return next ? { ...rest, state: 'pending', attempts, nextAttemptAt: next.toISOString() } : { ...rest, state: 'dead', attempts };
}

/** A dead-lettered delivery made pending again (POST …/dead-letters/{deliveryId}/replay): a fresh schedule, the same id. */
export function replay(delivery: WebhookDelivery, now: Date): WebhookDelivery {
  return { ...delivery, state: 'pending', nextAttemptAt: now.toISOString(), replayedAfter: delivery.attempts.length };
}
