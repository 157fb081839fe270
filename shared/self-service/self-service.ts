import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { addDays, calendarDateSchema } from '../kernel/index.js';
import type { Invoice } from '../invoicing/invoice.js';
import type { TimelineEvent } from '../kernel/index.js';
import type { DisputeResolution, DisputeState, PromiseState } from '../invoicing/invoice-state.js';

/**
 * What the debtor can do from a notice, besides paying: say it is paid, dispute it, promise a date,
 * ask for a payment plan. Each notice carries one signed link (per recipient, per notice); the action
 * is chosen on the page. A link acts once per action.
 */
export const customerActions = ['already-paid', 'dispute', 'promise', 'payment-plan'] as const;
export type CustomerAction = (typeof customerActions)[number];

export interface CustomerLink {
  linkId: string;
  tenantId: string;
  invoiceNumber: string;
  /** The notice it came with. */
  stage: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Action → when it was used. */
  used?: Partial<Record<CustomerAction, string>>;
}

/** Customer links stay usable for a month: long enough for an AP clerk's approval round. */
export const CUSTOMER_LINK_DAYS = 30;
/** "I've already paid" pauses reminders this long while finance reconciles. */
export const ALREADY_PAID_PAUSE_DAYS = 7;
/** A promise may name a date at most this far ahead. */
export const MAX_PROMISE_DAYS = 60;

/** What finance sees in GET /disputes. */
export interface DisputeListing {
  disputeId: string;
  invoiceNumber: string;
  customerId: string;
  reason: string;
  openedAt: string;
  balance: number;
  currency: string;
  /** Absent on an open dispute; a resolved one stays stored (so a second resolve is refused) but is not listed. */
  status?: 'resolved';
  resolvedAt?: string;
  resolution?: DisputeResolution;
}

export const disputeFormSchema = z.object({ reason: z.string().trim().min(3, 'please say in a few words what is wrong').max(2000) });
export const promiseFormSchema = z.object({ date: calendarDateSchema });

export type CustomerRequestResult = {
  after: Pick<Invoice, 'pausedUntil' | 'dispute' | 'promise' | 'updatedAt'>;
  events: TimelineEvent[];
  /** Who must hear of it (the account owner, or finance). */
  notify: 'account-owner' | 'finance';
};

/**
 * The invoice after the debtor's request, and the events that record it. Pure; throws a message for
 * the page when the request cannot be honoured (e.g. a promise date in the past).
 */
export function applyCustomerRequest(
  invoice: Invoice,
  request: { action: 'already-paid' } | { action: 'dispute'; reason: string } | { action: 'promise'; date: string } | { action: 'payment-plan' },
  link: Pick<CustomerLink, 'linkId'>,
  now: Date,
  today: string,
): CustomerRequestResult {
  const at = now.toISOString();
  const base = { pausedUntil: invoice.pausedUntil, dispute: invoice.dispute, promise: invoice.promise, updatedAt: at };
  const key = (type: string) => `${type}:${link.linkId}`;
  switch (request.action) {
    case 'already-paid': {
      const pausedUntil = later(invoice.pausedUntil, new Date(now.getTime() + ALREADY_PAID_PAUSE_DAYS * 86_400_000).toISOString());
      return {
        after: { ...base, pausedUntil },
        events: [{ type: 'customer.says-paid', at, key: key('customer.says-paid'), detail: { linkId: link.linkId, pausedUntil, balance: invoice.balance } }],
        notify: 'account-owner',
      };
    }
    case 'dispute': {
      const { dispute, event } = openDispute(invoice, request.reason, now, { linkId: link.linkId });
      return { after: { ...base, dispute }, events: [event], notify: 'account-owner' };
    }
    case 'promise': {
      if (request.date < today) throw new CustomerRequestError('The date is in the past; choose today or a later day.');
      if (request.date > addDays(today, MAX_PROMISE_DAYS)) throw new CustomerRequestError(`Choose a date within ${MAX_PROMISE_DAYS} days; for longer, ask for a payment plan.`);
      const promise: PromiseState = { date: request.date, madeAt: at };
      return {
        after: { ...base, promise },
        events: [{ type: 'promise.made', at, key: key('promise.made'), detail: { date: request.date, linkId: link.linkId, balance: invoice.balance } }],
        notify: 'account-owner',
      };
    }
    case 'payment-plan':
      return {
        after: base,
        events: [{ type: 'payment-plan.requested', at, key: key('payment-plan.requested'), detail: { linkId: link.linkId, balance: invoice.balance } }],
        notify: 'finance',
      };
  }
}

/**
 * Opens a dispute on an invoice: the customer through a notice's link, or finance on the customer's
 * behalf (POST /disputes). Either way the same state and the same `invoice.disputed` event (keyed by
 * the link, or by the dispute for finance, so a retried write stores it once). An invoice has at most
 * one open dispute.
 */
export function openDispute(
  invoice: Pick<Invoice, 'dispute' | 'balance' | 'currency' | 'customer'>,
  reason: string,
  now: Date,
  origin: { linkId: string } | { recordedBy: string },
): { dispute: DisputeState; event: TimelineEvent } {
  if (invoice.dispute?.status === 'open') throw new CustomerRequestError('This invoice is already disputed; finance is looking into it.');
  const at = now.toISOString();
  const dispute: DisputeState = { id: randomUUID(), status: 'open', reason, openedAt: at };
  const source = 'linkId' in origin ? { linkId: origin.linkId, source: 'customer-link' } : { recordedBy: origin.recordedBy, source: 'finance' };
  const key = 'linkId' in origin ? `invoice.disputed:${origin.linkId}` : `invoice.disputed:${dispute.id}`;
  return {
    dispute,
    event: { type: 'invoice.disputed', at, key, detail: { disputeId: dispute.id, reason, ...source, balance: invoice.balance, currency: invoice.currency, customerId: invoice.customer.id } },
  };
}

/** A request the page refuses with a message (the link stays usable). */
export class CustomerRequestError extends Error {}

function later(a: string | undefined, b: string): string {
  return a && a > b ? a : b;
}
