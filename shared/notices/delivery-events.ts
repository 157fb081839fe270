import type { TimelineEventType } from '../kernel/index.js';

/**
 * What SES reports about a sent message (its event publishing: send, delivery, bounce, complaint,
 * reject, delivery delay, rendering failure), reduced to what arflow acts on.
 */
export const deliveryEventKinds = ['send', 'delivery', 'bounce', 'complaint', 'reject', 'delivery-delay', 'rendering-failure'] as const;
export type DeliveryEventKind = (typeof deliveryEventKinds)[number];

export interface DeliveryEvent {
  kind: DeliveryEventKind;
  messageId: string;
  at: string;
  /** The recipients the event is about (all of the message's for send, reject, rendering failure). */
  recipients: string[];
  /** Bounces: Permanent (hard), Transient (soft, e.g. mailbox full), Undetermined. */
  bounceType?: string;
  bounceSubType?: string;
  complaintFeedbackType?: string;
  /** Rejects, rendering failures and delays: SES's reason. */
  reason?: string;
  /** The message's SES tags (`arflow-notice` marks a customer notice). */
  tags: Record<string, string[]>;
}

/** The tag arflow puts on customer notices: their events must find the message's record. */
export const customerNoticeTag = { name: 'arflow-notice', value: 'customer' } as const;

export const timelineTypeOf: Record<DeliveryEventKind, TimelineEventType> = {
  send: 'notice.accepted',
  delivery: 'notice.delivered',
  bounce: 'notice.bounced',
  complaint: 'notice.complained',
  reject: 'notice.rejected',
  'delivery-delay': 'notice.delivery-delayed',
  'rendering-failure': 'notice.rendering-failed',
};

/**
 * A hard bounce or a complaint: the address must never get another notice until a person clears it.
 * A soft bounce (mailbox full, message too large) is left to SES's retries and the next notice.
 */
export function suppressionReasonOf(event: Pick<DeliveryEvent, 'kind' | 'bounceType'>): 'bounce' | 'complaint' | undefined {
  if (event.kind === 'complaint') return 'complaint';
  if (event.kind === 'bounce' && event.bounceType === 'Permanent') return 'bounce';
  return undefined;
}

/** SES's EventBridge detail-types (source `aws.ses`) and the event types inside them. */
export const sesEventTypes: Record<string, DeliveryEventKind> = {
  Send: 'send',
  Delivery: 'delivery',
  Bounce: 'bounce',
  Complaint: 'complaint',
  Reject: 'reject',
  DeliveryDelay: 'delivery-delay',
  'Rendering Failure': 'rendering-failure',
  RenderingFailure: 'rendering-failure',
};
