import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CollectionStep } from './collection-plan.js';
import type { Invoice } from '../invoicing/index.js';
import type { CollectionPolicy, SendingWindow } from '../policies/index.js';
import { customerZone } from '../invoicing/index.js';
import { nextOpening } from '../policies/index.js';

/**
 * Spreads notices over the start of the sending window instead of sending them all at its opening.
 *
 * Every stage falls due at the window's opening hour (09:00 in the customer's zone), so without a
 * spread all invoices of a time zone that have a notice that day wake up in the same second, far past
 * SES's maximum send rate (14 to a few hundred per second per account). Each invoice instead gets a
 * fixed slot: the opening plus an offset derived from its key (tenant and invoice number), uniform over
 * the first `spreadMinutes` of the window. The slot is deterministic, so a restarted workflow plans the
 * same time again, and an invoice's notices always arrive at the same time of day.
 *
 * A notice whose time is already later than its slot that day (a late ingest, a deferral, a resumed
 * pause) goes out at its time: the spread only ever delays a notice, by less than `spreadMinutes`, and
 * never out of the window or onto another day.
 */
export function spreadSendTime(at: Date, key: string, window: SendingWindow, zone: string, spreadMinutes: number): Date {
  const spanSeconds = Math.min(spreadMinutes, (window.endHour - window.startHour) * 60) * 60;
  if (spanSeconds <= 0) return at;
  const local = DateTime.fromJSDate(at, { zone });
  const opening = local.set({ hour: window.startHour, minute: 0, second: 0, millisecond: 0 });
  const slot = opening.plus({ seconds: sendOffsetSeconds(key, spanSeconds) });
  if (slot.toMillis() <= at.getTime()) return at;
  // Only inside the same day's window (a daylight-saving change or a closing day leaves the time as it was).
  const inWindow = nextOpening(slot.toJSDate(), window, zone).getTime() === slot.toMillis() && slot.toISODate() === local.toISODate();
  return inWindow ? slot.toJSDate() : at;
}

/** The key's offset in whole seconds, uniform in [0, spanSeconds): the first 48 bits of its SHA-256. */
export function sendOffsetSeconds(key: string, spanSeconds: number): number {
  const digest = createHash('sha256').update(key).digest();
  return digest.readUIntBE(0, 6) % spanSeconds;
}

/** The key an invoice's notices are spread by. */
export const sendSpreadKey = (tenantId: string, invoiceNumber: string) => `${tenantId}#${invoiceNumber}`;

/**
 * A planned step at its invoice's slot: the steps that email (a reminder, a final notice, an approval
 * request) are spread; waking up to resume or to take the final action is not. The workflow's planner
 * and the policy dry run both apply it, so a preview shows the times the workflow will keep.
 */
export function spreadStep(step: CollectionStep, invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'customer'>, policy: CollectionPolicy, spreadMinutes: number): CollectionStep {
  if (spreadMinutes <= 0 || (step.kind !== 'reminder' && step.kind !== 'final-notice' && step.kind !== 'escalate')) return step;
  const at = spreadSendTime(step.at, sendSpreadKey(invoice.tenantId, invoice.invoiceNumber), policy.sendingWindow, customerZone(invoice, policy), spreadMinutes);
  return at.getTime() === step.at.getTime() ? step : { ...step, at };
}
