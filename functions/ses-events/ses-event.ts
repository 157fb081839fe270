import * as z from 'zod';
import { sesEventTypes, type DeliveryEvent } from '../../shared/notices/index.js';

const recipient = z.object({ emailAddress: z.string() });

/** The `detail` of SES's EventBridge events (configuration-set event publishing), as far as arflow reads it. */
export const sesEventDetailSchema = z.object({
  eventType: z.string(),
  mail: z.object({
    messageId: z.string().min(1),
    timestamp: z.string(),
    destination: z.array(z.string()).default([]),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: z.array(recipient), timestamp: z.string().optional() }).optional(),
  complaint: z.object({ complainedRecipients: z.array(recipient), complaintFeedbackType: z.string().optional(), timestamp: z.string().optional() }).optional(),
  delivery: z.object({ recipients: z.array(z.string()), timestamp: z.string().optional() }).optional(),
  deliveryDelay: z.object({ delayType: z.string().optional(), delayedRecipients: z.array(recipient), timestamp: z.string().optional() }).optional(),
  reject: z.object({ reason: z.string().optional() }).optional(),
  failure: z.object({ errorMessage: z.string().optional() }).optional(),
  renderingFailure: z.object({ errorMessage: z.string().optional() }).optional(),
});

export const sesEventBridgeEventSchema = z.object({ source: z.literal('aws.ses'), 'detail-type': z.string(), detail: sesEventDetailSchema });

/** An SES event in the domain's terms; undefined for kinds arflow does not track (opens, clicks, subscriptions). */
export function deliveryEventOf(detail: z.infer<typeof sesEventDetailSchema>): DeliveryEvent | undefined {
  const kind = sesEventTypes[detail.eventType];
  if (!kind) return undefined;
  const base = { kind, messageId: detail.mail.messageId, tags: detail.mail.tags };
  switch (kind) {
    case 'bounce':
      return { ...base, at: detail.bounce?.timestamp ?? detail.mail.timestamp, recipients: detail.bounce?.bouncedRecipients.map((r) => r.emailAddress) ?? [], bounceType: detail.bounce?.bounceType, ...(detail.bounce?.bounceSubType ? { bounceSubType: detail.bounce.bounceSubType } : {}) };
    case 'complaint':
      return { ...base, at: detail.complaint?.timestamp ?? detail.mail.timestamp, recipients: detail.complaint?.complainedRecipients.map((r) => r.emailAddress) ?? [], ...(detail.complaint?.complaintFeedbackType ? { complaintFeedbackType: detail.complaint.complaintFeedbackType } : {}) };
    case 'delivery':
      return { ...base, at: detail.delivery?.timestamp ?? detail.mail.timestamp, recipients: detail.delivery?.recipients ?? detail.mail.destination };
    case 'delivery-delay':
      return { ...base, at: detail.deliveryDelay?.timestamp ?? detail.mail.timestamp, recipients: detail.deliveryDelay?.delayedRecipients.map((r) => r.emailAddress) ?? [], ...(detail.deliveryDelay?.delayType ? { reason: detail.deliveryDelay.delayType } : {}) };
    case 'reject':
      return { ...base, at: detail.mail.timestamp, recipients: detail.mail.destination, ...(detail.reject?.reason ? { reason: detail.reject.reason } : {}) };
    case 'rendering-failure': {
      const reason = detail.failure?.errorMessage ?? detail.renderingFailure?.errorMessage;
      return { ...base, at: detail.mail.timestamp, recipients: detail.mail.destination, ...(reason ? { reason } : {}) };
    }
    default:
      return { ...base, at: detail.mail.timestamp, recipients: detail.mail.destination };
  }
}
