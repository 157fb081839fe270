// The webhooks module's only door: signed deliveries of business events to a tenant's HTTPS endpoints.
export { addressProblem, awsDestinationRules, checkDestination, localDestinationRules } from './destination.js';
export type { DestinationRules, DestinationVerdict, ResolveHost } from './destination.js';
export { attemptDelivery, deliveryIdOf, newDelivery, replay } from './delivery.js';
export type { DeliveryAttempt, DeliveryDeps, SendWebhook, WebhookDelivery } from './delivery.js';
export { maxAttempts, nextAttemptAt, retryHorizonSeconds } from './retry-schedule.js';
export { activeSecrets, newSigningSecret, signedHeaders } from './signature.js';
export type { SigningSecret } from './signature.js';
export { payloadOf, putWebhookRequestSchema, rotateSecretRequestSchema, subscribes, webhookNameSchema, webhookResponseSchema } from './webhook.js';
export type { PutWebhookRequest, Webhook } from './webhook.js';
export { resolveWithDns } from './adapters/dns-resolver.js';
export { sendOverHttp } from './adapters/http-sender.js';
