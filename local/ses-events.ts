import type { AcceptedEmail } from './emulators/ses.js';

type Invoke = (event: unknown) => Promise<unknown>;

/**
 * SES's mailbox simulator addresses, which AWS answers with these events too: a test (or a developer)
 * sends a notice to one of them to watch the deliverability loop.
 */
export const simulatorAddresses = {
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
} as const;

export interface SesEventSource {
  /** Called by the SES emulator for every accepted email. */
  accepted(email: AcceptedEmail): void;
  /** Resolves when every event so far has been handled (or given up on and reported). */
  drain(): Promise<void>;
  /** Every event published so far, as the EventBridge rule's target gets it. */
  events(): unknown[];
}

const RETRIES = 8;
/** Real milliseconds between SES accepting an email and its first event. */
const FIRST_ATTEMPT_DELAY_MS = 10;

/**
 * What SES does for a configuration set with an EventBridge event destination: for each accepted
 * email, a Send event, then Delivery, or a Bounce (Permanent/General) for bounce@simulator…, or a
 * Delivery and a Complaint (abuse) for complaint@simulator…, each shaped like SES's EventBridge events
 * and handed to the same function the CDK app's rule targets. Delivery is asynchronous and retried when
 * the handler throws, as EventBridge → Lambda is.
 */
export function sesEventSource(options: { invoke: Invoke; now: () => Date; onFailure: (error: unknown) => void }): SesEventSource {
  const published: unknown[] = [];
  const pending = new Set<Promise<void>>();

  const deliver = async (event: unknown) => {
    published.push(event);
    for (let attempt = 1; ; attempt++) {
      try {
        await options.invoke(event);
        return;
      } catch (error) {
        // E.g. the message's record is written just after SES accepts it: try again shortly.
        if (attempt >= RETRIES) {
          options.onFailure(error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      }
    }
  };

  return {
    accepted(email) {
      const at = email.headers['X-Arflow-Sent-At'] ?? options.now().toISOString();
      const mail = {
        timestamp: at,
        source: email.from,
        messageId: email.messageId,
        destination: email.to,
        headersTruncated: false,
        tags: {
          ...Object.fromEntries(Object.entries(email.tags).map(([name, value]) => [name, [value]])),
          ...(email.configurationSet ? { 'ses:configuration-set': [email.configurationSet] } : {}),
          'ses:from-domain': [email.from.slice(email.from.lastIndexOf('@') + 1).replace(/>$/, '')],
        },
      };
      const event = (detailType: string, eventType: string, extra: Record<string, unknown>) => ({
        version: '0',
        id: `${email.messageId}-${eventType}`,
        'detail-type': detailType,
        source: 'aws.ses',
        account: '000000000000',
        time: at,
        region: 'us-east-1',
        resources: [],
        detail: { eventType, mail, ...extra },
      });
      const events: unknown[] = [event('Email Sent', 'Send', { send: {} })];
      const bounced = email.to.filter((to) => to.toLowerCase() === simulatorAddresses.bounce);
      const delivered = email.to.filter((to) => to.toLowerCase() !== simulatorAddresses.bounce);
      if (delivered.length > 0) events.push(event('Email Delivered', 'Delivery', { delivery: { timestamp: at, recipients: delivered, processingTimeMillis: 1, smtpResponse: '250 2.6.0 Message received' } }));
      if (bounced.length > 0) {
        events.push(
          event('Email Bounced', 'Bounce', {
            bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: bounced.map((emailAddress) => ({ emailAddress, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' })), timestamp: at, feedbackId: `${email.messageId}-bounce` },
          }),
        );
      }
      const complained = email.to.filter((to) => to.toLowerCase() === simulatorAddresses.complaint);
      if (complained.length > 0) {
        events.push(event('Email Complaint Received', 'Complaint', { complaint: { complainedRecipients: complained.map((emailAddress) => ({ emailAddress })), timestamp: at, feedbackId: `${email.messageId}-complaint`, complaintFeedbackType: 'abuse' } }));
      }
      // An email's events in order, one after another, a moment after the send call has returned (SES
      // publishes asynchronously; sooner, the sender has not yet recorded the message and every first
      // attempt failed and was retried). Emails independently: one chain for all made every email wait
      // behind any whose record was not written yet (a real 25 ms per retry), so under load the events
      // fell far behind the virtual clock.
      const delivery = (async () => {
        await new Promise((resolve) => setTimeout(resolve, FIRST_ATTEMPT_DELAY_MS));
        for (const item of events) await deliver(item);
      })();
      pending.add(delivery);
      void delivery.finally(() => pending.delete(delivery));
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    events: () => [...published],
  };
}
