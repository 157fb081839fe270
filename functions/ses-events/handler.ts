import { logger, metrics } from '../../shared/kernel/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { recordDeliveryEvent, type DeliveryEventOutcome } from '../../shared/deliverability/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';
import { deliveryEventOf, sesEventBridgeEventSchema } from './ses-event.js';

/**
 * SES's events for the configuration set (an EventBridge rule on the default bus) → the notice's
 * invoices' timelines; hard bounces and complaints suppress the address and open an owner task, and
 * a hard-bounced notice is sent again to the customer's next contact.
 * Throwing makes EventBridge/Lambda retry (e.g. the message's record is not written yet).
 */
export const createHandler = (deps: CollectionDeps) =>
  withObservability<unknown, DeliveryEventOutcome>({ metrics: true }).handler(async (event) => {
    const parsed = sesEventBridgeEventSchema.parse(event);
    const delivery = deliveryEventOf(parsed.detail);
    if (!delivery) return { outcome: 'ignored', reason: `SES event type ${parsed.detail.eventType} is not tracked` };
    const result = await recordDeliveryEvent(deps, delivery);
    if (result.outcome === 'recorded') {
      metrics.addMetric('NoticeDeliveryEvents', 'Count', 1);
      if (result.suppressed.length > 0) {
        metrics.addMetric('ContactsSuppressed', 'Count', result.suppressed.length);
        logger.info('Suppressed contacts after SES event', { kind: delivery.kind, messageId: delivery.messageId, suppressed: result.suppressed });
      }
      if (result.resent?.outcome === 'resent') metrics.addMetric('BouncedNoticesResent', 'Count', 1);
    }
    return result;
  });

export const handler = createHandler(collectionDeps());
