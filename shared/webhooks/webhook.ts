import * as z from 'zod';
import { businessEventTypes, type BusinessEvent } from '../events/index.js';
import type { SigningSecret } from './signature.js';

/** A webhook's name, the `{name}` of /webhooks/{name}: what the tenant calls the receiving system. */
export const webhookNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1-64 lowercase letters, digits or hyphens, starting with a letter or digit');

/** PUT /webhooks/{name} (admin). */
export const putWebhookRequestSchema = z
  .object({
    url: z.url().max(2048),
    events: z.array(z.enum(businessEventTypes)).min(1).max(businessEventTypes.length),
    enabled: z.boolean().optional(),
  })
  .strict();
export type PutWebhookRequest = z.infer<typeof putWebhookRequestSchema>;

/** A webhook as the API shows it; `secret` only in the answer that created or rotated it. */
export const webhookResponseSchema = z.object({
  name: webhookNameSchema,
  url: z.string(),
  events: z.array(z.enum(businessEventTypes)),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  secret: z.string().startsWith('whsec_').optional(),
  /** During a rotation: until when the previous secret still signs. */
  previousSecretValidUntil: z.iso.datetime().optional(),
});

/** POST /webhooks/{name}/rotate-secret: how long the old secret keeps signing (default 24 h, at most 7 days). */
export const rotateSecretRequestSchema = z.object({ overlapHours: z.number().int().min(0).max(168).default(24) }).strict();

export interface Webhook {
  tenantId: string;
  name: string;
  url: string;
  events: BusinessEvent['type'][];
  enabled: boolean;
  /** The current secret first; a rotated-out one with its `validUntil`. */
  secrets: SigningSecret[];
  createdAt: string;
  updatedAt: string;
}

/** What a delivery sends: the Standard Webhooks payload shape (type, timestamp, data). */
export function payloadOf(event: BusinessEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.at, data: { id: event.id, tenantId: event.tenantId, ...event.detail } });
}

/** Whether a webhook takes an event now. */
export function subscribes(webhook: Webhook, event: BusinessEvent): boolean {
  return webhook.enabled && webhook.tenantId === event.tenantId && webhook.events.includes(event.type);
}
